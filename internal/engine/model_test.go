package engine

import (
	"reflect"
	"testing"

	"github.com/stateaudit/stateaudit/internal/manifest"
)

func TestGoBuildTargets(t *testing.T) {
	f, errs := manifest.Load("svc/Dockerfile", []byte(`FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go mod download && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /bin/api ./cmd/api
RUN go install -tags netgo ./cmd/worker/... && echo done
RUN go build .
RUN go vet ./...
FROM scratch
`))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got := goBuildTargets(f)
	want := []string{"cmd/api", "cmd/worker", "."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("goBuildTargets = %q, want %q", got, want)
	}
}

func TestMentionsHost(t *testing.T) {
	for value, want := range map[string]bool{
		"redis:6379": true, "postgres://u:p@db:5432/x": false, "redis.default.svc.cluster.local:6379": true,
		"http://redis-commander:8081": false, "rediss://redis": true,
	} {
		if got := mentionsHost(value, "redis"); got != want {
			t.Errorf("mentionsHost(%q, redis) = %v, want %v", value, got, want)
		}
	}
}
