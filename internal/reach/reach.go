// Package reach finds the serving path of a Go program: what its main runs
// up to starting a listener (HTTP, gRPC, TCP, a queue consumer), and the
// handlers, jobs and goroutines it registers on the way. Code off that path —
// a `migrate` or `export` subcommand, a generator — runs once and exits: what
// it writes is not state of the service.
//
// The graph is a reference graph over the module's own packages, built from
// go/types: an edge from a function to every function, method or closure it
// names (a call, a method value handed to a router, a `go` statement), to
// every method of a type it instantiates (a handler struct given to
// net/http, a gRPC server implementation), and, for a call through an
// interface, to every method of that name in the module (class hierarchy
// analysis by name). Command frameworks get edges of their own: the Run of a
// cobra command, the Action of a urfave/cli command and the Run method of a
// kong command are entered only if they themselves lead to a listener.
//
// Why not go/ssa with go/callgraph/cha or vta: SSA needs complete, well-typed
// packages, and an audit must still work on a module whose dependencies are
// not downloaded (partial types). A reference graph over types.Info degrades
// gracefully (unresolved names fall back to every function of that name) and
// costs one walk of the syntax the analyzers already hold.
package reach

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Node is a function, method, closure or package initialiser of the module.
type Node struct {
	// Name is "pkg.Func", "pkg.(*T).M", "pkg.Func$lit" or "pkg.init".
	Name string
	pkg  *packages.Package
	file *token.File
	pos  token.Pos
	end  token.Pos
	out  []*Node
	cmds []cmdEdge
	// serves is set when the body calls a listener directly.
	serves bool
	// fn is the declared function or method, nil for closures and
	// package initialisers.
	fn *types.Func
	// dispatch are the methods an interface call may run (class hierarchy
	// analysis). They are ordinary edges, except into a command entry:
	// a CLI library's dispatcher calling Execute does not make every
	// command part of the serving path.
	dispatch []*Node
}

type cmdEdge struct {
	to   *Node
	name string
}

// Graph is the reference graph of one module's loaded packages.
type Graph struct {
	nodes  []*Node
	byFunc map[*types.Func]*Node
	byName map[string][]*Node
	// inits are the package initialisers (package-level var initialisers
	// and init functions), by package path.
	inits map[string]*Node
	// byFile lists each file's nodes by position, for Enclosing.
	byFile map[*token.File][]*Node
	// varRefs and typeRefs record which nodes name a package-level
	// variable or a type, for findings on declarations.
	varRefs  map[types.Object][]*Node
	typeRefs map[types.Object][]*Node
	// decls maps a declaration's span to the object it declares.
	decls map[*token.File][]declSpan
	// listeners counts the nodes that call a listener.
	listeners int
	// ifaceMethods are the method names some interface declares (in the
	// module or a package it imports): only those methods can be called
	// on an instantiated value by code outside the module.
	ifaceMethods map[string]bool
	// impls caches implementations; entries commandEntries.
	impls   map[*types.Func][]*Node
	entries map[*Node]string
	// leads caches leadsToListener; reachedAny is filled by MarkReached.
	leads      map[*Node]bool
	reachedAny map[*Node]bool
}

type declSpan struct {
	pos, end token.Pos
	obj      types.Object
}

// Build makes the graph of pkgs, which must hold syntax and (possibly
// partial) type information.
func Build(pkgs []*packages.Package) *Graph {
	g := &Graph{
		byFunc: map[*types.Func]*Node{}, byName: map[string][]*Node{}, inits: map[string]*Node{},
		byFile: map[*token.File][]*Node{}, varRefs: map[types.Object][]*Node{}, typeRefs: map[types.Object][]*Node{},
		decls: map[*token.File][]declSpan{}, impls: map[*types.Func][]*Node{},
	}
	// Pass 1: a node for every declared function and every package.
	for _, p := range pkgs {
		if p.TypesInfo == nil {
			continue
		}
		g.inits[p.PkgPath] = g.newNode(p, nil, p.PkgPath+".init", token.NoPos, token.NoPos)
		for _, f := range p.Syntax {
			tf := p.Fset.File(f.FileStart)
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				n := g.newNode(p, tf, funcName(p, fd), fd.Pos(), fd.End())
				if fn, ok := p.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					g.byFunc[fn] = n
					n.fn = fn
				}
				g.byName[fd.Name.Name] = append(g.byName[fd.Name.Name], n)
			}
		}
	}
	g.ifaceMethods = interfaceMethodNames(pkgs)
	// Pass 2: edges.
	for _, p := range pkgs {
		if p.TypesInfo == nil {
			continue
		}
		flags := map[types.Object]string{}
		for _, f := range p.Syntax {
			w := &walker{g: g, p: p, file: f}
			for k, v := range w.flagVars(f) {
				flags[k] = v
			}
		}
		for _, f := range p.Syntax {
			w := &walker{g: g, p: p, file: f, tf: p.Fset.File(f.FileStart), flags: flags}
			w.decls(f)
		}
	}
	for tf, ns := range g.byFile {
		sort.Slice(ns, func(i, j int) bool { return ns[i].pos < ns[j].pos })
		g.byFile[tf] = ns
	}
	return g
}

func (g *Graph) newNode(p *packages.Package, tf *token.File, name string, pos, end token.Pos) *Node {
	n := &Node{Name: name, pkg: p, file: tf, pos: pos, end: end}
	g.nodes = append(g.nodes, n)
	if tf != nil {
		g.byFile[tf] = append(g.byFile[tf], n)
	}
	return n
}

func funcName(p *packages.Package, fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return p.PkgPath + "." + fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	star := ""
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = "*", s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	recv := "?"
	if id, ok := t.(*ast.Ident); ok {
		recv = id.Name
	}
	return p.PkgPath + ".(" + star + recv + ")." + fd.Name.Name
}

// walker adds the edges of one file.
type walker struct {
	g    *Graph
	p    *packages.Package
	file *ast.File
	tf   *token.File
	// flags are the package's variables that hold command-line flags.
	flags map[types.Object]string
}

func (w *walker) decls(f *ast.File) {
	init := w.g.inits[w.p.PkgPath]
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			var n *Node
			if fn, ok := w.p.TypesInfo.Defs[d.Name].(*types.Func); ok {
				n = w.g.byFunc[fn]
			}
			if n == nil {
				continue
			}
			if d.Recv == nil && d.Name.Name == "init" {
				init.out = append(init.out, n)
			}
			if d.Body != nil {
				w.walk(d.Body, n, "")
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.ValueSpec:
					for _, id := range s.Names {
						if obj := w.p.TypesInfo.Defs[id]; obj != nil {
							w.g.decls[w.tf] = append(w.g.decls[w.tf], declSpan{s.Pos(), s.End(), obj})
						}
					}
					for _, v := range s.Values {
						w.walk(v, init, "")
					}
				case *ast.TypeSpec:
					if obj := w.p.TypesInfo.Defs[s.Name]; obj != nil {
						w.g.decls[w.tf] = append(w.g.decls[w.tf], declSpan{s.Pos(), s.End(), obj})
					}
				}
			}
			// kong and go-flags commands: struct types (named or not)
			// whose fields carry a cmd or command tag.
			ast.Inspect(d, func(n ast.Node) bool {
				if st, ok := n.(*ast.StructType); ok {
					w.kongCommands(st, init)
				}
				return true
			})
		}
	}
}

// edge adds an edge from n to m: an ordinary one, or a command edge when
// cmd names the command whose entry m is.
func edge(n, m *Node, cmd string) {
	if n == nil || m == nil || n == m {
		return
	}
	if cmd != "" {
		n.cmds = append(n.cmds, cmdEdge{m, cmd})
		return
	}
	n.out = append(n.out, m)
}

// walk adds the edges of the syntax under root to node n. Inside a command
// entry (cmd != ""), the functions named become command edges.
func (w *walker) walk(root ast.Node, n *Node, cmd string) {
	info := w.p.TypesInfo
	ast.Inspect(root, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			lit := w.g.newNode(w.p, w.tf, n.Name+"$lit", x.Pos(), x.End())
			edge(n, lit, cmd)
			w.walk(x.Body, lit, "")
			return false
		case *ast.CompositeLit:
			t := info.TypeOf(x)
			c := commandFields(t)
			if c == nil {
				c = w.commandFieldsSyntax(x.Type)
			}
			if c != nil {
				w.commandLit(x, n, c)
				return false
			}
			w.instantiate(n, t, cmd)
		case *ast.CallExpr:
			if w.servesCall(x) {
				if !n.serves {
					w.g.listeners++
				}
				n.serves = true
			}
			// new(T) instantiates T.
			if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok && id.Name == "new" && len(x.Args) == 1 {
				if _, builtin := info.Uses[id].(*types.Builtin); builtin {
					w.instantiate(n, info.TypeOf(x.Args[0]), cmd)
				}
			}
		case *ast.AssignStmt:
			// cmd.RunE = f on a *cobra.Command.
			if len(x.Lhs) != len(x.Rhs) {
				return true
			}
			entry := false
			for _, l := range x.Lhs {
				if sel, ok := l.(*ast.SelectorExpr); ok {
					if c := commandFields(info.TypeOf(sel.X)); c != nil && c.entry[sel.Sel.Name] {
						entry = true
					}
				}
			}
			if !entry {
				return true
			}
			for i, l := range x.Lhs {
				w.walk(l, n, cmd)
				sub := cmd
				if sel, ok := l.(*ast.SelectorExpr); ok {
					if c := commandFields(info.TypeOf(sel.X)); c != nil && c.entry[sel.Sel.Name] {
						sub = commandName(sel.X)
					}
				}
				w.walk(x.Rhs[i], n, sub)
			}
			return false
		case *ast.SelectorExpr:
			w.walk(x.X, n, cmd)
			w.selector(x, n, cmd)
			return false
		case *ast.IfStmt:
			return !w.modeIf(x, n, cmd)
		case *ast.SwitchStmt:
			return !w.modeSwitch(x, n, cmd)
		case *ast.Ident:
			w.ident(x, n, cmd)
		}
		return true
	})
}

// selector adds the edge for x.Sel. When types are missing (a dependency
// not downloaded), a qualified name pkg.F resolves by name in that package
// when it is one of the module's, and to nothing outside the module; a
// method on a value of unknown type to the module's methods of that name.
func (w *walker) selector(x *ast.SelectorExpr, n *Node, cmd string) {
	if w.p.TypesInfo.Uses[x.Sel] != nil {
		w.ident(x.Sel, n, cmd)
		return
	}
	if id, ok := ast.Unparen(x.X).(*ast.Ident); ok {
		if pn, ok := w.p.TypesInfo.Uses[id].(*types.PkgName); ok {
			prefix := pn.Imported().Path() + "."
			for _, m := range w.g.byName[x.Sel.Name] {
				if strings.HasPrefix(m.Name, prefix) && !strings.Contains(m.Name[len(prefix):], ".") {
					edge(n, m, cmd)
				}
			}
			return
		}
	}
	if ms := w.g.byName[x.Sel.Name]; len(ms) <= 8 {
		for _, m := range ms {
			if strings.Contains(m.Name, ").") {
				edge(n, m, cmd)
			}
		}
	}
}

// ident adds the edge for a name: a function or method it refers to, the
// users of package-level variables and types.
func (w *walker) ident(id *ast.Ident, n *Node, cmd string) {
	obj := w.p.TypesInfo.Uses[id]
	switch o := obj.(type) {
	case *types.Func:
		fn := o.Origin()
		if m := w.g.byFunc[fn]; m != nil {
			edge(n, m, cmd)
			return
		}
		if isInterfaceMethod(fn) {
			for _, m := range w.g.implementations(fn) {
				if cmd == "" {
					// A dispatch that may run a command entry (go-flags'
					// command.Execute(args)) is that command's edge, not
					// an ordinary one: see Graph.dispatch.
					n.dispatch = append(n.dispatch, m)
					continue
				}
				edge(n, m, cmd)
			}
		}
	case *types.Var:
		if o.Pkg() != nil && o.Parent() == o.Pkg().Scope() {
			w.g.varRefs[o] = append(w.g.varRefs[o], n)
		}
	case *types.TypeName:
		w.g.typeRefs[o] = append(w.g.typeRefs[o], n)
	case nil:
		// Unresolved (partial types): the functions of that name in the
		// same package.
		if w.p.TypesInfo.Defs[id] != nil {
			return
		}
		prefix := w.p.PkgPath + "."
		for _, m := range w.g.byName[id.Name] {
			if strings.HasPrefix(m.Name, prefix) && !strings.Contains(m.Name[len(prefix):], ".") {
				edge(n, m, cmd)
			}
		}
	}
}

// implementations returns the module's methods that a call of the
// interface method fn may run: methods of that name whose receiver type
// implements the interface (class hierarchy analysis).
func (g *Graph) implementations(fn *types.Func) []*Node {
	if ms, ok := g.impls[fn]; ok {
		return ms
	}
	iface, _ := fn.Type().(*types.Signature).Recv().Type().Underlying().(*types.Interface)
	var out []*Node
	for _, m := range g.byName[fn.Name()] {
		if m.fn == nil || iface == nil {
			continue
		}
		sig, ok := m.fn.Type().(*types.Signature)
		if !ok || sig.Recv() == nil {
			continue
		}
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface) {
			out = append(out, m)
		}
	}
	g.impls[fn] = out
	return out
}

func isInterfaceMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	_, ok = sig.Recv().Type().Underlying().(*types.Interface)
	return ok
}

// instantiate adds edges to every method of the named type t (or *t): a
// value of it may be handed to code outside the module that calls them.
func (w *walker) instantiate(n *Node, t types.Type, cmd string) {
	if t == nil {
		return
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return
	}
	named = named.Origin()
	for i := 0; i < named.NumMethods(); i++ {
		fn := named.Method(i)
		if !w.g.ifaceMethods[fn.Name()] {
			continue // only called by name, and such calls have edges of their own
		}
		if m := w.g.byFunc[fn]; m != nil {
			edge(n, m, cmd)
		}
	}
}

// interfaceMethodNames collects the method names of the interfaces
// declared in pkgs and in the packages they import directly: a gRPC service
// interface, http.Handler, a queue's message handler.
func interfaceMethodNames(pkgs []*packages.Package) map[string]bool {
	names := map[string]bool{}
	seen := map[*types.Package]bool{}
	add := func(tp *types.Package) {
		if tp == nil || seen[tp] {
			return
		}
		seen[tp] = true
		scope := tp.Scope()
		for _, n := range scope.Names() {
			tn, ok := scope.Lookup(n).(*types.TypeName)
			if !ok {
				continue
			}
			if it, ok := tn.Type().Underlying().(*types.Interface); ok {
				for i := 0; i < it.NumMethods(); i++ {
					names[it.Method(i).Name()] = true
				}
			}
		}
	}
	for _, p := range pkgs {
		if p.Types == nil {
			continue
		}
		add(p.Types)
		for _, imp := range p.Types.Imports() {
			add(imp)
		}
	}
	return names
}

// commandFramework describes a command struct of a CLI library: which of
// its fields hold the command's entry point, and which its name.
type commandFramework struct {
	entry map[string]bool
	name  string
}

var (
	cobraCommand = &commandFramework{entry: map[string]bool{"Run": true, "RunE": true}, name: "Use"}
	cliCommand   = &commandFramework{entry: map[string]bool{"Action": true}, name: "Name"}
)

// commandFields recognises the command types of cobra and urfave/cli.
func commandFields(t types.Type) *commandFramework {
	if t == nil {
		return nil
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return nil
	}
	path, name := named.Obj().Pkg().Path(), named.Obj().Name()
	switch {
	case path == "github.com/spf13/cobra" && name == "Command":
		return cobraCommand
	case (path == "github.com/urfave/cli" || strings.HasPrefix(path, "github.com/urfave/cli/v")) && (name == "Command" || name == "App"):
		return cliCommand
	}
	return nil
}

// commandFieldsSyntax recognises a command type by its name in the source
// (cobra.Command, cli.Command) when the type could not be loaded.
func (w *walker) commandFieldsSyntax(t ast.Expr) *commandFramework {
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	sel, ok := t.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil
	}
	path := ""
	if pn, ok := w.p.TypesInfo.Uses[id].(*types.PkgName); ok {
		path = pn.Imported().Path()
	} else if w.p.TypesInfo.Uses[id] == nil {
		path = importPath(w.file, id.Name)
	}
	switch {
	case path == "github.com/spf13/cobra" && sel.Sel.Name == "Command":
		return cobraCommand
	case isCLIPackage(path) && (sel.Sel.Name == "Command" || sel.Sel.Name == "App"):
		return cliCommand
	}
	return nil
}

// commandLit walks a command struct literal: its entry fields become
// command edges named after the command, the rest ordinary edges.
func (w *walker) commandLit(lit *ast.CompositeLit, n *Node, c *commandFramework) {
	name := ""
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == c.name {
				if bl, ok := kv.Value.(*ast.BasicLit); ok && bl.Kind == token.STRING {
					name = strings.Trim(bl.Value, "`\"")
					if f := strings.Fields(name); len(f) > 0 {
						name = f[0]
					}
				}
			}
		}
	}
	if name == "" {
		name = "(unnamed)"
	}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			w.walk(e, n, "")
			continue
		}
		if k, ok := kv.Key.(*ast.Ident); ok && c.entry[k.Name] {
			w.walk(kv.Value, n, name)
			continue
		}
		w.walk(kv.Value, n, "")
	}
}

// commandName finds the name of the command a variable holds, when its
// literal is in sight; otherwise the variable's name.
func commandName(x ast.Expr) string {
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		return strings.TrimSuffix(strings.TrimSuffix(id.Name, "Cmd"), "Command")
	}
	return "(unnamed)"
}

// kongCommands adds command edges for the commands of a struct whose fields
// carry kong's `cmd:""` tag (their Run methods) or go-flags' `command:"x"`
// tag (their Execute methods).
func (w *walker) kongCommands(st *ast.StructType, init *Node) {
	if st.Fields == nil {
		return
	}
	for _, f := range st.Fields.List {
		if f.Tag == nil || !strings.Contains(f.Tag.Value, "cmd:") && !strings.Contains(f.Tag.Value, "command:") {
			continue
		}
		tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`"))
		// kong: `cmd:""`, the command's Run method; go-flags:
		// `command:"name"`, its Execute method.
		method := "Run"
		_, kong := tag.Lookup("cmd")
		flagsName, goFlags := tag.Lookup("command")
		if !kong && !goFlags {
			continue
		}
		name := ""
		if len(f.Names) > 0 {
			name = strings.ToLower(f.Names[0].Name)
		}
		if v, ok := tag.Lookup("name"); ok && v != "" {
			name = v
		}
		if goFlags && !kong {
			method = "Execute"
			if flagsName != "" {
				name = flagsName
			}
		}
		t := w.p.TypesInfo.TypeOf(f.Type)
		if t == nil {
			continue
		}
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		named, ok := types.Unalias(t).(*types.Named)
		if !ok {
			continue
		}
		for i := 0; i < named.NumMethods(); i++ {
			if m := named.Method(i); m.Name() == method {
				edge(init, w.g.byFunc[m], name)
			}
		}
	}
}

// importPath finds the import path a file binds to name: an explicit
// import name, or the path's last element (a major-version suffix skipped,
// urfave/cli/v2 → cli). It is how a package whose types failed to load is
// still recognised.
func importPath(f *ast.File, name string) string {
	for _, imp := range f.Imports {
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
		elems := strings.Split(path, "/")
		last := elems[len(elems)-1]
		if len(elems) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
			last = elems[len(elems)-2]
		}
		if last == name || strings.TrimPrefix(strings.TrimSuffix(last, ".go"), "go-") == name {
			return path
		}
	}
	return ""
}
