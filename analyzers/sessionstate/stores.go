package sessionstate

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
	"github.com/stateaudit/stateaudit/rules"
)

// MemorySessionStore is a session library left on, or pointed at, its
// in-process memory store.
var MemorySessionStore = rules.Register(&rules.Rule{
	ID:       "memory-session-store",
	Title:    "Session store in process memory",
	Category: rules.Session,
	Characteristics: []rules.Characteristic{
		rules.NoClientSessionState, rules.Scalability, rules.FaultTolerance,
	},
	Practice: rules.ExternalizeState,
	Severity: rules.Error,
	Source:   rules.GoSource,
	Summary:  "Reports session libraries that keep sessions in process memory, either through an explicit memory store or because no other store was configured: scs, gin-contrib/sessions, Fiber, quasoft/memstore, beego, go-session and iris.",
	Rationale: `Most Go session libraries start with an in-memory store so that the first
example works without a database. In production that store is a map inside
one process: a second replica has never heard of the session, so the user is
logged out whenever the load balancer picks another instance, and every
session disappears on a restart, a deploy or an eviction.

Several libraries fall back to memory silently. ` + "`scs.New()`" + ` uses
` + "`memstore`" + ` unless its ` + "`Store`" + ` field is assigned; Fiber's ` + "`session.New`" + `
uses memory unless its ` + "`Config`" + ` names a ` + "`Storage`" + `; go-session needs a
` + "`SetStore`" + ` option; iris needs ` + "`UseDatabase`" + `; beego's provider defaults to
` + "`\"memory\"`" + `. The analyzer reports the constructor call when the store is
never replaced in the package.`,
	Fires: []string{
		"`sm := scs.New()` whose `sm.Store` is never assigned",
		"`memstore.New()` from scs, `memstore.NewStore(key)` from gin-contrib/sessions, `memstore.NewMemStore(key)` from quasoft/memstore",
		"Fiber `session.New()` or `session.New(session.Config{Expiration: time.Hour})` with no `Storage`",
		"beego `session.NewManager(\"memory\", cfg)` and `web.BConfig.WebConfig.Session.SessionOn = true` with the provider left at its default",
		"go-session `session.NewManager()` without `session.SetStore(...)`; iris `sessions.New(cfg)` without `UseDatabase`",
	},
	Quiet: []string{
		"`scs.New()` followed by `sm.Store = redisstore.New(pool)`",
		"Fiber `session.New(session.Config{Storage: redisStorage})`",
		"go-session `session.NewManager(session.SetStore(store))` and iris `sess.UseDatabase(redisDB)`",
		"gorilla `sessions.NewCookieStore` and gin-contrib `cookie.NewStore`, which keep the session in the client's cookie",
		"stores in backing services: scs `redisstore`/`postgresstore`, gin-contrib `redis.NewStore`",
	},
	Remediation: "Store sessions in a backing service every replica reaches (for example scs/redisstore, a Fiber Redis storage or gin-contrib redis), or in a signed client-side cookie.",
})

// LocalSessionStore is a session store that writes to the instance's own
// disk.
var LocalSessionStore = rules.Register(&rules.Rule{
	ID:       "local-session-store",
	Title:    "Session store on node-local disk",
	Category: rules.Session,
	Characteristics: []rules.Characteristic{
		rules.NoClientSessionState, rules.Scalability, rules.FaultTolerance,
	},
	Practice: rules.ExternalizeState,
	Severity: rules.Error,
	Source:   rules.GoSource,
	Summary:  "Reports session stores that keep sessions in files or embedded databases on the instance's own disk.",
	Rationale: `A filesystem or embedded-database session store (a directory of files,
BoltDB, Badger, LevelDB, BuntDB, SQLite) lives on one node. Other replicas
read other files, so a client is logged out whenever its request lands
elsewhere; and a container's disk, or an ` + "`emptyDir`" + `, is gone when the pod
is rescheduled. gorilla's ` + "`NewFilesystemStore(\"\", …)`" + ` even writes to
` + "`os.TempDir()`" + `.

The analyzer reports gorilla ` + "`sessions.NewFilesystemStore`" + `, gin-contrib
` + "`filesystem.NewStore`" + `, the scs ` + "`badgerstore`" + `, ` + "`boltstore`" + `, ` + "`buntdbstore`" + `,
` + "`leveldbstore`" + ` and ` + "`sqlite3store`" + ` constructors, beego's ` + "`\"file\"`" + ` provider and
the iris ` + "`sessiondb/boltdb`" + ` and ` + "`sessiondb/badger`" + ` databases.`,
	Fires: []string{
		"`sessions.NewFilesystemStore(\"\", key)` (gorilla) and `filesystem.NewStore(\"/var/sessions\", key)` (gin-contrib)",
		"`boltstore.New(db)`, `sqlite3store.New(db)` and the other embedded scs stores",
		"beego `session.NewManager(\"file\", cfg)`; iris `boltdb.New(path, 0o600)`",
	},
	Quiet: []string{
		"`sessions.NewCookieStore(key)`: the session travels in the client's cookie",
		"scs `redisstore`, `postgresstore` and the other stores in backing services",
	},
	Remediation: "Move sessions to a backing service such as Redis or a shared database, or into a signed client-side cookie.",
})

// storeScan holds what the store checks need from the whole package: the
// values bound to variables and fields, and the fields set and methods
// called on them.
type storeScan struct {
	pass *analysis.Pass
	// values are the expressions assigned to a variable or field, keyed by
	// bindingKey.
	values map[any][]ast.Expr
	// sets and calls record `x.F = …` and `x.M(…)` by x's bindingKey.
	sets, calls map[any]map[string]bool
	// allSets and allCalls keep every such selector, for values that are not
	// bound to a name.
	allSets, allCalls []*ast.SelectorExpr
}

func checkSessionStores(pass *analysis.Pass) {
	if !importsSessionLibrary(pass) {
		return
	}
	s := newStoreScan(pass)
	for _, file := range analysisutil.Files(pass) {
		analysisutil.WalkStack(file, func(n ast.Node, stack []ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				s.checkCall(file, n, stack)
			case *ast.AssignStmt:
				s.checkBeegoSessionOn(file, n)
			}
			return true
		})
	}
}

// importsSessionLibrary reports whether a file of the package imports a
// package this check knows, so that other packages cost one look at their
// imports.
func importsSessionLibrary(pass *analysis.Pass) bool {
	for _, file := range analysisutil.Files(pass) {
		for _, imp := range file.Imports {
			if path, err := strconv.Unquote(imp.Path.Value); err == nil && storeLibraries[path] {
				return true
			}
		}
	}
	return false
}

func (s *storeScan) checkCall(file *ast.File, call *ast.CallExpr, stack []ast.Node) {
	c := analysisutil.CalleeOf(s.pass, file, call)
	if !c.Valid() {
		return
	}
	if ctor, ok := storeCtors[c.Key()]; ok {
		kind, reason := ctor.kind, ""
		if ctor.check != nil {
			kind, reason = ctor.check(s, call, stack)
		}
		s.report(call, c, kind, reason)
		return
	}
	if arg, ok := storeMiddlewares[c.Key()]; ok && arg < len(call.Args) {
		s.checkMiddlewareStore(call, c, call.Args[arg])
	}
}

// report reports a store call; kind 0 is quiet.
func (s *storeScan) report(call *ast.CallExpr, c analysisutil.Callee, kind storeKind, reason string) {
	rule, where := MemorySessionStore, "in process memory"
	switch kind {
	case inMemory:
	case onDisk:
		rule, where = LocalSessionStore, "on the node's disk"
	default:
		return
	}
	if reason == "" {
		analysisutil.ReportCall(s.pass, rule, call, c, "sessions are kept %s by %s", where, displayName(c))
		return
	}
	analysisutil.ReportCall(s.pass, rule, call, c, "%s keeps sessions %s: %s", displayName(c), where, reason)
}

// checkMiddlewareStore classifies the store handed to a session middleware
// by its type, when the store was not built by a constructor this analyzer
// already reports (a helper, another package).
func (s *storeScan) checkMiddlewareStore(call *ast.CallExpr, c analysisutil.Callee, arg ast.Expr) {
	arg = ast.Unparen(arg)
	if inner, ok := arg.(*ast.CallExpr); ok {
		if _, known := storeCtors[s.calleeOf(inner).Key()]; known {
			return // reported at the constructor
		}
	} else if s.builtByCtor(arg, 0) {
		return
	}
	t := s.pass.TypesInfo.TypeOf(arg)
	path, name := analysisutil.TypePath(t)
	kind := storeTypes[path+"."+name]
	if kind == 0 {
		return
	}
	ts := types.TypeString(t, func(p *types.Package) string { return p.Name() })
	s.report(call, c, kind, "its store is a "+ts)
}

// builtByCtor reports whether a variable or field is assigned from a store
// constructor of the table somewhere in the package.
func (s *storeScan) builtByCtor(e ast.Expr, depth int) bool {
	if depth > 3 {
		return false
	}
	key := s.bindingKey(e)
	if key == nil {
		return false
	}
	for _, v := range s.values[key] {
		v = ast.Unparen(v)
		if call, ok := v.(*ast.CallExpr); ok {
			if _, known := storeCtors[s.calleeOf(call).Key()]; known {
				return true
			}
			continue
		}
		if s.builtByCtor(v, depth+1) {
			return true
		}
	}
	return false
}

func newStoreScan(pass *analysis.Pass) *storeScan {
	s := &storeScan{
		pass:   pass,
		values: map[any][]ast.Expr{},
		sets:   map[any]map[string]bool{},
		calls:  map[any]map[string]bool{},
	}
	mark := func(m map[any]map[string]bool, key any, name string) {
		if key == nil {
			return
		}
		if m[key] == nil {
			m[key] = map[string]bool{}
		}
		m[key][name] = true
	}
	bind := func(lhs ast.Expr, rhs ast.Expr) {
		if key := s.bindingKey(lhs); key != nil {
			s.values[key] = append(s.values[key], rhs)
		}
	}
	for _, file := range analysisutil.Files(pass) {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok {
						mark(s.sets, s.bindingKey(sel.X), sel.Sel.Name)
						s.allSets = append(s.allSets, sel)
					}
					if len(n.Lhs) == len(n.Rhs) {
						bind(lhs, n.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, id := range n.Names {
						bind(id, n.Values[i])
					}
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					if v, ok := pass.TypesInfo.Uses[id].(*types.Var); ok && v.IsField() {
						bind(id, n.Value)
					}
				}
			case *ast.CallExpr:
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
					if _, isPkg := pass.TypesInfo.Uses[identOf(sel.X)].(*types.PkgName); !isPkg {
						mark(s.calls, s.bindingKey(sel.X), sel.Sel.Name)
						s.allCalls = append(s.allCalls, sel)
					}
				}
			}
			return true
		})
	}
	return s
}

// calleeOf resolves a call found anywhere in the package.
func (s *storeScan) calleeOf(call *ast.CallExpr) analysisutil.Callee {
	file := analysisutil.FileOf(s.pass, call.Pos())
	if file == nil {
		return analysisutil.Callee{}
	}
	return analysisutil.CalleeOf(s.pass, file, call)
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// bindingKey names the variable or field an expression denotes: its
// types.Object when known, else its source text (degraded mode, where a
// field of a type from a missing package has no object). It is nil for
// expressions that are not names.
func (s *storeScan) bindingKey(e ast.Expr) any {
	e = ast.Unparen(e)
	if star, ok := e.(*ast.StarExpr); ok {
		e = ast.Unparen(star.X)
	}
	switch e := e.(type) {
	case *ast.Ident:
		if e.Name == "_" {
			return nil
		}
		if obj := s.pass.TypesInfo.ObjectOf(e); obj != nil {
			return obj
		}
		return "expr:" + e.Name
	case *ast.SelectorExpr:
		if v, ok := s.pass.TypesInfo.Uses[e.Sel].(*types.Var); ok {
			return v
		}
		return "expr:" + types.ExprString(e)
	}
	return nil
}

// binding returns the key of the name the call's result is assigned to, or
// the selector applied directly to the result (`f().UseDatabase`).
func (s *storeScan) binding(call *ast.CallExpr, stack []ast.Node) (key any, chained string) {
	var child ast.Node = call
	for i := len(stack) - 1; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr:
			child = p
			continue
		case *ast.AssignStmt:
			if len(p.Lhs) == len(p.Rhs) {
				for j, r := range p.Rhs {
					if r == child {
						return s.bindingKey(p.Lhs[j]), ""
					}
				}
			}
		case *ast.ValueSpec:
			if len(p.Names) == len(p.Values) {
				for j, v := range p.Values {
					if v == child {
						return s.bindingKey(p.Names[j]), ""
					}
				}
			}
		case *ast.KeyValueExpr:
			if p.Value == child {
				if id, ok := p.Key.(*ast.Ident); ok {
					if v, ok := s.pass.TypesInfo.Uses[id].(*types.Var); ok && v.IsField() {
						return v, ""
					}
				}
			}
		case *ast.SelectorExpr:
			if p.X == child {
				return nil, p.Sel.Name
			}
		}
		return nil, ""
	}
	return nil, ""
}

// configuredLater reports whether the value a constructor call returns gets
// its field (or, with method set, its method) name set somewhere in the
// package. A result bound to no name counts as configured when any value of
// type path.typeName (or of unknown type) has it set.
func (s *storeScan) configuredLater(call *ast.CallExpr, stack []ast.Node, name string, method bool, path, typeName string) bool {
	key, chained := s.binding(call, stack)
	if chained == name {
		return true
	}
	idx, all := s.sets, s.allSets
	if method {
		idx, all = s.calls, s.allCalls
	}
	if key != nil {
		return idx[key][name]
	}
	for _, sel := range all {
		if sel.Sel.Name != name {
			continue
		}
		t := s.pass.TypesInfo.TypeOf(sel.X)
		if t == nil || t == types.Typ[types.Invalid] {
			return true
		}
		if p, n := analysisutil.TypePath(t); p == path && n == typeName {
			return true
		}
	}
	return false
}

// displayName is the callee as a reader writes it: package name, dot, name.
func displayName(c analysisutil.Callee) string {
	pkg := analysisutil.DefaultImportName(c.Path)
	if c.Func != nil && c.Func.Pkg() != nil {
		pkg = c.Func.Pkg().Name()
	}
	if c.Recv != "" {
		return fmt.Sprintf("%s.%s.%s", pkg, c.Recv, c.Name)
	}
	return pkg + "." + c.Name
}
