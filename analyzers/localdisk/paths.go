package localdisk

import (
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
)

// maxDepth bounds how many variables, calls and wrapper parameters a path
// is followed through.
const maxDepth = 6

// pathInfo is what the package shows of a path.
type pathInfo struct {
	// path is the constant path, or its constant head when exact is false;
	// "" when nothing is known. A directory head from filepath.Join ends in
	// a slash.
	path  string
	exact bool
	// temp is set for paths in the temporary directory: os.TempDir(),
	// os.MkdirTemp, os.CreateTemp, or a constant under /tmp.
	temp bool
}

func exactPath(s string) pathInfo { return pathInfo{path: s, exact: true, temp: isTemp(s)} }

func prefixPath(s string) pathInfo {
	if s == "" {
		return pathInfo{}
	}
	return pathInfo{path: s, temp: isTemp(s)}
}

func isTemp(s string) bool { return s == "/tmp" || strings.HasPrefix(s, "/tmp/") }

// scratch reports whether writing at p keeps nothing: the temporary
// directory, or a device or kernel file system (/dev/null, /dev/stdout).
func (p pathInfo) scratch() bool {
	if p.temp {
		return true
	}
	for _, dir := range []string{"/dev/", "/proc/", "/sys/"} {
		if strings.HasPrefix(p.path, dir) {
			return true
		}
	}
	return false
}

// display is the path as reported: a Join head without its final slash.
func (p pathInfo) display() string {
	if !p.exact && len(p.path) > 1 {
		return strings.TrimSuffix(p.path, "/")
	}
	return p.path
}

func trimSlash(s string) string {
	if len(s) > 1 {
		return strings.TrimSuffix(s, "/")
	}
	return s
}

// index holds what path resolution needs to know about the package: every
// value assigned to each variable, field assignments, declared types,
// parameters and the call sites of the package's own functions.
type index struct {
	pass     *analysis.Pass
	values   map[*types.Var][]value
	fields   map[*types.Var][]fieldSet
	declType map[*types.Var]ast.Expr
	params   map[*types.Var]param
	calls    map[*types.Func][]*ast.CallExpr
	uses     map[*types.Func]int
	// resolved memoizes paramPath; an entry in progress is the zero
	// pathInfo, which also stops recursion through recursive functions.
	resolved map[*types.Var]pathInfo
	// handlerCalled are the functions a request handler calls directly,
	// computed on first use.
	handlerCalled map[*types.Func]bool
}

// value is one assignment to a variable; expr is nil when the value cannot
// be read (a range variable, a variable whose address is taken). index is
// the position in a tuple-valued call, -1 for single values. op is the
// operator of a compound assignment (mode |= os.O_APPEND), 0 for = and :=.
type value struct {
	expr  ast.Expr
	index int
	op    token.Token
}

// fieldSet is an assignment v.name = expr.
type fieldSet struct {
	name string
	expr ast.Expr
}

// param is the i-th parameter of fn.
type param struct {
	fn       *types.Func
	i        int
	variadic bool
}

func newIndex(pass *analysis.Pass) *index {
	x := &index{
		pass:     pass,
		values:   map[*types.Var][]value{},
		fields:   map[*types.Var][]fieldSet{},
		declType: map[*types.Var]ast.Expr{},
		params:   map[*types.Var]param{},
		calls:    map[*types.Func][]*ast.CallExpr{},
		uses:     map[*types.Func]int{},
		resolved: map[*types.Var]pathInfo{},
	}
	for _, f := range analysisutil.Files(pass) {
		x.add(f)
	}
	return x
}

func (x *index) add(file *ast.File) {
	info := x.pass.TypesInfo
	handled := map[ast.Node]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			single := n.Tok == token.ASSIGN || n.Tok == token.DEFINE
			for i, lhs := range n.Lhs {
				switch {
				case !single && len(n.Lhs) == 1 && len(n.Rhs) == 1:
					x.compound(lhs, n.Rhs[0], n.Tok)
				case !single:
					x.assign(lhs, nil, -1)
				case len(n.Lhs) == len(n.Rhs):
					x.assign(lhs, n.Rhs[i], -1)
				case len(n.Rhs) == 1:
					x.assign(lhs, n.Rhs[0], i)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if v, ok := info.Defs[id].(*types.Var); ok && n.Type != nil {
					x.declType[v] = n.Type
				}
				switch {
				case len(n.Values) == len(n.Names):
					x.assign(id, n.Values[i], -1)
				case len(n.Values) == 1:
					x.assign(id, n.Values[0], i)
				}
			}
		case *ast.RangeStmt:
			x.assign(n.Key, nil, -1)
			x.assign(n.Value, nil, -1)
		case *ast.Field:
			for _, id := range n.Names {
				if v, ok := info.Defs[id].(*types.Var); ok {
					x.declType[v] = n.Type
				}
			}
		case *ast.FuncDecl:
			fn, _ := info.Defs[n.Name].(*types.Func)
			if fn == nil || n.Type.Params == nil {
				break
			}
			i := 0
			for _, fld := range n.Type.Params.List {
				_, variadic := fld.Type.(*ast.Ellipsis)
				for _, id := range fld.Names {
					if v, ok := info.Defs[id].(*types.Var); ok {
						x.params[v] = param{fn: fn, i: i, variadic: variadic}
					}
					i++
				}
				if len(fld.Names) == 0 {
					i++
				}
			}
		case *ast.CallExpr:
			var id *ast.Ident
			switch f := ast.Unparen(n.Fun).(type) {
			case *ast.Ident:
				id = f
			case *ast.SelectorExpr:
				id = f.Sel
			}
			if fn, ok := info.Uses[id].(*types.Func); ok && fn.Pkg() == x.pass.Pkg {
				x.calls[fn] = append(x.calls[fn], n)
			}
			// flag.StringVar(&dir, name, value, usage) assigns its default.
			if fn := typeutil.StaticCallee(info, n); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "flag" &&
				fn.Name() == "StringVar" && len(n.Args) == 4 {
				if u, ok := ast.Unparen(n.Args[0]).(*ast.UnaryExpr); ok && u.Op == token.AND {
					handled[u] = true
					x.assign(u.X, n.Args[2], -1)
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && !handled[n] {
				x.assign(n.X, nil, -1) // the address escapes: any value may be stored
			}
		case *ast.Ident:
			if fn, ok := info.Uses[n].(*types.Func); ok && fn.Pkg() == x.pass.Pkg {
				x.uses[fn]++
			}
		}
		return true
	})
}

// assign records that lhs is given rhs.
func (x *index) assign(lhs, rhs ast.Expr, i int) {
	switch l := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		if v := x.varOf(l); v != nil {
			x.values[v] = append(x.values[v], value{expr: rhs, index: i})
		}
	case *ast.SelectorExpr:
		if id, ok := ast.Unparen(l.X).(*ast.Ident); ok {
			if v := x.varOf(id); v != nil && rhs != nil {
				x.fields[v] = append(x.fields[v], fieldSet{name: l.Sel.Name, expr: rhs})
			}
		}
	}
}

// compound records lhs op= rhs, which keeps the earlier values of lhs and
// adds to them: only open flags are read through it.
func (x *index) compound(lhs, rhs ast.Expr, op token.Token) {
	if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
		if v := x.varOf(id); v != nil {
			x.values[v] = append(x.values[v], value{expr: rhs, index: -1, op: op})
		}
	}
}

func (x *index) varOf(id *ast.Ident) *types.Var {
	if id == nil || id.Name == "_" {
		return nil
	}
	v, _ := x.pass.TypesInfo.ObjectOf(id).(*types.Var)
	return v
}

// argPath resolves the i-th argument of call.
func (x *index) argPath(call *ast.CallExpr, i int) pathInfo {
	if i >= len(call.Args) {
		return pathInfo{}
	}
	return x.pathOf(call.Args[i], 0)
}

// pathOf resolves the path an expression denotes, as far as the package
// shows it.
func (x *index) pathOf(e ast.Expr, depth int) pathInfo {
	if e == nil || depth > maxDepth {
		return pathInfo{}
	}
	e = ast.Unparen(e)
	if s, ok := analysisutil.ConstString(x.pass, e); ok {
		return exactPath(s)
	}
	switch e := e.(type) {
	case *ast.StarExpr:
		return x.pathOf(e.X, depth+1)
	case *ast.Ident:
		return x.varPath(e, depth)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return pathInfo{}
		}
		l := x.pathOf(e.X, depth+1)
		if !l.exact {
			return l
		}
		r := x.pathOf(e.Y, depth+1)
		if r.exact {
			return exactPath(l.path + r.path)
		}
		return prefixPath(l.path + r.path)
	case *ast.CallExpr:
		return x.callPath(e, depth)
	}
	return pathInfo{}
}

// varPath follows a variable to the one value it is given, or a wrapper's
// parameter to the one path its callers pass.
func (x *index) varPath(id *ast.Ident, depth int) pathInfo {
	v := x.varOf(id)
	if v == nil {
		return pathInfo{}
	}
	vals := x.values[v]
	if len(vals) == 1 && vals[0].expr != nil && vals[0].index <= 0 && vals[0].op == 0 {
		return x.pathOf(vals[0].expr, depth+1)
	}
	if p, ok := x.params[v]; ok && len(vals) == 0 {
		if got, done := x.resolved[v]; done {
			return got
		}
		x.resolved[v] = pathInfo{}
		got := x.paramPath(p, depth)
		x.resolved[v] = got
		return got
	}
	return pathInfo{}
}

// paramPath resolves a parameter of an unexported function of the package
// whose call sites, all visible, pass the same path.
func (x *index) paramPath(p param, depth int) pathInfo {
	sites := x.calls[p.fn]
	if p.fn.Exported() || p.variadic || len(sites) == 0 || x.uses[p.fn] != len(sites) {
		return pathInfo{}
	}
	var got pathInfo
	for i, call := range sites {
		if p.i >= len(call.Args) || call.Ellipsis.IsValid() {
			return pathInfo{}
		}
		q := x.pathOf(call.Args[p.i], depth+1)
		if i > 0 && q != got {
			return pathInfo{}
		}
		got = q
	}
	return got
}

// callPath resolves calls that build or name paths.
func (x *index) callPath(call *ast.CallExpr, depth int) pathInfo {
	if tv, ok := x.pass.TypesInfo.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		return x.pathOf(call.Args[0], depth+1) // a conversion
	}
	c := x.callee(analysisutil.FileOf(x.pass, call.Pos()), call)
	if c.Path == "testing" && c.Name == "TempDir" {
		return pathInfo{temp: true} // t.TempDir(), b.TempDir(), tb.TempDir()
	}
	switch c.Key() {
	case "os.TempDir", "os.MkdirTemp", "os.CreateTemp", "io/ioutil.TempDir", "io/ioutil.TempFile":
		return pathInfo{temp: true}
	case "path/filepath.Join", "path.Join":
		parts := make([]pathInfo, len(call.Args))
		for i, a := range call.Args {
			parts[i] = x.pathOf(a, depth+1)
		}
		return joinInfo(parts)
	case "path/filepath.Clean", "path.Clean", "path/filepath.ToSlash", "path/filepath.FromSlash":
		if len(call.Args) == 1 {
			return x.pathOf(call.Args[0], depth+1)
		}
	case "flag.String":
		if len(call.Args) == 3 {
			return x.pathOf(call.Args[1], depth+1)
		}
	case "os.File.Name":
		// f.Name() of a file from os.CreateTemp or ioutil.TempFile is in the
		// temporary directory.
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if p := x.pathOf(sel.X, depth+1); p.temp {
				return p
			}
		}
	case "fmt.Sprintf":
		return x.sprintfPath(call, depth)
	}
	return pathInfo{}
}

// joinInfo joins path elements: exact when every element is, otherwise the
// directory made of the leading constant elements.
func joinInfo(parts []pathInfo) pathInfo {
	var exact []string
	for i, p := range parts {
		if i == 0 && p.temp {
			return pathInfo{temp: true}
		}
		if p.exact {
			exact = append(exact, p.path)
			continue
		}
		head := path.Join(exact...)
		switch {
		case p.path != "":
			return prefixPath(path.Join(head, p.path))
		case head == "":
			return pathInfo{}
		}
		return prefixPath(trimSlash(head) + "/")
	}
	if len(exact) == 0 {
		return pathInfo{}
	}
	return exactPath(path.Join(exact...))
}

// sprintfPath reads the constant head of a fmt.Sprintf format, substituting
// a leading %s or %v by its argument.
func (x *index) sprintfPath(call *ast.CallExpr, depth int) pathInfo {
	if len(call.Args) == 0 {
		return pathInfo{}
	}
	format, ok := analysisutil.ConstString(x.pass, call.Args[0])
	if !ok {
		return pathInfo{}
	}
	head := ""
	if (strings.HasPrefix(format, "%s") || strings.HasPrefix(format, "%v")) && len(call.Args) > 1 {
		first := x.pathOf(call.Args[1], depth+1)
		if first.temp || !first.exact {
			return first
		}
		head, format = first.path, format[2:]
	}
	if i := strings.IndexByte(format, '%'); i >= 0 {
		return prefixPath(head + format[:i])
	}
	return exactPath(head + format)
}

// callee resolves a call like analysisutil.CalleeOf, and also calls of
// interface methods (fiber v3's Ctx) and, when types are missing, methods
// of a variable whose declared type names an imported package
// (c *gin.Context).
func (x *index) callee(file *ast.File, call *ast.CallExpr) analysisutil.Callee {
	if file == nil {
		return analysisutil.Callee{}
	}
	c := analysisutil.CalleeOf(x.pass, file, call)
	if c.Valid() {
		return c
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return c
	}
	if s, ok := x.pass.TypesInfo.Selections[sel]; ok {
		fn, ok := s.Obj().(*types.Func)
		if !ok || fn.Pkg() == nil || s.Kind() != types.MethodVal {
			return c
		}
		path, name := analysisutil.TypePath(s.Recv())
		if path == "" {
			return c
		}
		return analysisutil.Callee{Path: path, Recv: name, Name: fn.Name(), Func: fn}
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return c
	}
	v := x.varOf(id)
	if v == nil || !invalid(v.Type()) {
		return c
	}
	te := x.declType[v]
	if star, ok := te.(*ast.StarExpr); ok {
		te = star.X
	}
	tsel, ok := te.(*ast.SelectorExpr)
	if !ok {
		return c
	}
	pkg, ok := tsel.X.(*ast.Ident)
	if !ok {
		return c
	}
	if path := analysisutil.ImportPathByName(file, pkg.Name); path != "" {
		return analysisutil.Callee{Path: path, Recv: tsel.Sel.Name, Name: sel.Sel.Name, Degraded: true}
	}
	return c
}

// invalid reports whether t (or what it points to) failed to type-check.
func invalid(t types.Type) bool {
	for {
		switch u := t.(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Basic:
			return u.Kind() == types.Invalid
		}
		return t == nil
	}
}
