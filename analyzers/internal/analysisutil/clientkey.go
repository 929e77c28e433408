package analysisutil

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// identityWords mark a cookie, header or parameter name as naming the client.
var identityWords = map[string]bool{
	"user": true, "users": true, "uid": true, "userid": true, "session": true, "sess": true, "sid": true,
	"sessionid": true, "token": true, "auth": true, "authorization": true, "account": true, "client": true,
	"customer": true, "login": true, "cart": true, "visitor": true, "principal": true, "subject": true,
	"email": true, "jwt": true, "bearer": true, "tenant": true,
}

// headerMethods read a request header by name (net/http's Header.Get, gin's
// GetHeader, fiber's Get, echo's Request().Header.Get).
var headerMethods = map[string]bool{"Get": true, "GetHeader": true, "Values": true}

// paramMethods read a form, query or path parameter by name.
var paramMethods = map[string]bool{
	"FormValue": true, "PostFormValue": true, "Query": true, "DefaultQuery": true, "PostForm": true,
	"Param": true, "Params": true, "QueryParam": true, "FormParams": true, "GetString": true,
}

// ClientKey reports whether a map key identifies the client that made the
// request — a cookie's value, an identity header (X-User-ID,
// Authorization), a form or query parameter named for a user, session or
// token — and says which ("the X-User-ID header"). It follows local
// variables to the assignment that defines them, within fn.
func ClientKey(pass *analysis.Pass, fn ast.Node, key ast.Expr) (string, bool) {
	return clientKey(pass, fn, key, 0)
}

func clientKey(pass *analysis.Pass, fn ast.Node, e ast.Expr, depth int) (what string, ok bool) {
	if e == nil || depth > 3 {
		return "", false
	}
	ast.Inspect(e, func(n ast.Node) bool {
		if ok {
			return false
		}
		switch x := n.(type) {
		case *ast.CallExpr:
			sel, isSel := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if !isSel {
				return true
			}
			name := sel.Sel.Name
			lit := literalArg(x)
			switch {
			case name == "Cookie" || name == "Cookies":
				what, ok = "the "+quoteOr(lit, "session")+" cookie", true
			case headerMethods[name] && lit != "" && identityName(lit) && isHeaderRead(pass, sel):
				what, ok = "the "+lit+" header", true
			case paramMethods[name] && lit != "" && identityName(lit):
				what, ok = "the "+lit+" parameter", true
			}
		case *ast.Ident:
			if def := definition(pass, fn, x); def != nil {
				what, ok = clientKey(pass, fn, def, depth+1)
			}
			return false
		}
		return true
	})
	return what, ok
}

// isHeaderRead tells header.Get("X-User") from any other Get: the receiver
// is an http.Header (r.Header.Get), or the method is a framework's GetHeader.
func isHeaderRead(pass *analysis.Pass, sel *ast.SelectorExpr) bool {
	if sel.Sel.Name == "GetHeader" {
		return true
	}
	if inner, ok := ast.Unparen(sel.X).(*ast.SelectorExpr); ok && inner.Sel.Name == "Header" {
		return true
	}
	if tv, ok := pass.TypesInfo.Types[sel.X]; ok && tv.Type != nil {
		path, name := TypePath(tv.Type)
		return path == "net/http" && name == "Header" || name == "Ctx" // fiber's c.Get(header)
	}
	return false
}

// identityName reports whether a cookie, header or parameter name speaks of
// the client: "X-User-ID", "session_id", "Authorization".
func identityName(s string) bool {
	for _, w := range Words(s) {
		if identityWords[w] {
			return true
		}
	}
	return false
}

func literalArg(call *ast.CallExpr) string {
	if len(call.Args) == 0 {
		return ""
	}
	if lit, ok := ast.Unparen(call.Args[0]).(*ast.BasicLit); ok && lit.Kind == token.STRING {
		if s, err := strconv.Unquote(lit.Value); err == nil {
			return s
		}
	}
	return ""
}

func quoteOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// definition returns the expression a local variable was last given by an
// assignment or declaration in fn, or nil.
func definition(pass *analysis.Pass, fn ast.Node, id *ast.Ident) ast.Expr {
	v, ok := pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || fn == nil || v.Pos() < fn.Pos() || v.Pos() >= fn.End() {
		return nil
	}
	var def ast.Expr
	ast.Inspect(fn, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range s.Lhs {
				lid, ok := lhs.(*ast.Ident)
				if !ok || pass.TypesInfo.ObjectOf(lid) != v {
					continue
				}
				if len(s.Rhs) == len(s.Lhs) {
					def = s.Rhs[i]
				} else if len(s.Rhs) == 1 {
					def = s.Rhs[0] // v, err := r.Cookie("sid")
				}
			}
		case *ast.ValueSpec:
			for i, name := range s.Names {
				if pass.TypesInfo.Defs[name] == v && i < len(s.Values) {
					def = s.Values[i]
				}
			}
		}
		return true
	})
	return def
}
