package analysisutil

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// handlerParams are the parameter types that make a function a request
// handler, by package path and type name.
var handlerParams = map[string]bool{
	"net/http.ResponseWriter":                              true,
	"net/http.Request":                                     true,
	"github.com/gin-gonic/gin.Context":                     true,
	"github.com/labstack/echo/v4.Context":                  true,
	"github.com/labstack/echo.Context":                     true,
	"github.com/gofiber/fiber/v2.Ctx":                      true,
	"github.com/gofiber/fiber/v3.Ctx":                      true,
	"github.com/valyala/fasthttp.RequestCtx":               true,
	"github.com/kataras/iris/v12.Context":                  true,
	"github.com/kataras/iris/v12/context.Context":          true,
	"github.com/beego/beego/v2/server/web/context.Context": true,
	"github.com/gorilla/websocket.Conn":                    true,
	"github.com/coder/websocket.Conn":                      true,
	"nhooyr.io/websocket.Conn":                             true,
}

// IsHandler reports whether a function with this type handles a request: it
// takes an http.ResponseWriter or *http.Request, a framework context (gin,
// echo, fiber, fasthttp, iris, beego), or it is a gRPC-style method
// (ctx context.Context, *Request) (*Response, error) on a server type.
func IsHandler(pass *analysis.Pass, file *ast.File, ft *ast.FuncType, recv *ast.FieldList) bool {
	if ft == nil || ft.Params == nil {
		return false
	}
	for _, p := range ft.Params.List {
		if path, name := paramType(pass, file, p.Type); handlerParams[path+"."+name] {
			return true
		}
	}
	return isGRPCMethod(pass, file, ft, recv)
}

func paramType(pass *analysis.Pass, file *ast.File, expr ast.Expr) (path, name string) {
	if tv, ok := pass.TypesInfo.Types[expr]; ok && tv.Type != nil {
		if p, n := TypePath(tv.Type); p != "" {
			return p, n
		}
	}
	// Degraded: read the type expression and the import table.
	if star, ok := expr.(*ast.StarExpr); ok {
		expr = star.X
	}
	if sel, ok := expr.(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			return ImportPathByName(file, id.Name), sel.Sel.Name
		}
	}
	return "", ""
}

// isGRPCMethod matches (ctx context.Context, req *T) (*U, error) methods on a
// receiver whose type name speaks of a server, and streaming methods taking a
// grpc.ServerStream-like argument.
func isGRPCMethod(pass *analysis.Pass, file *ast.File, ft *ast.FuncType, recv *ast.FieldList) bool {
	if recv == nil || len(recv.List) == 0 {
		return false
	}
	rt := recv.List[0].Type
	if star, ok := rt.(*ast.StarExpr); ok {
		rt = star.X
	}
	id, ok := rt.(*ast.Ident)
	if !ok || !strings.Contains(strings.ToLower(id.Name), "server") && !strings.Contains(strings.ToLower(id.Name), "service") {
		return false
	}
	params := ft.Params.List
	if len(params) == 0 {
		return false
	}
	path, name := paramType(pass, file, params[0].Type)
	if path == "context" && name == "Context" {
		// Unary RPC: (ctx, *Request) (*Response, error). A method of a
		// "server" type that merely takes a context and returns
		// something (newServerApp(ctx), CreateQueue(ctx, name, cfg)) is
		// not one.
		return fieldCount(ft.Params) == 2 && fieldCount(ft.Results) == 2 && isMessagePtr(pass, params[len(params)-1].Type)
	}
	// Streaming RPC: the last parameter is a generated *_Server stream.
	_, last := paramType(pass, file, params[len(params)-1].Type)
	if strings.HasSuffix(last, "Server") {
		return true
	}
	if tv, ok := pass.TypesInfo.Types[params[len(params)-1].Type]; ok && tv.Type != nil {
		if iface, ok := tv.Type.Underlying().(*types.Interface); ok {
			for i := 0; i < iface.NumMethods(); i++ {
				if iface.Method(i).Name() == "SendMsg" {
					return true
				}
			}
		}
	}
	return false
}

// FuncInfo describes the function that encloses a node.
type FuncInfo struct {
	// Name is the declared function's name, or the enclosing declaration's
	// name with ".func" appended for a literal.
	Name string
	// Decl is the enclosing declaration (nil at package level).
	Decl *ast.FuncDecl
	// Handler is set when the innermost function (literal or declaration)
	// has a request-handler signature.
	Handler bool
	// Init is set inside func init() and package-level initialisers.
	Init bool
}

// Enclosing walks the stack (outermost first, as given by
// inspector.WithStack) and describes the innermost enclosing function.
func Enclosing(pass *analysis.Pass, file *ast.File, stack []ast.Node) FuncInfo {
	var info FuncInfo
	info.Init = true
	for _, n := range stack {
		switch fn := n.(type) {
		case *ast.FuncDecl:
			info.Decl = fn
			info.Name = fn.Name.Name
			if fn.Recv != nil && len(fn.Recv.List) > 0 {
				info.Name = recvName(fn.Recv.List[0].Type) + "." + fn.Name.Name
			}
			info.Init = fn.Recv == nil && fn.Name.Name == "init"
			info.Handler = IsHandler(pass, file, fn.Type, fn.Recv)
		case *ast.FuncLit:
			info.Init = false
			if info.Name != "" && !strings.HasSuffix(info.Name, ".func") {
				info.Name += ".func"
			}
			info.Handler = info.Handler || IsHandler(pass, file, fn.Type, nil)
		}
	}
	return info
}

func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return "?"
}

// fieldCount counts the parameters or results of a field list.
func fieldCount(fl *ast.FieldList) int {
	if fl == nil {
		return 0
	}
	n := 0
	for _, f := range fl.List {
		if len(f.Names) == 0 {
			n++
		} else {
			n += len(f.Names)
		}
	}
	return n
}

// isMessagePtr reports whether a parameter is a pointer to a named type, as
// an RPC request message is (or an unresolved *pkg.Type when types are
// missing).
func isMessagePtr(pass *analysis.Pass, expr ast.Expr) bool {
	star, ok := expr.(*ast.StarExpr)
	if !ok {
		return false
	}
	if tv, ok := pass.TypesInfo.Types[star.X]; ok && tv.Type != nil && tv.Type != types.Typ[types.Invalid] {
		_, named := types.Unalias(tv.Type).(*types.Named)
		if !named {
			return false
		}
		_, isStruct := tv.Type.Underlying().(*types.Struct)
		return isStruct
	}
	switch star.X.(type) {
	case *ast.SelectorExpr, *ast.Ident:
		return true
	}
	return false
}
