package processstate

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
)

// site is one call of the package with what the rules need to judge it.
type site struct {
	file   *ast.File
	call   *ast.CallExpr
	stack  []ast.Node // ancestors, outermost first
	callee analysisutil.Callee
}

// parent returns the call's nearest ancestor that is not a parenthesis.
func (s *site) parent() (ast.Node, int) {
	for i := len(s.stack) - 1; i >= 0; i-- {
		if _, ok := s.stack[i].(*ast.ParenExpr); !ok {
			return s.stack[i], i
		}
	}
	return nil, -1
}

// index is built once per package: every call, the method calls made on each
// variable, and what each variable is assigned.
type index struct {
	pass  *analysis.Pass
	files []*ast.File
	sites []*site
	// bySite finds the site of a call expression.
	bySite map[*ast.CallExpr]*site
	// byRecv lists the method calls X.M(...) whose X denotes the variable.
	byRecv map[*types.Var][]*site
	// defs lists the expressions assigned to each variable (":=", "=",
	// var specs, range clauses); for a multi-value assignment every
	// variable on the left gets the one call on the right.
	defs map[*types.Var][]ast.Expr
	// handlerCalled are the functions a handler calls directly.
	handlerCalled map[*types.Func]bool
	// containers are the package's long-lived maps and their writes.
	containers []*analysisutil.Container
}

func newIndex(pass *analysis.Pass) *index {
	ix := &index{
		pass:          pass,
		files:         analysisutil.Files(pass),
		bySite:        map[*ast.CallExpr]*site{},
		byRecv:        map[*types.Var][]*site{},
		defs:          map[*types.Var][]ast.Expr{},
		handlerCalled: analysisutil.HandlerCallees(pass),
		containers:    analysisutil.Containers(pass),
	}
	for _, f := range ix.files {
		analysisutil.WalkStack(f, func(n ast.Node, stack []ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				s := &site{file: f, call: x, stack: append([]ast.Node(nil), stack...)}
				s.callee = analysisutil.CalleeOf(pass, f, x)
				ix.sites = append(ix.sites, s)
				ix.bySite[x] = s
				if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
					if v := ix.varOf(sel.X); v != nil {
						ix.byRecv[v] = append(ix.byRecv[v], s)
					}
				}
			case *ast.AssignStmt:
				ix.assign(x.Lhs, x.Rhs)
			case *ast.ValueSpec:
				lhs := make([]ast.Expr, len(x.Names))
				for i, id := range x.Names {
					lhs[i] = id
				}
				ix.assign(lhs, x.Values)
			case *ast.RangeStmt:
				for _, e := range []ast.Expr{x.Key, x.Value} {
					if v := ix.varOf(e); v != nil {
						ix.defs[v] = append(ix.defs[v], x.X)
					}
				}
			}
			return true
		})
	}
	return ix
}

func (ix *index) assign(lhs, rhs []ast.Expr) {
	for i, l := range lhs {
		v := ix.varOf(l)
		if v == nil {
			continue
		}
		switch {
		case len(lhs) == len(rhs):
			ix.defs[v] = append(ix.defs[v], rhs[i])
		case len(rhs) == 1:
			ix.defs[v] = append(ix.defs[v], rhs[0])
		}
	}
}

// varOf returns the variable or field e denotes, for declarations too.
func (ix *index) varOf(e ast.Expr) *types.Var {
	if e == nil {
		return nil
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		if v, ok := ix.pass.TypesInfo.Defs[id].(*types.Var); ok {
			return v
		}
	}
	return analysisutil.VarOf(ix.pass, e)
}

// storedIn returns the variable or struct field that receives the call's
// result: `v := call`, `var v = call`, `s.f = call`, `T{f: call}`, looking
// through parentheses and `&`. It returns nil when the value is used in place,
// returned or passed on.
func (ix *index) storedIn(s *site) *types.Var {
	var child ast.Node = s.call
	for i := len(s.stack) - 1; i >= 0; i-- {
		switch p := s.stack[i].(type) {
		case *ast.ParenExpr:
			child = p
			continue
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				child = p
				continue
			}
		case *ast.AssignStmt:
			for j, r := range p.Rhs {
				if r == child {
					if len(p.Lhs) == len(p.Rhs) {
						return ix.varOf(p.Lhs[j])
					}
				}
			}
			if len(p.Rhs) == 1 && p.Rhs[0] == child && len(p.Lhs) > 0 {
				return ix.varOf(p.Lhs[0])
			}
		case *ast.ValueSpec:
			for j, r := range p.Values {
				if r == child {
					if len(p.Names) == len(p.Values) {
						return ix.varOf(p.Names[j])
					}
				}
			}
			if len(p.Values) == 1 && p.Values[0] == child && len(p.Names) > 0 {
				return ix.varOf(p.Names[0])
			}
		case *ast.KeyValueExpr:
			if p.Value == child {
				if id, ok := p.Key.(*ast.Ident); ok {
					v, _ := ix.pass.TypesInfo.Uses[id].(*types.Var)
					return v
				}
			}
		}
		return nil
	}
	return nil
}

// methodCalls returns the method calls made on the value of s: chained
// (`cron.New().Start()`) or through the variable it is stored in. tracked
// reports whether the value could be followed at all.
func (ix *index) methodCalls(s *site) (calls []*site, tracked bool) {
	if p, i := s.parent(); p != nil {
		if sel, ok := p.(*ast.SelectorExpr); ok && ast.Unparen(sel.X) == s.call && i > 0 {
			if c, ok := s.stack[i-1].(*ast.CallExpr); ok && c.Fun == sel && ix.bySite[c] != nil {
				return []*site{ix.bySite[c]}, true
			}
		}
	}
	v := ix.storedIn(s)
	if v == nil {
		return nil, false
	}
	return ix.byRecv[v], true
}

// methodName is the selector name of a method call, or "".
func methodName(call *ast.CallExpr) string {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.Ident:
		return f.Name
	}
	return ""
}

// enclosingDecl returns the function declaration on the stack, or nil.
func enclosingDecl(stack []ast.Node) *ast.FuncDecl {
	for _, n := range stack {
		if fn, ok := n.(*ast.FuncDecl); ok {
			return fn
		}
	}
	return nil
}

// requestVars returns the parameters of the request handlers enclosing the
// stack (a closure inside a handler sees its request too), and of a function
// that a handler calls directly. handler names the handler for messages.
func (ix *index) requestVars(s *site) (vars map[*types.Var]bool, handler string) {
	vars = map[*types.Var]bool{}
	info := analysisutil.Enclosing(ix.pass, s.file, s.stack)
	addParams := func(ft *ast.FuncType) {
		if ft.Params == nil {
			return
		}
		for _, f := range ft.Params.List {
			for _, id := range f.Names {
				if v, ok := ix.pass.TypesInfo.Defs[id].(*types.Var); ok {
					vars[v] = true
				}
			}
		}
	}
	decl := enclosingDecl(s.stack)
	for _, n := range s.stack {
		switch fn := n.(type) {
		case *ast.FuncDecl:
			if analysisutil.IsHandler(ix.pass, s.file, fn.Type, fn.Recv) {
				addParams(fn.Type)
				handler = info.Name
			}
		case *ast.FuncLit:
			if analysisutil.IsHandler(ix.pass, s.file, fn.Type, nil) {
				addParams(fn.Type)
				handler = info.Name
			}
		}
	}
	if handler == "" && decl != nil {
		if fn, ok := ix.pass.TypesInfo.Defs[decl.Name].(*types.Func); ok && ix.handlerCalled[fn] {
			addParams(decl.Type)
			handler = info.Name
		}
	}
	return vars, handler
}

// routeSelectors name the parts of a request that say which resource was
// asked for rather than who asked: a key built from them is not per client.
var routeSelectors = map[string]bool{
	"Path": true, "RawPath": true, "EscapedPath": true, "RequestURI": true, "FullPath": true,
	"OriginalURL": true, "Method": true, "Host": true, "Proto": true,
}

// derivedFrom reports whether e uses one of the variables in from, directly
// or through the local assignments that define the variables it uses.
func (ix *index) derivedFrom(e ast.Expr, from map[*types.Var]bool) bool {
	seen := map[*types.Var]bool{}
	var visit func(e ast.Expr, depth int) bool
	visit = func(e ast.Expr, depth int) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if found {
				return false
			}
			if sel, ok := n.(*ast.SelectorExpr); ok && routeSelectors[sel.Sel.Name] {
				return false // the route, not the client: r.URL.Path, c.FullPath()
			}
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := ix.pass.TypesInfo.Uses[id].(*types.Var)
			if !ok {
				return true
			}
			if from[v] {
				found = true
				return false
			}
			if seen[v] || depth >= 4 || v.Parent() == nil || v.Parent() == ix.pass.Pkg.Scope() {
				return true // fields and package variables are not followed
			}
			seen[v] = true
			for _, d := range ix.defs[v] {
				if visit(d, depth+1) {
					found = true
					return false
				}
			}
			return true
		})
		return found
	}
	return visit(e, 0)
}

// lookup finds the site's callee in a table keyed by Callee.Key.
func lookup[T any](table map[string]T, s *site) (T, bool) {
	var zero T
	if !s.callee.Valid() {
		return zero, false
	}
	t, ok := table[s.callee.Key()]
	return t, ok
}

// versions expands "path{,/v2,/v3}.Name"-style families into table keys.
func versions(base string, suffixes []string, names ...string) []string {
	var out []string
	for _, sfx := range suffixes {
		for _, n := range names {
			out = append(out, base+sfx+"."+n)
		}
	}
	return out
}

// storedTypes returns the types of the keys and values put into a sync.Map
// or concurrent map whose element type is not visible.
func (ix *index) storedTypes(c *analysisutil.Container) []types.Type {
	var out []types.Type
	for _, s := range ix.byRecv[c.Obj] {
		switch methodName(s.call) {
		case "Store", "LoadOrStore", "Swap", "Set", "SetIfAbsent", "Upsert", "Put", "Add", "SetWithTTL":
			for _, a := range s.call.Args {
				if t := ix.pass.TypesInfo.TypeOf(a); t != nil {
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// writer names the function that writes a container, for messages.
func writer(w analysisutil.Write) string {
	if w.FromHandler {
		return "handler " + w.Func.Name
	}
	return w.Func.Name
}
