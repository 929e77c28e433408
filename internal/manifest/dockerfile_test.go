package manifest

import (
	"strings"
	"testing"
)

func TestParseDockerfile(t *testing.T) {
	src := `# syntax=docker/dockerfile:1
FROM golang:1.26 AS build
RUN go build \
    # a comment inside the continuation
    -o /app \
    ./cmd/app
RUN <<EOF
apt-get update
VOLUME /not-an-instruction
EOF

from alpine
  VOLUME ["/data", "/var/log/app"]
VOLUME /cache /tmp/x # trailing words are a comment
volume [ "/broken"
EXPOSE 8080
CMD ["/app"]
`
	f := &File{Path: "Dockerfile"}
	if errs := parseDockerfile(f, []byte(src)); len(errs) > 0 {
		t.Fatalf("unexpected errors: %s", errString(errs))
	}
	// As docker build reads it: a shell-form RUN is one argument, the
	// continuation's comment dropped; a here-document's body follows its
	// RUN; words after # on an instruction line are words (Docker has no
	// trailing comments).
	want := `2:1 FROM [golang:1.26] [AS] [build]
3:1 RUN [go build     -o /app     ./cmd/app]
7:1 RUN [<<EOF] [apt-get update
VOLUME /not-an-instruction
]
12:1 FROM [alpine]
13:3 VOLUME [/data] [/var/log/app]
14:1 VOLUME [/cache] [/tmp/x] [#] [trailing] [words] [are] [a] [comment]
15:1 VOLUME [[] ["/broken"]
16:1 EXPOSE [8080]
17:1 CMD [/app]
`
	if got := dump(f.Directives); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestParseDockerfileEscape(t *testing.T) {
	src := "# escape=`\nFROM mcr.microsoft.com/windows\nVOLUME C:\\data `\n  C:\\logs\n"
	f := &File{Path: "Dockerfile"}
	if errs := parseDockerfile(f, []byte(src)); len(errs) > 0 {
		t.Fatalf("unexpected errors: %s", errString(errs))
	}
	if got := dump(f.Directives); got != "2:1 FROM [mcr.microsoft.com/windows]\n3:1 VOLUME [C:\\data] [C:\\logs]\n" {
		t.Errorf("got\n%s", got)
	}
}

func TestParseDockerfileErrors(t *testing.T) {
	f := &File{Path: "Dockerfile"}
	errs := parseDockerfile(f, []byte("FROM alpine\nVOLUEM /data\nVOLUME\nEXPOSE 80\n"))
	got := errString(errs)
	for _, want := range []string{
		`Dockerfile:2: unknown instruction "VOLUEM"`,
		`Dockerfile:3: VOLUME requires at least one argument`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors: got %q, want %q", got, want)
		}
	}
	if len(f.Directives) != 4 {
		t.Errorf("kept %d instructions, want 4:\n%s", len(f.Directives), dump(f.Directives))
	}
	// A file BuildKit refuses as a whole is one error at its line.
	f = &File{Path: "Dockerfile"}
	if got := errString(parseDockerfile(f, []byte("FROM alpine\nRUN true\nRUN cat <<EOT\nnever closed\n"))); !strings.Contains(got, "Dockerfile:") || !strings.Contains(got, "heredoc") {
		t.Errorf("unterminated here-document: %q", got)
	}
}

func TestLoadDockerfile(t *testing.T) {
	f, errs := Load("svc/Dockerfile", []byte("FROM scratch\nVOLUME /data\n"))
	if len(errs) > 0 || f == nil || f.Format != Dockerfile || len(f.Directives) != 2 {
		t.Fatalf("Load: %v %v", f, errs)
	}
}

func TestDockerfileEmptyExecForm(t *testing.T) {
	for _, src := range []string{"FROM alpine\nCMD []\n", "FROM alpine\nENTRYPOINT [ ]\nCMD [\"sh\"]\n"} {
		if _, errs := Load("Dockerfile", []byte(src)); len(errs) > 0 {
			t.Errorf("%q: %v", src, errs)
		}
	}
	if _, errs := Load("Dockerfile", []byte("FROM alpine\nRUN\n")); len(errs) == 0 {
		t.Error("RUN with nothing to run accepted")
	}
}

func TestDockerignoreIsNotADockerfile(t *testing.T) {
	for _, name := range []string{"Dockerfile.dockerignore", "Dockerfile.dev.dockerignore", "app.Dockerfile.dockerignore"} {
		if IsDockerfileName(name) {
			t.Errorf("%s read as a Dockerfile", name)
		}
	}
	for _, name := range []string{"Dockerfile", "Dockerfile.prod", "api.dockerfile", "Containerfile"} {
		if !IsDockerfileName(name) {
			t.Errorf("%s not read as a Dockerfile", name)
		}
	}
}
