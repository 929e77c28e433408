package localdisk

import (
	"go/ast"
	"go/constant"
	"strings"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
	"github.com/stateaudit/stateaudit/rules"
)

// EmbeddedDatabase is a database engine linked into the service that keeps
// its files on local disk.
var EmbeddedDatabase = rules.Register(&rules.Rule{
	ID:       "embedded-database",
	Title:    "Embedded database on local disk",
	Category: rules.Disk,
	Characteristics: []rules.Characteristic{
		rules.FaultTolerance, rules.Scalability, rules.IndependentAndIsolated,
	},
	Practice: rules.BackingServices,
	Severity: rules.Warning,
	Source:   rules.GoSource,
	Summary:  "Reports embedded databases opened on local disk: bbolt, boltdb, storm, badger, pebble, goleveldb, SQLite, bleve and nutsdb.",
	Rationale: `An embedded database is a file on the disk of the instance that opened it.
Only that process can use it (most engines lock the file), so a second replica
gets a database of its own and the two drift apart; other services cannot reach
the data except through this one. When the pod is rescheduled, the container
layer or ` + "`emptyDir`" + ` holding the files is gone, and with it the data.

The analyzer reports ` + "`bbolt.Open`" + `, ` + "`bolt.Open`" + `, ` + "`storm.Open`" + `, badger's ` + "`Open`" + ` and
` + "`OpenManaged`" + `, ` + "`pebble.Open`" + `, goleveldb's ` + "`OpenFile`" + ` and ` + "`RecoverFile`" + `,
` + "`sql.Open`" + ` with a SQLite driver (` + "`sqlite3`" + `, ` + "`sqlite`" + `), the gorm and glebarez SQLite
dialectors, bleve's ` + "`New`" + ` and ` + "`Open`" + `, and ` + "`nutsdb.Open`" + `. It names the database
file when the package shows it.`,
	Fires: []string{
		"`bbolt.Open(\"/var/lib/orders/orders.db\", 0o600, nil)`",
		"`badger.Open(badger.DefaultOptions(\"/data/badger\"))`",
		"`sql.Open(\"sqlite3\", \"file:orders.db?cache=shared\")`",
		"`gorm.Open(sqlite.Open(\"app.db\"), &gorm.Config{})`",
	},
	Quiet: []string{
		"`sql.Open(\"postgres\", dsn)` and other network databases",
		"SQLite `\":memory:\"`, `\"file::memory:…\"` and `mode=memory` DSNs",
		"`badger.Open(badger.DefaultOptions(\"\").WithInMemory(true))`",
		"`bleve.NewMemOnly(mapping)`",
	},
	Remediation: "Move the data to a database run as a backing service that every replica reaches, such as PostgreSQL, or to a managed key-value store.",
})

// sqliteDrivers are the database/sql driver names of SQLite drivers
// (mattn/go-sqlite3, modernc.org/sqlite, glebarez/go-sqlite).
var sqliteDrivers = map[string]bool{"sqlite3": true, "sqlite": true, "sqlite3_extended": true}

// checkSQLOpen reports sql.Open of a SQLite driver with an on-disk DSN.
func (x *index) checkSQLOpen(call *ast.CallExpr) (finding, bool) {
	if len(call.Args) != 2 {
		return finding{}, false
	}
	driver, ok := analysisutil.ConstString(x.pass, call.Args[0])
	if !ok || !sqliteDrivers[driver] {
		return finding{}, false
	}
	dsn := x.pathOf(call.Args[1], 0)
	if memoryDSN(dsn) {
		return finding{}, false
	}
	return finding{path: dsnPath(dsn), what: "an embedded " + driver + " database"}, true
}

// memoryDSN reports whether a SQLite DSN keeps the database in memory.
func memoryDSN(p pathInfo) bool {
	if p.exact && (p.path == "" || p.path == ":memory:") {
		return true
	}
	return strings.Contains(p.path, ":memory:") || strings.Contains(p.path, "mode=memory")
}

// dsnPath turns a SQLite DSN into the file it names: without the "file:"
// scheme and the query.
func dsnPath(p pathInfo) pathInfo {
	s := strings.TrimPrefix(p.path, "file:")
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return pathInfo{}
	}
	p.path = s
	return p
}

// badgerOptions reads badger options built in the same expression or
// assigned to a variable of the package: the directory given to
// DefaultOptions, LSMOnlyOptions or WithDir (or the Dir field), and whether
// WithInMemory(true) (or InMemory = true) keeps the database in memory.
func (x *index) badgerOptions(e ast.Expr, depth int) (p pathInfo, inMemory bool) {
	if depth > maxDepth {
		return pathInfo{}, false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		name, recv := funName(e)
		switch name {
		case "DefaultOptions", "LSMOnlyOptions":
			if len(e.Args) == 1 {
				return x.pathOf(e.Args[0], depth+1), false
			}
			return pathInfo{}, false
		}
		if recv == nil {
			return pathInfo{}, false
		}
		p, inMemory = x.badgerOptions(recv, depth+1)
		switch name {
		case "WithInMemory":
			if len(e.Args) == 1 {
				inMemory = x.isTrue(e.Args[0])
			}
		case "WithDir":
			if len(e.Args) == 1 {
				p = x.pathOf(e.Args[0], depth+1)
			}
		}
		return p, inMemory
	case *ast.Ident:
		v := x.varOf(e)
		if v == nil {
			return pathInfo{}, false
		}
		if vals := x.values[v]; len(vals) == 1 && vals[0].expr != nil && vals[0].index < 0 && vals[0].op == 0 {
			p, inMemory = x.badgerOptions(vals[0].expr, depth+1)
		}
		for _, f := range x.fields[v] {
			switch f.name {
			case "InMemory":
				inMemory = x.isTrue(f.expr)
			case "Dir":
				p = x.pathOf(f.expr, depth+1)
			}
		}
		return p, inMemory
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			switch key, _ := kv.Key.(*ast.Ident); {
			case key == nil:
			case key.Name == "InMemory":
				inMemory = x.isTrue(kv.Value)
			case key.Name == "Dir":
				p = x.pathOf(kv.Value, depth+1)
			}
		}
		return p, inMemory
	case *ast.UnaryExpr:
		return x.badgerOptions(e.X, depth+1)
	}
	return pathInfo{}, false
}

// nutsPath finds the directory of nutsdb.Open(opts, ...Option): a WithDir
// option, or the Dir of the options.
func (x *index) nutsPath(call *ast.CallExpr) pathInfo {
	for _, arg := range call.Args[min(1, len(call.Args)):] {
		if c, ok := ast.Unparen(arg).(*ast.CallExpr); ok {
			if name, _ := funName(c); name == "WithDir" && len(c.Args) == 1 {
				return x.pathOf(c.Args[0], 0)
			}
		}
	}
	if len(call.Args) > 0 {
		p, _ := x.badgerOptions(call.Args[0], 0)
		return p
	}
	return pathInfo{}
}

// isTrue reports whether e is the constant true.
func (x *index) isTrue(e ast.Expr) bool {
	if tv, ok := x.pass.TypesInfo.Types[e]; ok && tv.Value != nil {
		return tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "true"
}

// funName returns the name of the called function or method and, for a
// selector, the expression it is selected from.
func funName(call *ast.CallExpr) (string, ast.Expr) {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f.Name, nil
	case *ast.SelectorExpr:
		return f.Sel.Name, f.X
	}
	return "", nil
}
