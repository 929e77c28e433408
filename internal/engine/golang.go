package engine

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/stateaudit/stateaudit/analyzers"
	"github.com/stateaudit/stateaudit/internal/deploy"
	"github.com/stateaudit/stateaudit/internal/reach"
	"github.com/stateaudit/stateaudit/internal/report"
	"github.com/stateaudit/stateaudit/rules"
)

// LoadMode is what the engine asks go/packages for: syntax and types of the
// audited packages, export data for their dependencies. No analyzer declares
// facts, so dependencies never need syntax (see GOAPI.md).
const LoadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedTypesSizes |
	packages.NeedImports | packages.NeedModule

// goResult is what the Go phase found in one module.
type goResult struct {
	findings []goFinding
	pkgs     []*packages.Package
	errors   []report.Error
	degraded []report.Degraded
	results  map[*analysis.Analyzer][]actionResult
}

type goFinding struct {
	finding rules.Finding
	pkg     string
	// pos and fset place the finding in the module's reference graph.
	pos  token.Pos
	fset *token.FileSet
}

// actionResult is an analyzer's Result on one package, for the engine's
// correlations (the paths localdisk saw written, …).
type actionResult struct {
	Pkg    *packages.Package
	Result any
}

// goEnv is the environment of the go command run by go/packages: never
// download a toolchain or a module, never touch the audited go.mod.
func goEnv(modDir string) []string {
	env := os.Environ()
	set := func(k, v string) {
		if os.Getenv(k) == "" {
			env = append(env, k+"="+v)
		}
	}
	set("GOTOOLCHAIN", "local")
	set("GOPROXY", "off")
	set("GOWORK", "off")
	mode := "-mod=readonly"
	if _, err := os.Stat(filepath.Join(modDir, "vendor", "modules.txt")); err == nil {
		mode = "-mod=vendor"
	}
	env = append(env, "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" "+mode))
	return env
}

// loadModule loads and analyzes the packages matching patterns in one module.
func loadModule(ctx context.Context, absRoot, modDir string, patterns []string, as []*analysis.Analyzer) (*goResult, error) {
	cfg := &packages.Config{
		Context: ctx,
		Mode:    LoadMode,
		Dir:     modDir,
		Env:     goEnv(modDir),
		Tests:   false,
	}
	res := &goResult{results: map[*analysis.Analyzer][]actionResult{}}
	pkgs, err := packages.Load(cfg, patterns...)
	if want, have, ok := newerGoRequired(err); ok {
		// The module asks for a newer Go than the one installed, and the
		// audit never downloads a toolchain: analyse it with this one, from
		// a copy of go.mod outside the tree that asks for this version.
		// Code that uses newer language features type-checks partially.
		var cleanup func()
		pkgs, cleanup, err = loadWithGoVersion(cfg, modDir, have, patterns)
		defer cleanup()
		if err == nil {
			rel := relPath(absRoot, modDir)
			res.degraded = append(res.degraded, report.Degraded{
				Package: "every package of " + rel,
				Reason:  fmt.Sprintf("go.mod requires go %s; analysed with the installed go %s", want, have),
				Module:  rel,
				Fix:     "install Go " + want + " (or set GOTOOLCHAIN=go" + want + " to let the go command fetch it)",
			})
		}
	}
	if err != nil {
		return nil, fmt.Errorf("loading Go packages in %s: %w", relPath(absRoot, modDir), err)
	}
	var roots []*packages.Package
	for _, p := range pkgs {
		classifyErrors(absRoot, p, res)
		if len(p.Syntax) == 0 || p.Types == nil {
			continue
		}
		roots = append(roots, p)
	}
	res.pkgs = roots
	if len(roots) == 0 {
		return res, nil
	}
	graph, err := checker.Analyze(guarded(as), roots, &checker.Options{})
	if err != nil {
		return nil, fmt.Errorf("analyzing %s: %w", relPath(absRoot, modDir), err)
	}
	for _, act := range graph.Roots {
		if act.Err != nil {
			res.errors = append(res.errors, report.Error{File: relPath(absRoot, pkgDir(act.Package)), Message: fmt.Sprintf("analyzer %s: %v", act.Analyzer.Name, act.Err)})
			continue
		}
		if act.Result != nil {
			res.results[act.Analyzer] = append(res.results[act.Analyzer], actionResult{Pkg: act.Package, Result: act.Result})
		}
		for _, d := range act.Diagnostics {
			r, ok := rules.Lookup(d.Category)
			if !ok {
				continue
			}
			pos := act.Package.Fset.Position(d.Pos)
			msg, sev, degraded := analyzers.ParseMessage(d.Message)
			f := rules.NewFinding(r, rules.Location{File: relPath(absRoot, pos.Filename), Line: pos.Line, Column: pos.Column}, msg)
			f.Degraded = degraded
			if sev != 0 {
				f.Severity = sev
			}
			f.Package = act.Package.PkgPath
			for _, rel := range d.Related {
				rp := act.Package.Fset.Position(rel.Pos)
				f.Related = append(f.Related, rules.Related{Location: rules.Location{File: relPath(absRoot, rp.Filename), Line: rp.Line, Column: rp.Column}, Message: rel.Message})
			}
			res.findings = append(res.findings, goFinding{finding: f, pkg: act.Package.PkgPath, pos: d.Pos, fset: act.Package.Fset})
		}
	}
	return res, nil
}

// classifyErrors sorts a package's load errors: syntax errors are input
// errors (exit 2); missing dependencies and the type errors they cause make
// the package degraded but still analysed.
func classifyErrors(absRoot string, p *packages.Package, res *goResult) {
	if len(p.Errors) == 0 {
		return
	}
	degradedReason := ""
	seen := map[string]bool{}
	for _, e := range p.Errors {
		syntax := e.Kind == packages.ParseError || strings.Contains(e.Msg, "syntax error") || strings.Contains(e.Msg, "expected ") && e.Kind != packages.TypeError
		if syntax && e.Pos != "" && e.Pos != "-" {
			// One error per file: the parser's later complaints cascade from the first.
			file, line, col := splitPos(e.Pos)
			if seen[file] {
				continue
			}
			seen[file] = true
			res.errors = append(res.errors, report.Error{File: relPath(absRoot, file), Line: line, Column: col, Message: "syntax error: " + strings.TrimPrefix(e.Msg, "syntax error: ")})
			continue
		}
		if syntax {
			continue // the go command's compile output repeating the parser's errors
		}
		if degradedReason == "" {
			degradedReason = e.Msg
		}
	}
	if degradedReason != "" {
		d := report.Degraded{Package: p.PkgPath, Reason: firstLine(degradedReason)}
		if p.Module != nil && p.Module.Dir != "" {
			d.Module = relPath(absRoot, p.Module.Dir)
			d.Fix = "go mod download"
			if d.Module != "." {
				d.Fix = "cd " + d.Module + " && go mod download"
			}
		}
		res.degraded = append(res.degraded, d)
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// splitPos splits "file:line:col" as go/packages reports positions.
func splitPos(pos string) (string, int, int) {
	parts := strings.Split(pos, ":")
	nums := []int{}
	for len(parts) > 1 {
		n, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil {
			break
		}
		nums = append([]int{n}, nums...)
		parts = parts[:len(parts)-1]
	}
	file := strings.Join(parts, ":")
	line, col := 0, 0
	if len(nums) > 0 {
		line = nums[0]
	}
	if len(nums) > 1 {
		col = nums[1]
	}
	return file, line, col
}

func pkgDir(p *packages.Package) string {
	if len(p.GoFiles) > 0 {
		return filepath.Dir(p.GoFiles[0])
	}
	return p.PkgPath
}

// guarded wraps each analyzer so that a panic in one becomes that action's
// error instead of taking the whole audit down.
func guarded(as []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(as))
	for i, a := range as {
		copied := *a
		run := a.Run
		copied.Run = func(pass *analysis.Pass) (result any, err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("internal error in analyzer %s: %v", a.Name, r)
					result = nil
				}
			}()
			return run(pass)
		}
		out[i] = &copied
	}
	return out
}

// serverImports are packages whose presence, with a serve call, marks a
// package as one that serves network traffic.
var serverImports = map[string]bool{
	"net/http": true, "google.golang.org/grpc": true, "github.com/gin-gonic/gin": true,
	"github.com/labstack/echo/v4": true, "github.com/labstack/echo": true,
	"github.com/gofiber/fiber/v2": true, "github.com/gofiber/fiber/v3": true,
	"github.com/go-chi/chi/v5": true, "github.com/go-chi/chi": true, "github.com/gorilla/mux": true,
	"github.com/valyala/fasthttp": true, "github.com/kataras/iris/v12": true,
	"github.com/beego/beego/v2/server/web": true, "net": true, "github.com/julienschmidt/httprouter": true,
}

var serveCalls = map[string]bool{
	"ListenAndServe": true, "ListenAndServeTLS": true, "Serve": true, "ServeTLS": true,
	"Run": true, "RunTLS": true, "Start": true, "StartTLS": true, "Listen": true, "ListenTLS": true,
	"NewServer": true, "Handle": true, "HandleFunc": true,
}

// serves reports whether a package's own files start or configure a server:
// they import a server package and call one of its serve functions.
func serves(p *packages.Package) bool {
	for _, f := range p.Syntax {
		names := map[string]bool{}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !serverImports[path] {
				continue
			}
			name := analyzers.DefaultImportName(path)
			if imp.Name != nil {
				name = imp.Name.Name
			}
			names[name] = true
		}
		if len(names) == 0 {
			continue
		}
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			if found {
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && serveCalls[sel.Sel.Name] {
				found = true
			}
			return true
		})
		if found {
			return true
		}
	}
	return false
}

// goService is a main package that serves traffic, with the packages of its
// module it reaches and its serving path.
type goService struct {
	name    string
	dir     string // relative to the root
	pkg     *packages.Package
	reaches map[string]bool
	prog    *reach.Program
	// placement is the scope of the main's directory.
	placement deploy.Placement
	// weakName is set when the name came from the module path or a generic
	// directory (the root, cmd/server): a binary name is better.
	weakName bool
	// aliases are names the service had before a better one was found.
	aliases []string
}

// namedLike reports whether a workload or image name names this main: its
// name, a former name, or its directory's.
func (g *goService) namedLike(n string) bool {
	if n == g.name || n == path.Base(g.dir) {
		return true
	}
	for _, a := range g.aliases {
		if n == a {
			return true
		}
	}
	return false
}

// goPrograms is what the Go phase knows of one module's main packages: the
// services among them, and the reference graph that tells their serving
// paths from their one-shot commands.
type goPrograms struct {
	services []*goService
	graph    *reach.Graph
	// tools are main packages that never serve (generators, CLIs).
	tools []string
}

// goServices finds the service mains among the loaded packages: main
// packages that reach a listener (or, when the server is started by a
// framework the graph cannot see into, import a server package and call a
// serve function). Generators and build scripts are never services.
func goServices(absRoot string, pkgs []*packages.Package) *goPrograms {
	byPath := map[string]*packages.Package{}
	for _, p := range pkgs {
		byPath[p.PkgPath] = p
	}
	gp := &goPrograms{graph: reach.Build(pkgs)}
	for _, p := range pkgs {
		if p.Name != "main" {
			continue
		}
		reaches := importReach(p, byPath)
		gp.graph.MarkReached(p, reaches)
		dir := relPath(absRoot, pkgDir(p))
		if isToolDir(dir) {
			gp.tools = append(gp.tools, dir)
			continue
		}
		prog := gp.graph.Program(p, reaches)
		// A main that reaches no listener on the function level is still a
		// service when its own files start a server the graph cannot see
		// into (a framework outside the module); then every function it
		// reaches counts (Program.Coarse).
		isService := prog.Serves() || serves(p)
		if !isService {
			gp.tools = append(gp.tools, dir)
			continue
		}
		name, weak := serviceName(p, dir)
		gp.services = append(gp.services, &goService{name: name, weakName: weak, dir: dir, pkg: p, reaches: reaches, prog: prog})
	}
	sort.Slice(gp.services, func(i, j int) bool { return gp.services[i].dir < gp.services[j].dir })
	sort.Strings(gp.tools)
	return gp
}

// importReach returns the loaded packages p imports, directly or not, and p.
func importReach(p *packages.Package, byPath map[string]*packages.Package) map[string]bool {
	reach := map[string]bool{}
	queue := []string{p.PkgPath}
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		if reach[path] {
			continue
		}
		q, ok := byPath[path]
		if !ok {
			continue
		}
		reach[path] = true
		for imp := range q.Imports {
			if _, local := byPath[imp]; local && !reach[imp] {
				queue = append(queue, imp)
			}
		}
	}
	return reach
}

// isToolDir reports whether a main package's directory is that of a
// generator or build script: under tools/, scripts/ or hack/, or a command
// whose name speaks of generating code or docs (cmd/gen, cmd/protoc-gen-x,
// cmd/codegen, cmd/clidoc).
func isToolDir(dir string) bool {
	segs := strings.Split(dir, "/")
	for _, s := range segs[:len(segs)-1] {
		switch s {
		case "tools", "tool", "scripts", "script", "hack", "build", "gen", "generate", "generator", "codegen":
			return true
		}
	}
	base := strings.ToLower(segs[len(segs)-1])
	switch base {
	case "tools", "scripts", "hack":
		return true
	}
	for _, w := range strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		if w == "gen" || strings.HasSuffix(w, "gen") || strings.HasPrefix(w, "gen") && len(w) > 3 && !strings.HasPrefix(w, "general") {
			return true
		}
		// Documentation generators: clidoc, gendocs, mkdocs.
		if strings.HasSuffix(w, "doc") || strings.HasSuffix(w, "docs") {
			return true
		}
	}
	return false
}

// serviceName names a Go service after its directory: cmd/<name> → name,
// src/frontend → frontend; a main at the module root (or in cmd/ alone) takes
// the module's last meaningful path element — never a major-version suffix
// such as v2. The model may rename it after the binary a Dockerfile builds.
func serviceName(p *packages.Package, dir string) (name string, weak bool) {
	base := filepath.Base(filepath.FromSlash(dir))
	if dir == "." || base == "." || base == "" {
		return moduleName(p), true
	}
	if base == "cmd" || base == "server" || base == "app" {
		// cmd/ alone, or …/server: name the parent; cmd/server names the module.
		parent := filepath.Base(filepath.Dir(filepath.FromSlash(dir)))
		if parent != "." && parent != "" && parent != "cmd" && !isMajorVersion(parent) {
			return parent, false
		}
		return moduleName(p), true
	}
	return base, false
}

// moduleName is the last element of a package's module path (or import
// path) that is not a major version: github.com/filebrowser/filebrowser/v2
// → filebrowser.
func moduleName(p *packages.Package) string {
	mp := p.PkgPath
	if p.Module != nil && p.Module.Path != "" {
		mp = p.Module.Path
	}
	elems := strings.Split(mp, "/")
	for i := len(elems) - 1; i >= 0; i-- {
		if !isMajorVersion(elems[i]) && elems[i] != "" {
			return elems[i]
		}
	}
	return mp
}

func isMajorVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	_, err := strconv.Atoi(s[1:])
	return err == nil
}

// position converts a token position to a report location.
func position(absRoot string, fset *token.FileSet, pos token.Pos) rules.Location {
	p := fset.Position(pos)
	return rules.Location{File: relPath(absRoot, p.Filename), Line: p.Line, Column: p.Column}
}

// newerGoRequired recognises the go command's refusal to load a module that
// requires a newer Go ("go.mod requires go >= 1.27.0 (running go 1.26.8;
// GOTOOLCHAIN=local)") and returns both versions.
func newerGoRequired(err error) (want, have string, ok bool) {
	if err == nil {
		return "", "", false
	}
	msg := err.Error()
	i := strings.Index(msg, "requires go >= ")
	if i < 0 {
		return "", "", false
	}
	rest := msg[i+len("requires go >= "):]
	want, rest, _ = strings.Cut(rest, " ")
	j := strings.Index(rest, "running go ")
	if j < 0 {
		return "", "", false
	}
	have = strings.TrimRight(strings.Fields(rest[j+len("running go "):])[0], ";)")
	return want, have, want != "" && have != ""
}

// loadWithGoVersion loads the packages with a copy of the module's go.mod
// (and go.sum), kept in a temporary directory, whose go directive is the
// installed version and which names no toolchain. The audited tree is
// never written.
func loadWithGoVersion(cfg *packages.Config, modDir, version string, patterns []string) ([]*packages.Package, func(), error) {
	nothing := func() {}
	data, err := os.ReadFile(filepath.Join(modDir, "go.mod"))
	if err != nil {
		return nil, nothing, err
	}
	mf, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return nil, nothing, err
	}
	if err := mf.AddGoStmt(version); err != nil {
		return nil, nothing, err
	}
	mf.DropToolchainStmt()
	out, err := mf.Format()
	if err != nil {
		return nil, nothing, err
	}
	tmp, err := os.MkdirTemp("", "stateaudit-gomod-")
	if err != nil {
		return nil, nothing, err
	}
	cleanup := func() { os.RemoveAll(tmp) }
	if err := os.WriteFile(filepath.Join(tmp, "go.mod"), out, 0o600); err != nil {
		return nil, cleanup, err
	}
	if sum, err := os.ReadFile(filepath.Join(modDir, "go.sum")); err == nil {
		if err := os.WriteFile(filepath.Join(tmp, "go.sum"), sum, 0o600); err != nil {
			return nil, cleanup, err
		}
	}
	c := *cfg
	c.Env = append(append([]string(nil), cfg.Env...), "GOFLAGS="+strings.TrimSpace(envValue(cfg.Env, "GOFLAGS")+" -modfile="+filepath.Join(tmp, "go.mod")))
	pkgs, err := packages.Load(&c, patterns...)
	return pkgs, cleanup, err
}

// envValue returns the last value of key in an environment list.
func envValue(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}
