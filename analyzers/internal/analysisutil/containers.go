package analysisutil

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// ContainerKind says how a long-lived container stores its entries.
type ContainerKind int

// Container kinds.
const (
	// Map is a built-in map.
	Map ContainerKind = iota + 1
	// SyncMap is a sync.Map (or a pointer to one).
	SyncMap
	// Concurrent is any other type with Set/Store-style methods keyed by a
	// string: concurrent-map libraries, hand-written guarded maps.
	Concurrent
)

// Container is a package-level variable or a struct field that holds a map
// or map-like value and so outlives any single request.
type Container struct {
	// Obj is the variable or field.
	Obj *types.Var
	// Ident is where it is declared.
	Ident *ast.Ident
	// Field is set for struct fields; Owner then names the struct type.
	Field bool
	Owner string
	Kind  ContainerKind
	// Key and Elem are the map's key and value types (nil for sync.Map and
	// for concurrent maps whose element type is not visible).
	Key, Elem types.Type
	// Writes lists the statements that add, replace or delete entries.
	Writes []Write
}

// Write is one mutation of a container.
type Write struct {
	Pos token.Pos
	// Key is the entry's key expression (nil for clear and unknown methods).
	Key ast.Expr
	// Func describes the enclosing function.
	Func FuncInfo
	// FromHandler is set when the write is in a request handler or in a
	// function of this package that a handler calls directly.
	FromHandler bool
}

// Place says where the container lives, for messages:
// "package-level map sessions" or "field of server, sync.Map carts".
func (c *Container) Place() string {
	what := "package-level"
	if c.Field {
		what = "field of " + c.Owner + ","
	}
	kind := "map"
	switch c.Kind {
	case SyncMap:
		kind = "sync.Map"
	case Concurrent:
		kind = "concurrent map"
	}
	return what + " " + kind + " " + c.Ident.Name
}

// HandlerWrite returns the first write made while serving a request, if any.
func (c *Container) HandlerWrite() (Write, bool) {
	for _, w := range c.Writes {
		if w.FromHandler {
			return w, true
		}
	}
	return Write{}, false
}

// mutators are method names that add or remove entries of map-like types.
var mutators = map[string]bool{
	"Store": true, "LoadOrStore": true, "LoadAndDelete": true, "Swap": true,
	"CompareAndSwap": true, "CompareAndDelete": true, "Delete": true,
	"Set": true, "SetWithTTL": true, "SetIfAbsent": true, "Upsert": true,
	"Put": true, "Add": true, "Remove": true, "Pop": true,
}

// Containers finds the package's long-lived maps and the writes to them.
func Containers(pass *analysis.Pass) []*Container {
	files := Files(pass)
	byObj := map[*types.Var]*Container{}
	var order []*Container

	consider := func(id *ast.Ident, field bool, owner string) {
		v, ok := pass.TypesInfo.Defs[id].(*types.Var)
		if !ok || v == nil {
			return
		}
		kind, key, elem := containerType(v.Type())
		if kind == 0 {
			return
		}
		c := &Container{Obj: v, Ident: id, Field: field, Owner: owner, Kind: kind, Key: key, Elem: elem}
		byObj[v] = c
		order = append(order, c)
	}
	// Declarations: package-level vars and fields of named struct types.
	for _, f := range files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, spec := range gd.Specs {
				switch s := spec.(type) {
				case *ast.ValueSpec:
					if gd.Tok == token.VAR {
						for _, id := range s.Names {
							consider(id, false, "")
						}
					}
				case *ast.TypeSpec:
					st, ok := s.Type.(*ast.StructType)
					if !ok {
						continue
					}
					for _, fld := range st.Fields.List {
						for _, id := range fld.Names {
							consider(id, true, s.Name.Name)
						}
					}
				}
			}
		}
	}
	if len(order) == 0 {
		return nil
	}

	handlerCalled := handlerCallees(pass, files)
	for _, f := range files {
		WalkStack(f, func(n ast.Node, stack []ast.Node) bool {
			switch s := n.(type) {
			case *ast.AssignStmt:
				for _, lhs := range s.Lhs {
					if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok {
						record(pass, f, byObj, handlerCalled, ix.X, ix.Index, n.Pos(), stack)
					}
				}
				return true
			case *ast.IncDecStmt:
				if ix, ok := ast.Unparen(s.X).(*ast.IndexExpr); ok {
					record(pass, f, byObj, handlerCalled, ix.X, ix.Index, n.Pos(), stack)
				}
			case *ast.CallExpr:
				switch fun := ast.Unparen(s.Fun).(type) {
				case *ast.Ident:
					if b, ok := pass.TypesInfo.Uses[fun].(*types.Builtin); ok && (b.Name() == "delete" || b.Name() == "clear") && len(s.Args) > 0 {
						record(pass, f, byObj, handlerCalled, s.Args[0], arg(s, 1), n.Pos(), stack)
					}
				case *ast.SelectorExpr:
					if mutators[fun.Sel.Name] {
						record(pass, f, byObj, handlerCalled, fun.X, arg(s, 0), n.Pos(), stack)
					}
				}
			}
			return true
		})
	}
	return order
}

// arg returns the call's i'th argument, or nil.
func arg(call *ast.CallExpr, i int) ast.Expr {
	if i < len(call.Args) {
		return call.Args[i]
	}
	return nil
}

func record(pass *analysis.Pass, file *ast.File, byObj map[*types.Var]*Container, handlerCalled map[*types.Func]bool, target, key ast.Expr, pos token.Pos, stack []ast.Node) {
	v := varOf(pass, target)
	c := byObj[v]
	if c == nil {
		return
	}
	info := Enclosing(pass, file, stack)
	if info.Decl == nil {
		return // a package-level initialiser: a declaration, not a write
	}
	if c.Field && requestScoped(pass, target, stack) {
		return // a field of a value made for this call: gone when it returns
	}
	from := info.Handler
	if !from && info.Decl != nil {
		if fn, ok := pass.TypesInfo.Defs[info.Decl.Name].(*types.Func); ok && handlerCalled[fn] {
			from = true
		}
	}
	c.Writes = append(c.Writes, Write{Pos: pos, Key: key, Func: info, FromHandler: from && !info.Init})
}

// requestScoped reports whether the struct whose field is written is a local
// variable of the innermost enclosing function, and so lives no longer than
// one call.
func requestScoped(pass *analysis.Pass, target ast.Expr, stack []ast.Node) bool {
	root := ast.Unparen(target)
	for {
		switch x := root.(type) {
		case *ast.SelectorExpr:
			root = ast.Unparen(x.X)
			continue
		case *ast.IndexExpr:
			root = ast.Unparen(x.X)
			continue
		case *ast.StarExpr:
			root = ast.Unparen(x.X)
			continue
		}
		break
	}
	id, ok := root.(*ast.Ident)
	if !ok {
		return false
	}
	obj := pass.TypesInfo.Uses[id]
	if obj == nil {
		return false
	}
	for i := len(stack) - 1; i >= 0; i-- {
		var body *ast.BlockStmt
		switch fn := stack[i].(type) {
		case *ast.FuncLit:
			body = fn.Body
		case *ast.FuncDecl:
			body = fn.Body
		default:
			continue
		}
		return body != nil && body.Pos() <= obj.Pos() && obj.Pos() < body.End()
	}
	return false
}

// varOf returns the variable or field an expression denotes: m, s.m, x.y.m.
func varOf(pass *analysis.Pass, e ast.Expr) *types.Var {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, _ := pass.TypesInfo.Uses[x].(*types.Var)
		return v
	case *ast.SelectorExpr:
		if sel, ok := pass.TypesInfo.Selections[x]; ok {
			v, _ := sel.Obj().(*types.Var)
			return v
		}
		v, _ := pass.TypesInfo.Uses[x.Sel].(*types.Var)
		return v
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return varOf(pass, x.X)
		}
	case *ast.StarExpr:
		return varOf(pass, x.X)
	}
	return nil
}

// handlerCallees returns the functions of this package that a request
// handler calls directly: the "one call deep" helpers that do a handler's
// bookkeeping (s.saveSession(id, sess)).
func handlerCallees(pass *analysis.Pass, files []*ast.File) map[*types.Func]bool {
	out := map[*types.Func]bool{}
	for _, f := range files {
		WalkStack(f, func(n ast.Node, stack []ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := pass.TypesInfo.Uses[calleeIdent(call)].(*types.Func)
			if !ok || fn.Pkg() != pass.Pkg {
				return true
			}
			if Enclosing(pass, f, stack).Handler {
				out[fn] = true
			}
			return true
		})
	}
	return out
}

func calleeIdent(call *ast.CallExpr) *ast.Ident {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	}
	return nil
}

// containerType classifies a variable's type.
func containerType(t types.Type) (ContainerKind, types.Type, types.Type) {
	if p, ok := t.(*types.Pointer); ok {
		if path, name := TypePath(p); path == "sync" && name == "Map" {
			return SyncMap, nil, nil
		}
		t = p.Elem()
	}
	if path, name := TypePath(t); path == "sync" && name == "Map" {
		return SyncMap, nil, nil
	}
	if path, name := TypePath(t); path == "sync" && (name == "Mutex" || name == "RWMutex" || name == "Once" || name == "WaitGroup") {
		return 0, nil, nil
	}
	if m, ok := t.Underlying().(*types.Map); ok {
		return Map, m.Key(), m.Elem()
	}
	// A named type with a string-keyed Set/Store method is a concurrent map.
	if _, ok := types.Unalias(t).(*types.Named); ok {
		ms := types.NewMethodSet(types.NewPointer(t))
		for _, name := range []string{"Set", "Store"} {
			sel := ms.Lookup(nil, name)
			if sel == nil {
				// Methods are looked up by package too; try the type's own.
				if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
					sel = ms.Lookup(n.Obj().Pkg(), name)
				}
			}
			if sel == nil {
				continue
			}
			sig, ok := sel.Obj().Type().(*types.Signature)
			if !ok || sig.Params().Len() < 2 {
				continue
			}
			if b, ok := sig.Params().At(0).Type().Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
				return Concurrent, sig.Params().At(0).Type(), sig.Params().At(1).Type()
			}
		}
	}
	return 0, nil, nil
}
