# stateaudit — see README.md. `make test` is what CI runs.
GO          ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN         := bin/stateaudit
GOFILES      = $(shell git ls-files '*.go' 2>/dev/null | grep -v '/testdata/' || find . -name '*.go' -not -path '*/testdata/*')

.PHONY: all build test fmt-check vet lint docs check-docs bench bench-big fuzz realworld clean

all: build test

build:
	$(GO) build -o $(BIN) .

## test: gofmt check, go vet, every test, and the docs check.
test: fmt-check vet check-docs
	$(GO) test ./...

fmt-check:
	@out=$$(gofmt -l $(GOFILES)); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

## lint: go vet and staticcheck (fetched through the Go module proxy on first use).
lint: vet
	$(GO) run $(STATICCHECK) ./...

## docs: regenerate docs/rules from the rule catalog.
docs:
	$(GO) run . docs --dir docs/rules

## check-docs: fail when docs/rules is stale against the catalog.
check-docs:
	$(GO) run . docs --check --dir docs/rules

## bench: the benchmarks (Go phase vs go/packages floor, manifests vs decode floor).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## fuzz: fuzz the manifest loader for a minute (tests run the seeds only).
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzLoad -fuzztime 60s ./internal/manifest/

## realworld: audit the real-world corpus (testdata/realworld/corpus.tsv, checked
## out under $(STATEAUDIT_CORPUS)) and compare with the recorded verdicts;
## skips when the trees are not there. Not part of make test.
STATEAUDIT_CORPUS ?= $(HOME)/stateaudit-corpus
realworld:
	STATEAUDIT_CORPUS=$(STATEAUDIT_CORPUS) $(GO) test -count=1 -timeout 30m -run TestRealWorld -v ./internal/realworld/ | grep -v '^=== RUN'

clean:
	rm -rf bin
