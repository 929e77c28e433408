package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/stateaudit/stateaudit/analyzers" // registers the rules
	"github.com/stateaudit/stateaudit/internal/config"
	"github.com/stateaudit/stateaudit/rules"
)

const full = `# a full example
rules:
  in-process-cache: off
  memory-session-map: warning
  embedded-database: on
exclude:
  - examples/**
  - "**/*_gen.go"
  - ./tools
services:
  - name: frontend
    source: cmd/frontend
    manifests: [k8s/frontend.yaml]
    workload: web
  - name: worker
    workload: worker
backing-images: [my-registry/pg-custom, cockroach]
fail-on: Warning
`

func TestParseFull(t *testing.T) {
	c, err := config.Parse("x.yaml", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	if sev, on := c.Severity("in-process-cache", rules.Warning); on {
		t.Errorf("in-process-cache is on (%s)", sev)
	}
	if sev, on := c.Severity("memory-session-map", rules.Error); !on || sev != rules.Warning {
		t.Errorf("memory-session-map: %s %v, want warning", sev, on)
	}
	if sev, on := c.Severity("embedded-database", rules.Note); !on || sev != rules.Note {
		t.Errorf("embedded-database: %s %v, want its default", sev, on)
	}
	if sev, on := c.Severity("node-local-session-files", rules.Error); !on || sev != rules.Error {
		t.Errorf("unmentioned rule: %s %v", sev, on)
	}
	if len(c.Services) != 2 || c.Services[0].Source != "cmd/frontend" || c.Services[0].Workload != "web" ||
		len(c.Services[0].Manifests) != 1 || c.Services[0].Line != 11 {
		t.Errorf("services: %+v", c.Services)
	}
	if c.FailOn != "warning" || len(c.BackingImages) != 2 {
		t.Errorf("fail-on %q, backing images %v", c.FailOn, c.BackingImages)
	}
}

func TestNilConfig(t *testing.T) {
	var c *config.Config
	if sev, on := c.Severity("x", rules.Note); !on || sev != rules.Note {
		t.Error("a nil config changes severities")
	}
	if c.Excluded("a/b.go") || c.IsBackingImage("postgres") {
		t.Error("a nil config excludes or classifies")
	}
}

func TestExcluded(t *testing.T) {
	c, err := config.Parse("x.yaml", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{
		"examples":             true,
		"examples/a/main.go":   true,
		"./examples/x.yaml":    true,
		"example/x.yaml":       false,
		"zz_gen.go":            true,
		"pkg/api/types_gen.go": true,
		"pkg/api/types.go":     false,
		"tools/gen/main.go":    true,
		"cmd/tools/main.go":    false,
	} {
		if got := c.Excluded(p); got != want {
			t.Errorf("Excluded(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestBackingImages(t *testing.T) {
	c := &config.Config{BackingImages: []string{"my-registry/pg-custom", "cockroach"}}
	for img, want := range map[string]bool{
		"my-registry/pg-custom":                    true,
		"my-registry/pg-custom:15":                 true,
		"docker.io/my-registry/pg-custom@sha256:a": true,
		"cockroachdb/cockroach:v23.1":              true,
		"localhost:5000/cockroach":                 true,
		"cockroach-operator":                       false,
		"other/pg-custom":                          false,
		"nginx":                                    false,
	} {
		if got := c.IsBackingImage(img); got != want {
			t.Errorf("IsBackingImage(%q) = %v, want %v", img, got, want)
		}
	}
}

// TestErrors: every mistake names the file and the line, and unknown keys
// are errors wherever they are.
func TestErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unknown top key", "rules: {}\nexlude: [a]\n", `c.yaml:2: unknown key "exlude" in the configuration`},
		{"unknown service key", "services:\n  - name: a\n    sorce: cmd/a\n", `c.yaml:3: unknown key "sorce" in a service`},
		{"unknown rule", "rules:\n  memory-sesion-map: off\n", `c.yaml:2: unknown rule "memory-sesion-map"`},
		{"bad setting", "rules:\n  memory-session-map: fatal\n", `c.yaml:2: rule memory-session-map: unknown setting "fatal"`},
		{"repeated rule", "rules:\n  memory-session-map: off\n  memory-session-map: on\n", `c.yaml:3: rule "memory-session-map" repeated (first at line 2)`},
		{"repeated key", "fail-on: error\nfail-on: note\n", `c.yaml:2: key "fail-on" repeated (first at line 1)`},
		{"bad glob", "exclude:\n  - a\n  - \"x/[a\"\n", `c.yaml:3: exclude "x/[a": syntax error in pattern`},
		{"absolute glob", "exclude: [/etc]\n", `c.yaml:1: exclude "/etc"`},
		{"exclude scalar", "exclude: examples\n", `c.yaml:1: exclude must be a list`},
		{"service no name", "services:\n  - source: cmd/a\n", `c.yaml:2: a service needs a name`},
		{"service no link", "services:\n  - name: a\n", `c.yaml:2: service a: give at least one of`},
		{"service twice", "services:\n  - {name: a, workload: a}\n  - {name: a, workload: b}\n", `c.yaml:3: service a is listed twice`},
		{"service escapes", "services:\n  - name: a\n    source: ../x\n", `c.yaml:3: path "../x" must be relative`},
		{"bad fail-on", "\n\nfail-on: fatal\n", `c.yaml:3: fail-on: unknown severity "fatal"`},
		{"not a mapping", "- a\n", `c.yaml:1: the configuration must be a mapping`},
		{"two documents", "fail-on: error\n---\nfail-on: note\n", `c.yaml:2: more than one YAML document`},
		{"syntax", "rules:\n  a: [\n", `c.yaml: line `},
		{"unknown scope", "scopes:\n  staging: [deploy/**]\n", `c.yaml:2: unknown scope "staging"`},
		{"scope glob", "scopes:\n  test:\n    - perf\n    - \"x/[a\"\n", `c.yaml:4: scopes.test "x/[a": syntax error in pattern`},
		{"scopes list", "scopes: [test]\n", `c.yaml:1: scopes must be a mapping`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse("c.yaml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestEmpty(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "---\n", "~\n"} {
		c, err := config.Parse("e.yaml", []byte(src))
		if err != nil || c == nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

// TestDefaultParses: the file `stateaudit init` writes is valid, changes
// nothing, and lists every rule.
func TestDefaultParses(t *testing.T) {
	data := config.Default()
	c, err := config.Parse("default.yaml", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if len(c.Rules) != 0 || len(c.Exclude) != 0 || len(c.Services) != 0 || len(c.BackingImages) != 0 || c.FailOn != "" {
		t.Errorf("the default configuration changes something: %+v", c)
	}
	for _, r := range rules.All() {
		if !strings.Contains(string(data), "# "+r.ID+": "+r.Severity.String()+"\n") {
			t.Errorf("the default does not list %s", r.ID)
		}
		// Uncommenting a rule line must give a valid file.
		on := strings.Replace(string(data), "  # "+r.ID+": ", "  "+r.ID+": ", 1)
		if _, err := config.Parse("default.yaml", []byte(on)); err != nil {
			t.Errorf("uncommenting %s: %v", r.ID, err)
		}
	}
	if len(rules.All()) == 0 {
		t.Fatal("no rules registered")
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	if c, err := config.Find(dir); c != nil || err != nil {
		t.Fatalf("no file: %v %v", c, err)
	}
	p := filepath.Join(dir, ".stateaudit.yml")
	if err := os.WriteFile(p, []byte("fail-on: note\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := config.Find(dir)
	if err != nil || c == nil || c.FailOn != "note" || c.Path != p {
		t.Fatalf("Find: %+v %v", c, err)
	}
	if err := os.WriteFile(filepath.Join(dir, config.FileName), []byte("fail-on: note\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := config.Find(dir); err == nil || !strings.Contains(err.Error(), "keep one") {
		t.Errorf("two files: %v", err)
	}
	if _, err := config.Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing file: %v", err)
	}
}

// TestDocsExample: the full example in docs/config.md is a valid
// configuration, so the documentation cannot drift from the parser.
func TestDocsExample(t *testing.T) {
	data, err := os.ReadFile("../../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "```yaml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/config.md has no yaml example")
	}
	c, err := config.Parse("docs/config.md", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rules) == 0 || len(c.Exclude) == 0 || len(c.Services) == 0 || len(c.BackingImages) == 0 || c.FailOn == "" || len(c.Scopes) == 0 {
		t.Errorf("the example does not show every key: %+v", c)
	}
}

func TestScopes(t *testing.T) {
	c, err := config.Parse("c.yaml", []byte("scopes:\n  production: [deploy/staging/**]\n  test:\n    - perf/**\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []config.ScopeGlob{{Glob: "deploy/staging/**", Scope: "production", Line: 2}, {Glob: "perf/**", Scope: "test", Line: 4}}
	if len(c.Scopes) != 2 || c.Scopes[0] != want[0] || c.Scopes[1] != want[1] {
		t.Errorf("scopes = %+v", c.Scopes)
	}
	if !config.MatchGlob("perf/**", "perf/k6/compose.yaml") || config.MatchGlob("perf/**", "deploy/perf.yaml") {
		t.Error("MatchGlob")
	}
}
