package reach_test

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/stateaudit/stateaudit/internal/reach"
)

// loadMod loads the test module: cobra and urfave/cli are small stubs
// replaced in its go.mod, so the test needs no network and no module cache.
func loadMod(t *testing.T) []*packages.Package {
	return loadDir(t, "testdata/mod", true)
}

func loadDir(t *testing.T, rel string, strict bool) []*packages.Package {
	t.Helper()
	dir, err := filepath.Abs(rel)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
			packages.NeedTypesInfo | packages.NeedImports | packages.NeedModule,
		Dir: dir,
		Env: append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local", "CGO_ENABLED=0"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	var out []*packages.Package
	for _, p := range pkgs {
		for _, e := range p.Errors {
			if strict {
				t.Fatalf("%s: %v", p.PkgPath, e)
			}
		}
		out = append(out, p)
	}
	return out
}

// importReach is the set of loaded packages p reaches, with p.
func importReach(p *packages.Package, byPath map[string]*packages.Package) map[string]bool {
	seen := map[string]bool{}
	var visit func(q *packages.Package)
	visit = func(q *packages.Package) {
		if seen[q.PkgPath] {
			return
		}
		seen[q.PkgPath] = true
		for imp := range q.Imports {
			if r, ok := byPath[imp]; ok {
				visit(r)
			}
		}
	}
	visit(p)
	return seen
}

// want is a `// want:serving`, `// want:oneshot:NAME` or `// want:unknown`
// comment: the code before it on the same line must have that reach.
type want struct {
	file string
	line int
	pos  token.Pos
	kind string
	cmd  string
}

// wants reads the want comments of the files under dirs (relative to
// testdata). The position checked is the last character of code on the line,
// which is inside whatever the line declares or runs.
func wants(t *testing.T, pkgs []*packages.Package, dirs ...string) []want {
	t.Helper()
	var out []want
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			tf := p.Fset.File(f.FileStart)
			name := filepath.ToSlash(tf.Name())
			inDir := false
			for _, d := range dirs {
				inDir = inDir || strings.Contains(name, "/testdata/"+d+"/")
			}
			if !inDir {
				continue
			}
			src, err := os.ReadFile(tf.Name())
			if err != nil {
				t.Fatal(err)
			}
			offset := 0
			for i, line := range strings.SplitAfter(string(src), "\n") {
				if c := strings.Index(line, "// want:"); c > 0 {
					code := strings.TrimRight(line[:c], " \t")
					spec := strings.TrimSpace(line[c+len("// want:"):])
					kind, cmd, _ := strings.Cut(spec, ":")
					out = append(out, want{file: filepath.Base(name), line: i + 1, pos: tf.Pos(offset + len(code) - 1), kind: kind, cmd: cmd})
				}
				offset += len(line)
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no want comments under %v", dirs)
	}
	return out
}

func programs(t *testing.T) (*reach.Graph, []*packages.Package, map[string]*reach.Program) {
	pkgs := loadMod(t)
	byPath := map[string]*packages.Package{}
	for _, p := range pkgs {
		byPath[p.PkgPath] = p
	}
	g := reach.Build(pkgs)
	progs := map[string]*reach.Program{}
	for _, p := range pkgs {
		if p.Name == "main" {
			g.MarkReached(p, importReach(p, byPath))
		}
	}
	for _, p := range pkgs {
		if p.Name == "main" {
			progs[strings.TrimPrefix(p.PkgPath, "example.com/reachmod/")] = g.Program(p, importReach(p, byPath))
		}
	}
	return g, pkgs, progs
}

func TestServes(t *testing.T) {
	_, _, progs := programs(t)
	for main, serves := range map[string]bool{"cmd/app": true, "cmd/kongapp": true, "cmd/cliapp": true, "cmd/flagapp": true, "cmd/flagsapp": true, "cmd/tool": false} {
		p := progs[main]
		if p == nil {
			t.Fatalf("no program for %s", main)
		}
		if p.Serves() != serves {
			t.Errorf("%s: Serves() = %v, want %v", main, p.Serves(), serves)
		}
	}
}

func TestServingPath(t *testing.T) {
	_, pkgs, progs := programs(t)
	fset := pkgs[0].Fset
	cases := map[string][]string{
		"cmd/app":      {"mod/cmd/app", "mod/store"},
		"cmd/kongapp":  {"mod/cmd/kongapp"},
		"cmd/cliapp":   {"mod/cmd/cliapp"},
		"cmd/flagapp":  {"mod/cmd/flagapp"},
		"cmd/flagsapp": {"mod/cmd/flagsapp"},
	}
	for main, dirs := range cases {
		for _, w := range wants(t, pkgs, dirs...) {
			got, cmd := progs[main].At(fset, w.pos)
			var kind string
			switch got {
			case reach.Serving:
				kind = "serving"
			case reach.OneShot:
				kind = "oneshot"
			case reach.Elsewhere:
				kind = "elsewhere"
			default:
				kind = "unknown"
			}
			if kind != w.kind || cmd != w.cmd {
				t.Errorf("%s: %s:%d: reach %s %q, want %s %q", main, w.file, w.line, kind, cmd, w.kind, w.cmd)
			}
		}
	}
}

// TestDegradedCommands checks that commands and mode flags are recognised
// from the syntax when the CLI package is missing from the module cache.
func TestDegradedCommands(t *testing.T) {
	pkgs := loadDir(t, "testdata/degraded", false)
	byPath := map[string]*packages.Package{}
	for _, p := range pkgs {
		byPath[p.PkgPath] = p
	}
	g := reach.Build(pkgs)
	var prog *reach.Program
	for _, p := range pkgs {
		if p.Name == "main" {
			g.MarkReached(p, importReach(p, byPath))
			prog = g.Program(p, importReach(p, byPath))
		}
	}
	if prog == nil || !prog.Serves() {
		t.Fatal("the degraded main does not serve")
	}
	for _, w := range wants(t, pkgs, "degraded") {
		got, cmd := prog.At(pkgs[0].Fset, w.pos)
		if got != reach.OneShot || cmd != w.cmd {
			t.Errorf("%s:%d: reach %v %q, want one-shot %q", w.file, w.line, got, cmd, w.cmd)
		}
	}
}
