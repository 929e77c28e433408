// Package analysisutil holds what every stateaudit Go analyzer needs: call
// matching that survives aliases, dot-imports and missing type information,
// request-handler detection, and reporting under a rule's ID.
package analysisutil

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Callee names the function or method a call invokes.
type Callee struct {
	// Path is the import path of the package that declares the function
	// (for methods, the receiver's package).
	Path string
	// Recv is the receiver's type name without pointer, "" for functions.
	Recv string
	// Name is the function or method name.
	Name string
	// Degraded is set when the callee was recognised from the file's import
	// table because type information was missing.
	Degraded bool
	// Func is the resolved function, nil when degraded.
	Func *types.Func
}

// Key is "path.Name" for functions and "path.Recv.Name" for methods: the key
// of the rule tables.
func (c Callee) Key() string {
	if c.Recv != "" {
		return c.Path + "." + c.Recv + "." + c.Name
	}
	return c.Path + "." + c.Name
}

// Valid reports whether the callee was resolved at all.
func (c Callee) Valid() bool { return c.Name != "" && c.Path != "" }

// CalleeOf resolves the static callee of call. With full types it uses
// typeutil.StaticCallee, so aliases, dot-imports and method values resolve;
// when the package's dependencies were not loaded it falls back to the import
// table of the file (alias → path) and the selector's name.
func CalleeOf(pass *analysis.Pass, file *ast.File, call *ast.CallExpr) Callee {
	if fn := typeutil.StaticCallee(pass.TypesInfo, call); fn != nil && fn.Pkg() != nil {
		c := Callee{Path: fn.Pkg().Path(), Name: fn.Name(), Func: fn}
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
			c.Recv = namedName(sig.Recv().Type())
		}
		return c
	}
	// Generic instantiations (lru.New[K, V]) wrap the function in an index expression.
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	switch f := fun.(type) {
	case *ast.SelectorExpr:
		id, ok := ast.Unparen(f.X).(*ast.Ident)
		if !ok {
			return Callee{}
		}
		if pn, ok := pass.TypesInfo.Uses[id].(*types.PkgName); ok {
			return Callee{Path: pn.Imported().Path(), Name: f.Sel.Name, Degraded: true}
		}
		if pass.TypesInfo.Uses[id] != nil || pass.TypesInfo.Defs[id] != nil {
			return Callee{} // a variable or type we could not resolve further
		}
		if path := ImportPathByName(file, id.Name); path != "" {
			return Callee{Path: path, Name: f.Sel.Name, Degraded: true}
		}
	case *ast.Ident:
		if obj := pass.TypesInfo.Uses[f]; obj != nil {
			return Callee{}
		}
		for _, imp := range file.Imports {
			if imp.Name != nil && imp.Name.Name == "." {
				path, _ := strconv.Unquote(imp.Path.Value)
				return Callee{Path: path, Name: f.Name, Degraded: true}
			}
		}
	}
	return Callee{}
}

// ImportPathByName returns the import path bound to name in file, or "".
func ImportPathByName(file *ast.File, name string) string {
	for _, imp := range file.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if imp.Name != nil {
			if imp.Name.Name == name {
				return path
			}
			continue
		}
		if DefaultImportName(path) == name {
			return path
		}
	}
	return ""
}

// DefaultImportName guesses the package name of an import path the way
// goimports does: the last element, skipping a major-version suffix and a
// gopkg.in ".vN" suffix, with a "go-" prefix dropped.
func DefaultImportName(path string) string {
	parts := strings.Split(path, "/")
	last := parts[len(parts)-1]
	if len(parts) > 1 && len(last) > 1 && last[0] == 'v' && isDigits(last[1:]) {
		last = parts[len(parts)-2]
	}
	if i := strings.Index(last, ".v"); i > 0 && isDigits(last[i+2:]) {
		last = last[:i]
	}
	last = strings.TrimPrefix(last, "go-")
	last = strings.TrimSuffix(last, "-go")
	return strings.ReplaceAll(last, "-", "")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// namedName returns the name of a (pointer to a) named type, or "".
func namedName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	switch n := types.Unalias(t).(type) {
	case *types.Named:
		return n.Obj().Name()
	}
	return ""
}

// TypePath returns the package path and name of a (pointer to a) named type,
// or empty strings.
func TypePath(t types.Type) (path, name string) {
	if t == nil {
		return "", ""
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		return n.Obj().Pkg().Path(), n.Obj().Name()
	}
	return "", ""
}
