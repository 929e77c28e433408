package localdisk

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
	"github.com/stateaudit/stateaudit/rules"
)

// Analyzer reports data written to local disk and embedded databases.
var Analyzer = &analysis.Analyzer{
	Name:             "localdisk",
	Doc:              rules.AnalyzerDoc("report data written to local disk and embedded databases", Rules()...),
	URL:              "https://github.com/stateaudit/stateaudit/tree/main/analyzers/localdisk",
	Run:              run,
	RunDespiteErrors: true,
	ResultType:       reflect.TypeOf((*Result)(nil)),
}

// Rules returns the rules this analyzer reports.
func Rules() []*rules.Rule { return []*rules.Rule{LocalFileWrite, EmbeddedDatabase} }

// Result lists the local-disk writes of one package, so that the audit
// engine can pair a Go write with the volume mounted at its path (an
// emptyDir at /var/lib/orders loses what the code writes there).
type Result struct {
	// Writes holds one entry per reported diagnostic that keeps data, in
	// source order. Writes set aside as no data of their own are left out:
	// log files, profiles and temporary files (not reported at all), and
	// derived files reported as notes — pid files, health-check markers,
	// sockets, certificates and keys, generated configuration and files
	// rendered from templates — since losing them with the pod loses
	// nothing the process does not rebuild.
	Writes []Write
}

// Write is one reported write or open on local disk.
type Write struct {
	// Pos is the position of the call, the same as the diagnostic's.
	Pos token.Pos
	// Path is the constant path written, or its constant prefix when
	// Prefix is set; "" when the path is not known.
	Path string
	// Prefix is set when Path is only the beginning of the path: the
	// directory of a filepath.Join, or the constant head of a
	// concatenation ("/var/lib/orders/order-").
	Prefix bool
	// Call names the function as the message does ("os.WriteFile",
	// "bbolt.Open", "gin.Context.SaveUploadedFile").
	Call string
	// Rule is the ID of the rule reported.
	Rule string
	// Severity is the finding's severity: the rule's, or Note for a
	// directory created outside request handling (the app preparing its
	// data directory, whose files are reported where they are written).
	Severity rules.Severity
}

// how says how a call's path (or reason to stay quiet) is found.
type how int

const (
	pathArg    how = iota // the path is argument .path
	openFlag              // argument .path, a write only when argument .flag has a write flag
	sqlOpen               // database/sql.Open(driver, dsn) with a SQLite driver
	sqliteDSN             // a SQLite dialector or driver opened with DSN argument .path
	badgerOpts            // badger.Open(opts): path and in-memory mode from the options
	nutsOpts              // nutsdb.Open(opts, ...Option): path from Dir or WithDir
	osFs                  // afero.NewOsFs(): path from an enclosing NewBasePathFs
)

// verb is what a call does to the disk, which picks its message.
type verb int

const (
	writes verb = iota
	makesDir
	moves
	mountsFS
	opensDB
)

// target describes one library call that keeps data on local disk.
type target struct {
	rule *rules.Rule
	verb verb
	how  how
	path int // index of the path argument
	flag int // index of the open-flag argument (openFlag)
}

func fileWrite(path int) target {
	return target{rule: LocalFileWrite, verb: writes, how: pathArg, path: path}
}
func fileOpen(path, flag int) target {
	return target{rule: LocalFileWrite, verb: writes, how: openFlag, path: path, flag: flag}
}
func mkdir() target         { return target{rule: LocalFileWrite, verb: makesDir, how: pathArg} }
func rename() target        { return target{rule: LocalFileWrite, verb: moves, how: pathArg, path: 1} }
func database(h how) target { return target{rule: EmbeddedDatabase, verb: opensDB, how: h} }

// targets is keyed by analysisutil.Callee.Key().
var targets = map[string]target{
	"os.Create":           fileWrite(0),
	"os.WriteFile":        fileWrite(0),
	"os.OpenFile":         fileOpen(0, 1),
	"os.Mkdir":            mkdir(),
	"os.MkdirAll":         mkdir(),
	"os.Rename":           rename(),
	"io/ioutil.WriteFile": fileWrite(0),
	"os.Root.Create":      fileWrite(0),
	"os.Root.OpenFile":    fileOpen(0, 1),
	"os.Root.WriteFile":   fileWrite(0),
	"os.Root.Mkdir":       mkdir(),
	"os.Root.MkdirAll":    mkdir(),
	"os.Root.Rename":      rename(),

	"github.com/gin-gonic/gin.Context.SaveUploadedFile": fileWrite(1),
	"github.com/gofiber/fiber/v2.Ctx.SaveFile":          fileWrite(1),
	"github.com/gofiber/fiber/v3.Ctx.SaveFile":          fileWrite(1),
	"github.com/gofiber/fiber/v3.DefaultCtx.SaveFile":   fileWrite(1),
	"github.com/spf13/afero.NewOsFs":                    {rule: LocalFileWrite, verb: mountsFS, how: osFs},

	"go.etcd.io/bbolt.Open":                           database(pathArg),
	"github.com/boltdb/bolt.Open":                     database(pathArg),
	"github.com/asdine/storm.Open":                    database(pathArg),
	"github.com/asdine/storm/v3.Open":                 database(pathArg),
	"github.com/dgraph-io/badger.Open":                database(badgerOpts),
	"github.com/dgraph-io/badger.OpenManaged":         database(badgerOpts),
	"github.com/dgraph-io/badger/v2.Open":             database(badgerOpts),
	"github.com/dgraph-io/badger/v2.OpenManaged":      database(badgerOpts),
	"github.com/dgraph-io/badger/v3.Open":             database(badgerOpts),
	"github.com/dgraph-io/badger/v3.OpenManaged":      database(badgerOpts),
	"github.com/dgraph-io/badger/v4.Open":             database(badgerOpts),
	"github.com/dgraph-io/badger/v4.OpenManaged":      database(badgerOpts),
	"github.com/cockroachdb/pebble.Open":              database(pathArg),
	"github.com/cockroachdb/pebble/v2.Open":           database(pathArg),
	"github.com/syndtr/goleveldb/leveldb.OpenFile":    database(pathArg),
	"github.com/syndtr/goleveldb/leveldb.RecoverFile": database(pathArg),
	"database/sql.Open":                               database(sqlOpen),
	"gorm.io/driver/sqlite.Open":                      database(sqliteDSN),
	"github.com/glebarez/sqlite.Open":                 database(sqliteDSN),
	"github.com/blevesearch/bleve.New":                database(pathArg),
	"github.com/blevesearch/bleve.NewUsing":           database(pathArg),
	"github.com/blevesearch/bleve.Open":               database(pathArg),
	"github.com/blevesearch/bleve.OpenUsing":          database(pathArg),
	"github.com/blevesearch/bleve/v2.New":             database(pathArg),
	"github.com/blevesearch/bleve/v2.NewUsing":        database(pathArg),
	"github.com/blevesearch/bleve/v2.Open":            database(pathArg),
	"github.com/blevesearch/bleve/v2.OpenUsing":       database(pathArg),
	"github.com/nutsdb/nutsdb.Open":                   database(nutsOpts),
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{}
	x := newIndex(pass)
	for _, file := range analysisutil.Files(pass) {
		analysisutil.WalkStack(file, func(n ast.Node, stack []ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			c := x.callee(file, call)
			if !c.Valid() {
				return true
			}
			t, ok := targets[c.Key()]
			if !ok {
				return true
			}
			f, ok := x.check(t, c, call, stack)
			if !ok {
				return true
			}
			p := x.classify(write{t: t, c: c, call: call, file: file, stack: stack, path: f.path})
			if p.quiet() {
				return true
			}
			name := callName(c)
			sev := p.severity()
			analysisutil.ReportCallSeverity(pass, t.rule, sev, call, c, "%s", message(t, name, f, p))
			if p.derived() {
				return true // rebuilt from the process's inputs: no data to lose
			}
			res.Writes = append(res.Writes, Write{
				Pos:      call.Pos(),
				Path:     f.path.display(),
				Prefix:   f.path.path != "" && !f.path.exact,
				Call:     name,
				Rule:     t.rule.ID,
				Severity: sev,
			})
			return true
		})
	}
	return res, nil
}

// finding is what check learned about a call that keeps data on disk.
type finding struct {
	path pathInfo
	// what names the database kind for opensDB ("an embedded database").
	what string
}

// check decides whether a matched call keeps data on local disk.
func (x *index) check(t target, c analysisutil.Callee, call *ast.CallExpr, stack []ast.Node) (finding, bool) {
	switch t.how {
	case pathArg, openFlag:
		if t.how == openFlag {
			if t.flag >= len(call.Args) || !x.writeFlag(c, call.Args[t.flag]) {
				return finding{}, false
			}
		}
		p := x.argPath(call, t.path)
		if c.Recv == "Root" && c.Path == "os" {
			p = x.rootPath(call, p)
		}
		if t.rule == LocalFileWrite && p.scratch() {
			return finding{}, false
		}
		return finding{path: p, what: "an embedded database"}, true // what is read for opensDB only
	case sqlOpen:
		return x.checkSQLOpen(call)
	case sqliteDSN:
		p := x.argPath(call, 0)
		if memoryDSN(p) {
			return finding{}, false
		}
		return finding{path: dsnPath(p), what: "an embedded sqlite database"}, true
	case badgerOpts:
		if len(call.Args) == 0 {
			return finding{what: "an embedded database"}, true
		}
		p, inMemory := x.badgerOptions(call.Args[0], 0)
		if inMemory {
			return finding{}, false
		}
		return finding{path: p, what: "an embedded database"}, true
	case nutsOpts:
		return finding{path: x.nutsPath(call), what: "an embedded database"}, true
	case osFs:
		return x.checkOsFs(stack)
	}
	return finding{}, false
}

// message words a finding: the call, what it does, what it writes when
// that is known, and the path when known.
func message(t target, name string, f finding, p purpose) string {
	var exact, plain string
	noun, named := nouns[p]
	switch {
	case t.verb == writes && named:
		exact, plain = "%s writes "+noun.file+" %q to local disk", "%s writes "+noun.file+" to local disk"
	case t.verb == makesDir && named:
		exact, plain = "%s creates directory %q for "+noun.dir+" on local disk", "%s creates a directory for "+noun.dir+" on local disk"
	case t.verb == moves && named:
		exact, plain = "%s moves "+noun.file+" to %q on local disk", "%s moves "+noun.file+" on local disk"
	case t.verb == writes:
		exact, plain = "%s writes %q to local disk", "%s writes to local disk"
	case t.verb == makesDir:
		exact, plain = "%s creates directory %q on local disk", "%s creates a directory on local disk"
	case t.verb == moves:
		exact, plain = "%s moves a file to %q on local disk", "%s moves a file on local disk"
	case t.verb == mountsFS:
		exact, plain = "%s opens the local disk read-write at %q", "%s opens the local disk read-write"
	case t.verb == opensDB:
		exact = "%s opens " + f.what + " at %q on local disk"
		plain = "%s opens " + f.what + " on local disk"
	}
	switch {
	case f.path.path == "":
		return fmt.Sprintf(plain, name)
	case f.path.exact:
		return fmt.Sprintf(exact, name, f.path.path)
	}
	return fmt.Sprintf(plain, name) + fmt.Sprintf(" under %q", f.path.display())
}

// callName is how messages name a callee: the package name, the receiver
// type for methods, and the function ("os.WriteFile", "os.Root.Create").
func callName(c analysisutil.Callee) string {
	pkg := analysisutil.DefaultImportName(c.Path)
	if c.Func != nil && c.Func.Pkg() != nil {
		pkg = c.Func.Pkg().Name()
	}
	parts := []string{pkg}
	if c.Recv != "" {
		parts = append(parts, c.Recv)
	}
	return strings.Join(append(parts, c.Name), ".")
}
