package sessionstate

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"slices"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
)

// storeKind says where a session store keeps its sessions.
type storeKind int

const (
	inMemory storeKind = iota + 1
	onDisk
)

// storeCtor describes a session-store constructor. When check is set it
// decides the kind (0: quiet) and gives the reason reported with it.
type storeCtor struct {
	kind  storeKind
	check func(s *storeScan, call *ast.CallExpr, stack []ast.Node) (storeKind, string)
}

var (
	memory = storeCtor{kind: inMemory}
	disk   = storeCtor{kind: onDisk}
)

// storeCtors is keyed by analysisutil.Callee.Key.
var storeCtors = map[string]storeCtor{
	// scs v2 defaults to memstore unless .Store is assigned.
	"github.com/alexedwards/scs/v2.New":                             {check: scsStoreUnset},
	"github.com/alexedwards/scs/v2/memstore.New":                    memory,
	"github.com/alexedwards/scs/v2/memstore.NewWithCleanupInterval": memory,
	"github.com/gin-contrib/sessions/memstore.NewStore":             memory,
	"github.com/quasoft/memstore.NewMemStore":                       memory,

	// Fiber: memory unless the Config names a Storage (v3: or a Store).
	"github.com/gofiber/fiber/v2/middleware/session.New":          {check: configWithout("Storage")},
	"github.com/gofiber/fiber/v3/middleware/session.New":          {check: configWithout("Storage", "Store")},
	"github.com/gofiber/fiber/v3/middleware/session.NewWithStore": {check: configWithout("Storage", "Store")},
	"github.com/gofiber/fiber/v3/middleware/session.NewStore":     {check: configWithout("Storage")},
	"github.com/gofiber/session/v2.New":                           {check: configWithout("Provider")},

	// beego: the provider name decides.
	"github.com/beego/beego/v2/server/web/session.NewManager": {check: beegoProvider},
	"github.com/astaxie/beego/session.NewManager":             {check: beegoProvider},

	// go-session: memory unless a SetStore option is given.
	"github.com/go-session/session/v3.NewManager":  {check: withoutOption("github.com/go-session/session/v3.SetStore")},
	"github.com/go-session/session/v3.InitManager": {check: withoutOption("github.com/go-session/session/v3.SetStore")},

	// iris: memory unless UseDatabase is called on the result.
	"github.com/kataras/iris/v12/sessions.New": {check: irisWithoutDatabase},

	// Node-local files and embedded databases.
	"github.com/gorilla/sessions.NewFilesystemStore":                   disk,
	"github.com/gin-contrib/sessions/filesystem.NewStore":              disk,
	"github.com/alexedwards/scs/badgerstore.New":                       disk,
	"github.com/alexedwards/scs/badgerstore.NewWithCleanupInterval":    disk,
	"github.com/alexedwards/scs/boltstore.New":                         disk,
	"github.com/alexedwards/scs/boltstore.NewWithCleanupInterval":      disk,
	"github.com/alexedwards/scs/buntdbstore.New":                       disk,
	"github.com/alexedwards/scs/buntdbstore.NewWithCleanupInterval":    disk,
	"github.com/alexedwards/scs/leveldbstore.New":                      disk,
	"github.com/alexedwards/scs/leveldbstore.NewWithCleanupInterval":   disk,
	"github.com/alexedwards/scs/sqlite3store.New":                      disk,
	"github.com/alexedwards/scs/sqlite3store.NewWithCleanupInterval":   disk,
	"github.com/kataras/iris/v12/sessions/sessiondb/boltdb.New":        disk,
	"github.com/kataras/iris/v12/sessions/sessiondb/badger.New":        disk,
	"github.com/kataras/iris/v12/sessions/sessiondb/badger.NewFromDB":  disk,
	"github.com/kataras/iris/v12/sessions/sessiondb/boltdb.NewFromDB":  disk,
	"github.com/kataras/iris/v12/sessions/sessiondb/boltdb.NewFromDBx": disk,
}

// storeMiddlewares are middlewares that take a store, keyed by Callee.Key,
// with the index of the store argument.
var storeMiddlewares = map[string]int{
	"github.com/labstack/echo-contrib/session.Middleware": 0,
	"github.com/gin-contrib/sessions.Sessions":            1,
	"github.com/gin-contrib/sessions.SessionsMany":        1,
}

// storeTypes classifies a store handed to a middleware by its type
// ("path.Name").
var storeTypes = map[string]storeKind{
	"github.com/gorilla/sessions.FilesystemStore":      onDisk,
	"github.com/gin-contrib/sessions/filesystem.Store": onDisk,
	"github.com/quasoft/memstore.MemStore":             inMemory,
	"github.com/gin-contrib/sessions/memstore.Store":   inMemory,
}

// storeLibraries are the import paths the tables above name.
var storeLibraries = func() map[string]bool {
	m := map[string]bool{}
	for key := range storeCtors {
		m[pathOf(key)] = true
	}
	for key := range storeMiddlewares {
		m[pathOf(key)] = true
	}
	for key := range storeTypes {
		m[pathOf(key)] = true
	}
	for path := range beegoWebPackages {
		m[path] = true
	}
	return m
}()

func scsStoreUnset(s *storeScan, call *ast.CallExpr, stack []ast.Node) (storeKind, string) {
	if s.configuredLater(call, stack, "Store", false, "github.com/alexedwards/scs/v2", "SessionManager") {
		return 0, ""
	}
	return inMemory, "its Store is never set"
}

func irisWithoutDatabase(s *storeScan, call *ast.CallExpr, stack []ast.Node) (storeKind, string) {
	if s.configuredLater(call, stack, "UseDatabase", true, "github.com/kataras/iris/v12/sessions", "Sessions") {
		return 0, ""
	}
	return inMemory, "UseDatabase is never called on it"
}

// configWithout reports a constructor whose optional Config argument names
// none of fields. A Config the analyzer cannot see (a call result, a
// parameter, a spread slice) is given the benefit of the doubt.
func configWithout(fields ...string) func(*storeScan, *ast.CallExpr, []ast.Node) (storeKind, string) {
	return func(s *storeScan, call *ast.CallExpr, _ []ast.Node) (storeKind, string) {
		if call.Ellipsis.IsValid() {
			return 0, ""
		}
		if len(call.Args) > 0 {
			if t := s.configSets(call.Args[0], fields, 0); t != no {
				return 0, ""
			}
		}
		return inMemory, "its Config sets no " + fields[0]
	}
}

// tri is a three-valued answer.
type tri int

const (
	no tri = iota
	yes
	unknown
)

// configSets says whether a config value (a composite literal, or a variable
// bound to composite literals) sets one of fields.
func (s *storeScan) configSets(e ast.Expr, fields []string, depth int) tri {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	if lit, ok := e.(*ast.CompositeLit); ok {
		for _, elt := range lit.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				return unknown // positional fields
			}
			if id, ok := kv.Key.(*ast.Ident); ok && slices.Contains(fields, id.Name) {
				return yes
			}
		}
		return no
	}
	key := s.bindingKey(e)
	if key == nil || depth > 3 || len(s.values[key]) == 0 {
		return unknown
	}
	for _, f := range fields {
		if s.sets[key][f] {
			return yes
		}
	}
	answer := no
	for _, v := range s.values[key] {
		switch s.configSets(v, fields, depth+1) {
		case yes:
			return yes
		case unknown:
			answer = unknown
		}
	}
	return answer
}

// withoutOption reports a constructor of functional options none of which
// is the option setter (a Callee.Key).
func withoutOption(setter string) func(*storeScan, *ast.CallExpr, []ast.Node) (storeKind, string) {
	return func(s *storeScan, call *ast.CallExpr, _ []ast.Node) (storeKind, string) {
		if call.Ellipsis.IsValid() {
			return 0, ""
		}
		for _, a := range call.Args {
			if s.isOption(a, setter, 0) != no {
				return 0, ""
			}
		}
		c := s.calleeOf(call)
		return inMemory, fmt.Sprintf("no %s option is given", analysisutil.DefaultImportName(c.Path)+"."+lastName(setter))
	}
}

func (s *storeScan) isOption(e ast.Expr, setter string, depth int) tri {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		c := s.calleeOf(call)
		switch {
		case !c.Valid():
			return unknown
		case c.Key() == setter:
			return yes
		case c.Path == pathOf(setter):
			return no // another option of the same library
		}
		return unknown
	}
	key := s.bindingKey(e)
	if key == nil || depth > 3 || len(s.values[key]) == 0 {
		return unknown
	}
	answer := no
	for _, v := range s.values[key] {
		switch s.isOption(v, setter, depth+1) {
		case yes:
			return yes
		case unknown:
			answer = unknown
		}
	}
	return answer
}

func beegoProvider(s *storeScan, call *ast.CallExpr, _ []ast.Node) (storeKind, string) {
	if len(call.Args) == 0 {
		return 0, ""
	}
	name, ok := analysisutil.ConstString(s.pass, call.Args[0])
	if !ok {
		return 0, ""
	}
	switch name {
	case "memory":
		return inMemory, `the provider is "memory"`
	case "file":
		return onDisk, `the provider is "file"`
	}
	return 0, ""
}

// beegoWebPackages declare beego's BConfig.
var beegoWebPackages = map[string]bool{
	"github.com/beego/beego/v2/server/web": true,
	"github.com/astaxie/beego":             true,
}

// checkBeegoSessionOn reports `web.BConfig.WebConfig.Session.SessionOn =
// true` when the package leaves SessionProvider at its default, "memory",
// or sets it to "memory" or "file".
func (s *storeScan) checkBeegoSessionOn(file *ast.File, as *ast.AssignStmt) {
	if len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return
	}
	sel, ok := ast.Unparen(as.Lhs[0]).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "SessionOn" {
		return
	}
	degraded, ok := s.beegoField(file, sel)
	if !ok || !isTrue(s, as.Rhs[0]) {
		return
	}
	kind, provider := inMemory, "left at its default"
	for _, set := range s.allSets {
		if set.Sel.Name != "SessionProvider" {
			continue
		}
		if _, ok := s.beegoField(analysisutil.FileOf(s.pass, set.Pos()), set); !ok {
			continue
		}
		kind, provider = 0, ""
		if v, ok := s.assignedString(set); ok {
			switch v {
			case "memory":
				kind, provider = inMemory, `"memory"`
			case "file":
				kind, provider = onDisk, `"file"`
			}
		}
	}
	if kind == 0 {
		return
	}
	rule, where := MemorySessionStore, "in process memory"
	if kind == onDisk {
		rule, where = LocalSessionStore, "on the node's disk"
	}
	msg := fmt.Sprintf("beego sessions are kept %s: SessionOn is set and SessionProvider is %s", where, provider)
	if degraded {
		msg += analysisutil.DegradedSuffix
	}
	analysisutil.Report(s.pass, rule, as, "%s", msg)
}

// beegoField reports whether sel selects a field of beego's session
// configuration: by the field's package with types, else by the selector
// chain BConfig.WebConfig.Session.<field> from an imported beego package.
func (s *storeScan) beegoField(file *ast.File, sel *ast.SelectorExpr) (degraded, ok bool) {
	if v, isVar := s.pass.TypesInfo.Uses[sel.Sel].(*types.Var); isVar && v.Pkg() != nil {
		return false, v.IsField() && beegoWebPackages[v.Pkg().Path()]
	}
	want := []string{"BConfig", "WebConfig", "Session"}
	x := ast.Unparen(sel.X)
	for i := len(want) - 1; i >= 0; i-- {
		next, isSel := x.(*ast.SelectorExpr)
		if !isSel || next.Sel.Name != want[i] {
			return false, false
		}
		x = ast.Unparen(next.X)
	}
	id, isIdent := x.(*ast.Ident)
	if !isIdent {
		return false, false
	}
	path := ""
	if pn, isPkg := s.pass.TypesInfo.Uses[id].(*types.PkgName); isPkg {
		path = pn.Imported().Path()
	} else if s.pass.TypesInfo.Uses[id] == nil && file != nil {
		path = analysisutil.ImportPathByName(file, id.Name)
	}
	return true, beegoWebPackages[path]
}

// assignedString returns the constant string assigned to sel.
func (s *storeScan) assignedString(sel *ast.SelectorExpr) (string, bool) {
	for _, v := range s.values[s.bindingKey(sel)] {
		if str, ok := analysisutil.ConstString(s.pass, v); ok {
			return str, true
		}
	}
	return "", false
}

func isTrue(s *storeScan, e ast.Expr) bool {
	if tv, ok := s.pass.TypesInfo.Types[e]; ok && tv.Value != nil {
		return tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "true"
}

// pathOf and lastName split a "path.Name" key.
func pathOf(key string) string {
	for i := len(key) - 1; i >= 0; i-- {
		if key[i] == '.' {
			return key[:i]
		}
	}
	return ""
}

func lastName(key string) string { return key[len(pathOf(key))+1:] }
