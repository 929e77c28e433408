package reach

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Modes: a main (or a command's action) that does one job and exits when a
// flag or argument says so — `if *genKeys { generateKeys(); return }`,
// `switch os.Args[1] { case "migrate": … }`, `case c.IsSet("export"):` in a
// urfave/cli action — runs that job instead of serving. The block becomes a
// node of its own, entered by a command edge named after the flag, so that
// what it alone reaches is a one-shot command like a cobra subcommand.

// flagFuncs are the flag packages' functions that define a flag variable.
var flagPkgs = map[string]bool{"flag": true, "github.com/spf13/pflag": true}

// flagVars finds the variables of a file that hold flag values: x :=
// flag.Bool("name", …), var x = pflag.StringP("name", …), flag.BoolVar(&x,
// "name", …). It maps each to the flag's name.
func (w *walker) flagVars(f *ast.File) map[types.Object]string {
	out := map[types.Object]string{}
	info := w.p.TypesInfo
	flagCall := func(e ast.Expr) (string, []ast.Expr, bool) {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return "", nil, false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return "", nil, false
		}
		fn, ok := info.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil || !flagPkgs[fn.Pkg().Path()] {
			return "", nil, false
		}
		return fn.Name(), call.Args, true
	}
	nameOf := func(args []ast.Expr, i int) string {
		if i < len(args) {
			if tv, ok := info.Types[args[i]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				return constant.StringVal(tv.Value)
			}
		}
		return ""
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for i, v := range n.Values {
				if name, args, ok := flagCall(v); ok && !strings.HasSuffix(name, "Var") && i < len(n.Names) {
					if obj := info.Defs[n.Names[i]]; obj != nil {
						out[obj] = nameOf(args, 0)
					}
				}
			}
		case *ast.AssignStmt:
			for i, v := range n.Rhs {
				if name, args, ok := flagCall(v); ok && !strings.HasSuffix(name, "Var") && i < len(n.Lhs) {
					if id, ok := n.Lhs[i].(*ast.Ident); ok {
						if obj := info.ObjectOf(id); obj != nil {
							out[obj] = nameOf(args, 0)
						}
					}
				}
			}
		case *ast.CallExpr:
			if name, args, ok := flagCall(n); ok && strings.HasSuffix(name, "Var") && len(args) > 1 {
				if u, ok := ast.Unparen(args[0]).(*ast.UnaryExpr); ok && u.Op == token.AND {
					if id, ok := ast.Unparen(u.X).(*ast.Ident); ok {
						if obj := info.ObjectOf(id); obj != nil {
							out[obj] = nameOf(args, 1)
						}
					}
				}
			}
		}
		return true
	})
	return out
}

// modeOf reports whether a condition or switch tag reads a command-line
// flag or argument, and names the mode.
func (w *walker) modeOf(e ast.Expr) (string, bool) {
	if e == nil {
		return "", false
	}
	info := w.p.TypesInfo
	name, found := "", false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.Ident:
			if obj := info.Uses[n]; obj != nil {
				if flag, ok := w.flags[obj]; ok {
					name, found = flag, true
					if name == "" {
						name = n.Name
					}
					name = "-" + name
				}
			}
		case *ast.SelectorExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
				if pn, ok := info.Uses[id].(*types.PkgName); ok && pn.Imported().Path() == "os" && n.Sel.Name == "Args" {
					name, found = literalIn(e), true
					return false
				}
			}
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			fn, ok := info.Uses[sel.Sel].(*types.Func)
			if !ok || fn.Pkg() == nil {
				// A CLI context whose package could not be loaded:
				// c.IsSet("gen-keys") still names a flag.
				if info.Uses[sel.Sel] == nil && sel.Sel.Name == "IsSet" && len(n.Args) == 1 {
					if bl, ok := n.Args[0].(*ast.BasicLit); ok && bl.Kind == token.STRING {
						v, _ := strconv.Unquote(bl.Value)
						name, found = "-"+v, true
					}
				}
				return true
			}
			path := fn.Pkg().Path()
			switch {
			case flagPkgs[path] && (fn.Name() == "Arg" || fn.Name() == "Args" || fn.Name() == "NArg"):
				name, found = literalIn(e), true
			case isCLIPackage(path) && (fn.Name() == "IsSet" || fn.Name() == "Bool") || path == "github.com/spf13/pflag" && (fn.Name() == "Changed" || fn.Name() == "GetBool"):
				if len(n.Args) > 0 {
					if tv, ok := info.Types[n.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
						name, found = "-"+constant.StringVal(tv.Value), true
					}
				}
			}
		}
		return true
	})
	if found && name == "" {
		name = "(argument)"
	}
	return name, found
}

func isCLIPackage(path string) bool {
	return path == "github.com/urfave/cli" || strings.HasPrefix(path, "github.com/urfave/cli/v")
}

// literalIn returns the first string literal in e ("migrate" in
// `os.Args[1] == "migrate"`), or "".
func literalIn(e ast.Expr) string {
	out := ""
	ast.Inspect(e, func(n ast.Node) bool {
		if bl, ok := n.(*ast.BasicLit); ok && bl.Kind == token.STRING && out == "" {
			out, _ = strconv.Unquote(bl.Value)
		}
		return out == ""
	})
	return out
}

// terminates reports whether a block ends the function or the program:
// its last statement returns, exits, or panics.
func (w *walker) terminates(b *ast.BlockStmt) bool {
	if b == nil || len(b.List) == 0 {
		return false
	}
	switch s := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
			return true
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			n := sel.Sel.Name
			return n == "Exit" || strings.HasPrefix(n, "Fatal") || strings.HasPrefix(n, "Panic")
		}
	}
	return false
}

// clauseTerminates is terminates for a case clause's statements.
func (w *walker) clauseTerminates(body []ast.Stmt) bool {
	return w.terminates(&ast.BlockStmt{List: body})
}

// modeIf handles `if FLAG { …; return }`: the body becomes a mode node.
// It reports whether it walked the statement.
func (w *walker) modeIf(s *ast.IfStmt, n *Node, cmd string) bool {
	name, ok := w.modeOf(s.Cond)
	if !ok || !w.terminates(s.Body) {
		return false
	}
	if s.Init != nil {
		w.walk(s.Init, n, cmd)
	}
	w.walk(s.Cond, n, cmd)
	body := w.g.newNode(w.p, w.tf, n.Name+"$"+name, s.Body.Pos(), s.Body.End())
	edge(n, body, name)
	w.walk(s.Body, body, "")
	if s.Else != nil {
		w.walk(s.Else, n, cmd)
	}
	return true
}

// modeSwitch handles `switch os.Args[1] { case "migrate": … }` and
// `switch { case c.IsSet("export"): return … }`: each case that selects a
// mode becomes a mode node.
func (w *walker) modeSwitch(s *ast.SwitchStmt, n *Node, cmd string) bool {
	tagName, tagMode := w.modeOf(s.Tag)
	any := tagMode
	for _, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		for _, e := range cc.List {
			if _, ok := w.modeOf(e); ok && w.clauseTerminates(cc.Body) {
				any = true
			}
		}
	}
	if !any {
		return false
	}
	if s.Init != nil {
		w.walk(s.Init, n, cmd)
	}
	if s.Tag != nil {
		w.walk(s.Tag, n, cmd)
	}
	for _, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		name, mode := "", false
		for _, e := range cc.List {
			w.walk(e, n, cmd)
			if tagMode {
				if lit := literalIn(e); lit != "" && name == "" {
					name, mode = lit, true
				}
			} else if m, ok := w.modeOf(e); ok && w.clauseTerminates(cc.Body) && name == "" {
				name, mode = m, true
			}
		}
		if !mode || len(cc.Body) == 0 {
			for _, st := range cc.Body {
				w.walk(st, n, cmd)
			}
			continue
		}
		if tagMode && name == "" {
			name = tagName
		}
		body := w.g.newNode(w.p, w.tf, n.Name+"$"+name, cc.Body[0].Pos(), cc.End())
		edge(n, body, name)
		for _, st := range cc.Body {
			w.walk(st, body, "")
		}
	}
	return true
}
