package localdisk

import (
	"go/ast"
	"go/types"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
)

// logPackages are logging libraries: a file handed to anything they export
// is a log sink.
var logPackages = set(
	"log", "log/slog", "log/syslog",
	"go.uber.org/zap", "go.uber.org/zap/zapcore",
	"github.com/rs/zerolog", "github.com/rs/zerolog/log",
	"github.com/sirupsen/logrus",
	"github.com/go-kit/log", "github.com/go-kit/kit/log",
	"github.com/charmbracelet/log",
	"k8s.io/klog", "k8s.io/klog/v2", "github.com/golang/glog",
	"github.com/hashicorp/go-hclog", "github.com/apex/log",
	"github.com/go-logr/logr", "github.com/labstack/gommon/log",
	"github.com/inconshreveable/log15", "gopkg.in/inconshreveable/log15.v2",
	"gopkg.in/natefinch/lumberjack.v2", "github.com/natefinch/lumberjack",
)

// diagnosticsPackages write profiles and traces.
var diagnosticsPackages = set("runtime/pprof", "runtime/trace")

// maxSinkRounds bounds how far a file value is followed through variables
// and returns.
const maxSinkRounds = 4

// openedFile returns what the *os.File opened by call is first held in: the
// variable it is assigned to (f, err := os.OpenFile(...)), or the function
// that returns it (return os.OpenFile(...)); nil otherwise.
func (x *index) openedFile(stack []ast.Node, call *ast.CallExpr) types.Object {
	if len(stack) == 0 {
		return nil
	}
	switch parent := stack[len(stack)-1].(type) {
	case *ast.AssignStmt:
		for i, rhs := range parent.Rhs {
			if rhs == call && (len(parent.Rhs) == len(parent.Lhs) || i == 0) && i < len(parent.Lhs) {
				if id, ok := ast.Unparen(parent.Lhs[i]).(*ast.Ident); ok {
					if v := x.varOf(id); v != nil {
						return v
					}
				}
			}
		}
	case *ast.ValueSpec:
		for i, rhs := range parent.Values {
			if rhs == call && i < len(parent.Names) {
				if v := x.varOf(parent.Names[i]); v != nil {
					return v
				}
			}
		}
	case *ast.ReturnStmt:
		if d := outerDecl(stack); d != nil && !inFuncLit(stack) {
			if fn, ok := x.pass.TypesInfo.Defs[d.Name].(*types.Func); ok {
				return fn
			}
		}
	}
	return nil
}

// fileSink follows an opened file through the function that opened it —
// into writers that wrap it (io.MultiWriter, bufio.NewWriter, a slice of
// writers), and out through a returned value to the package's callers —
// and says where it ends: logSink when a logger writes to it (log.SetOutput,
// log.New, slog handlers, zap, zerolog, logrus, gin.DefaultWriter),
// diagnostics when a profiler does, upload when a request body or uploaded
// file is copied into it, renderedFile when a template is executed into it,
// storedData otherwise.
func (x *index) fileSink(held types.Object, stack []ast.Node) purpose {
	decl := outerDecl(stack)
	if decl == nil || decl.Body == nil {
		return storedData
	}
	tracked := map[types.Object]bool{held: true}
	bodies := []*ast.FuncDecl{decl}
	seen := map[*ast.FuncDecl]bool{decl: true}
	if fn, ok := held.(*types.Func); ok {
		bodies = bodies[:0]
		for _, site := range x.calls[fn] {
			if caller := x.declAt(site); caller != nil && !seen[caller] {
				seen[caller] = true
				bodies = append(bodies, caller)
			}
		}
	}
	for round := 0; round < maxSinkRounds; round++ {
		grew := false
		for _, d := range bodies {
			p, returned := x.scanSinks(d, tracked, &grew)
			if p != storedData {
				return p
			}
			if returned {
				// The function hands the file to its callers: follow the
				// calls of it too.
				if fn, ok := x.pass.TypesInfo.Defs[d.Name].(*types.Func); ok && !tracked[fn] {
					tracked[fn] = true
					grew = true
					for _, site := range x.calls[fn] {
						if caller := x.declAt(site); caller != nil && !seen[caller] {
							seen[caller] = true
							bodies = append(bodies, caller)
						}
					}
				}
			}
		}
		if !grew {
			break
		}
	}
	return storedData
}

// scanSinks walks one function for uses of the tracked values: sinks,
// uploads into them, assignments that wrap them (which are tracked in
// turn, setting *grew), and whether the function returns one.
func (x *index) scanSinks(d *ast.FuncDecl, tracked map[types.Object]bool, grew *bool) (found purpose, returned bool) {
	file := analysisutil.FileOf(x.pass, d.Pos())
	carries := func(e ast.Expr) bool { return x.carries(e, tracked) }
	track := func(lhs ast.Expr) {
		if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
			if v := x.varOf(id); v != nil && !tracked[v] {
				tracked[v] = true
				*grew = true
			}
		}
	}
	found = storedData
	analysisutil.WalkStack(d.Body, func(n ast.Node, stack []ast.Node) bool {
		if found != storedData {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			found = x.callSink(file, n, carries)
		case *ast.AssignStmt:
			for i, rhs := range n.Rhs {
				if !carries(rhs) {
					continue
				}
				switch {
				case len(n.Lhs) == len(n.Rhs):
					if x.loggerField(file, n.Lhs[i]) {
						found = logSink
						return false
					}
					track(n.Lhs[i])
				case i == 0:
					track(n.Lhs[0])
				}
			}
		case *ast.ValueSpec:
			for i, val := range n.Values {
				if carries(val) && i < len(n.Names) {
					track(n.Names[i])
				}
			}
		case *ast.CompositeLit:
			if x.loggerType(n) && carries(n) {
				found = logSink // zerolog.ConsoleWriter{Out: f}, echo's LoggerConfig{Output: f}
			}
		case *ast.ReturnStmt:
			if !inFuncLit(stack) {
				for _, r := range n.Results {
					returned = returned || carries(r)
				}
			}
		}
		return true
	})
	return found, returned
}

// callSink classifies a call that is given a tracked value.
func (x *index) callSink(file *ast.File, call *ast.CallExpr, carries func(ast.Expr) bool) purpose {
	given := false
	for _, a := range call.Args {
		if carries(a) {
			given = true
			break
		}
	}
	sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !given && !(isSel && carries(sel.X)) {
		return storedData
	}
	c := x.callee(file, call)
	switch {
	case !c.Valid():
	case given && logPackages[c.Path]:
		return logSink
	case given && diagnosticsPackages[c.Path]:
		return diagnostics
	case given && (c.Name == "SetOutput" || anyWord(c.Name, logWords) || anyWord(c.Recv, logWords)):
		return logSink // e.Logger.SetOutput(f), handlers.LoggingHandler(f, h), gin.LoggerWithWriter(f)
	case given && (c.Path == "text/template" || c.Path == "html/template") && (c.Name == "Execute" || c.Name == "ExecuteTemplate"):
		return renderedFile
	case c.Path == "io" && (c.Name == "Copy" || c.Name == "CopyN" || c.Name == "CopyBuffer") && len(call.Args) >= 2:
		if carries(call.Args[0]) && x.fromRequest(call.Args[1]) {
			return upload
		}
	case c.Name == "ReadFrom" && isSel && carries(sel.X) && len(call.Args) == 1:
		if x.fromRequest(call.Args[0]) {
			return upload
		}
	}
	return storedData
}

// loggerField reports whether lhs is a logger's output: a field of a value
// whose type a logging library declares (logger.Out = f), or a package
// variable of one (gin.DefaultWriter = f, log.Logger = ...).
func (x *index) loggerField(file *ast.File, lhs ast.Expr) bool {
	sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
		path := ""
		if pn, ok := x.pass.TypesInfo.Uses[id].(*types.PkgName); ok {
			path = pn.Imported().Path()
		} else if x.pass.TypesInfo.Uses[id] == nil {
			path = analysisutil.ImportPathByName(file, id.Name)
		}
		if path != "" {
			return logPackages[path] || anyWord(sel.Sel.Name, logWords) ||
				path == "github.com/gin-gonic/gin" && (sel.Sel.Name == "DefaultWriter" || sel.Sel.Name == "DefaultErrorWriter")
		}
	}
	if tv, ok := x.pass.TypesInfo.Types[sel.X]; ok && tv.Type != nil {
		if path, name := analysisutil.TypePath(tv.Type); logPackages[path] || anyWord(name, logWords) {
			return true
		}
	}
	return false
}

// loggerType reports whether a composite literal builds a value of a type
// from a logging library or named for logging.
func (x *index) loggerType(lit *ast.CompositeLit) bool {
	if tv, ok := x.pass.TypesInfo.Types[lit]; ok && tv.Type != nil {
		if path, name := analysisutil.TypePath(tv.Type); path != "" {
			return logPackages[path] || anyWord(name, logWords)
		}
	}
	if sel, ok := lit.Type.(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			return anyWord(id.Name, logWords) || anyWord(sel.Sel.Name, logWords)
		}
	}
	return false
}

// fromRequest reports whether a reader carries what a client sent: a
// request body, an uploaded multipart file or part, or something that reads
// from one (io.LimitReader(r.Body, n)).
func (x *index) fromRequest(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		ex, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		if tv, ok := x.pass.TypesInfo.Types[ex]; ok && tv.Type != nil {
			switch path, name := analysisutil.TypePath(tv.Type); {
			case path == "mime/multipart" && (name == "File" || name == "Part" || name == "FileHeader"):
				found = true
				return false
			}
		}
		if sel, ok := ex.(*ast.SelectorExpr); ok && sel.Sel.Name == "Body" {
			if tv, ok := x.pass.TypesInfo.Types[sel.X]; ok && tv.Type != nil {
				if path, name := analysisutil.TypePath(tv.Type); path == "net/http" && name == "Request" {
					found = true
				}
			} else if id, ok := sel.X.(*ast.Ident); ok && (id.Name == "r" || id.Name == "req" || id.Name == "request") {
				found = true // degraded: r.Body
			}
		}
		if id, ok := ex.(*ast.Ident); ok {
			// A variable given an uploaded file: file, _, _ := r.FormFile("f").
			if v := x.varOf(id); v != nil {
				for _, val := range x.values[v] {
					if call, ok := ast.Unparen(val.expr).(*ast.CallExpr); ok {
						if name, _ := funName(call); name == "FormFile" || name == "NextPart" {
							found = true
						}
					}
				}
			}
		}
		return true
	})
	return found
}

// carries reports whether e is one of the tracked values, or a value
// made from one: &f, a call of a tracked function, a call given one
// (io.MultiWriter(f, os.Stdout), bufio.NewWriter(f), append(ws, f)) or a
// composite literal holding one. f.Name() and other methods of a tracked
// value do not carry it.
func (x *index) carries(e ast.Expr, tracked map[types.Object]bool) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj := x.pass.TypesInfo.ObjectOf(e)
		return obj != nil && tracked[obj]
	case *ast.UnaryExpr:
		return x.carries(e.X, tracked)
	case *ast.StarExpr:
		return x.carries(e.X, tracked)
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && x.carries(id, tracked) {
			return true
		}
		for _, a := range e.Args {
			if x.carries(a, tracked) {
				return true
			}
		}
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			if x.carries(elt, tracked) {
				return true
			}
		}
	}
	return false
}

// declAt returns the function declaration of the package that contains
// pos, or nil.
func (x *index) declAt(n ast.Node) *ast.FuncDecl {
	file := analysisutil.FileOf(x.pass, n.Pos())
	if file == nil {
		return nil
	}
	for _, d := range file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && fd.Pos() <= n.Pos() && n.End() <= fd.End() {
			return fd
		}
	}
	return nil
}

// outerDecl returns the function declaration on the stack, or nil.
func outerDecl(stack []ast.Node) *ast.FuncDecl {
	for _, n := range stack {
		if fd, ok := n.(*ast.FuncDecl); ok {
			return fd
		}
	}
	return nil
}

// inFuncLit reports whether the stack is inside a function literal.
func inFuncLit(stack []ast.Node) bool {
	for _, n := range stack {
		if _, ok := n.(*ast.FuncLit); ok {
			return true
		}
	}
	return false
}

// anyWord reports whether one of the words of ident is in set.
func anyWord(ident string, set map[string]bool) bool {
	for _, w := range analysisutil.Words(ident) {
		if set[w] {
			return true
		}
	}
	return false
}
