package localdisk

import (
	"go/ast"
	"go/constant"
	"go/types"
	"os"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
	"github.com/stateaudit/stateaudit/rules"
)

// LocalFileWrite is data the service persists as files on the disk of the
// node or container it runs on.
var LocalFileWrite = rules.Register(&rules.Rule{
	ID:       "local-file-write",
	Title:    "Data written to the local filesystem",
	Category: rules.Disk,
	Characteristics: []rules.Characteristic{
		rules.FaultTolerance, rules.Scalability,
	},
	Practice: rules.ExternalizeState,
	Severity: rules.Warning,
	Source:   rules.GoSource,
	Summary:  "Reports service code that keeps data in files on the local filesystem: uploads, files written while serving requests, and other writes outside the temporary directory that are not logs or files the process rebuilds.",
	Rationale: `A file written to the container's filesystem lives as long as that
container: a restart, a rollout or an eviction starts the pod from its image
again, and an ` + "`emptyDir`" + ` goes away with the pod. A ` + "`hostPath`" + ` survives, but on one
node only. With more than one replica each instance sees its own files, so an
upload accepted by one pod is missing on the next request served by another,
and the service cannot be scaled out or replaced without losing data.

The analyzer reports ` + "`os.Create`" + `, ` + "`os.WriteFile`" + `, ` + "`os.OpenFile`" + ` with a write flag
(` + "`O_WRONLY`" + `, ` + "`O_RDWR`" + `, ` + "`O_CREATE`" + `, ` + "`O_APPEND`" + `, ` + "`O_TRUNC`" + `, also through a local
variable: every value it is given counts), ` + "`os.Mkdir`" + `, ` + "`os.MkdirAll`" + `, ` + "`os.Rename`" + `,
` + "`ioutil.WriteFile`" + `, the same methods of ` + "`os.Root`" + `, gin's ` + "`Context.SaveUploadedFile`" + `,
fiber's ` + "`Ctx.SaveFile`" + ` and ` + "`afero.NewOsFs`" + `. It names the path when the package
shows it (a constant, or the constant head of a ` + "`filepath.Join`" + ` or
concatenation), and the audit engine pairs that path with the volume mounted
there.

Not every file is state. The analyzer judges what a write is for from the
code around it, in this order:

- **Scratch** is not reported: the temporary directory (` + "`os.TempDir()`" + `,
  ` + "`os.CreateTemp`" + `, ` + "`os.MkdirTemp`" + `, ` + "`ioutil.TempFile`" + `/` + "`TempDir`" + `, ` + "`t.TempDir()`" + `,
  constant paths under ` + "`/tmp`" + `) and ` + "`/dev`" + `, ` + "`/proc`" + `, ` + "`/sys`" + `.
- **Logs and profiles** are not reported: a file the function (or its caller,
  when the file is returned) hands to a logger — ` + "`log.SetOutput`" + `, ` + "`log.New`" + `,
  ` + "`slog`" + ` handlers, zap, zerolog, logrus, ` + "`gin.DefaultWriter`" + ` — directly or through
  ` + "`io.MultiWriter`" + `, ` + "`bufio`" + ` or a slice of writers; a file given to
  ` + "`runtime/pprof`" + ` or ` + "`runtime/trace`" + `; a path under ` + "`/var/log`" + `. Shipping logs is
  the platform's job; lumberjack and zap's ` + "`OutputPaths`" + ` are never reported.
- **Writes made while serving a request** stay warnings whatever their names:
  in a request handler (net/http, gin, echo, fiber, gRPC…), or in a function of
  the package that a handler calls directly. A ` + "`receipts.log`" + ` appended to for
  each order is a ledger, not a log. Files copied from a request body or an
  uploaded multipart file (` + "`io.Copy`" + `, ` + "`ReadFrom`" + `), and gin's and fiber's upload
  helpers, are reported as uploads.
- **Logs known by name** are not reported outside request handling: a ` + "`.log`" + `
  file, a path or file variable named for logs (` + "`logFile`" + `, ` + "`cfg.Log.File`" + `,
  ` + "`accessLog`" + `) or profiles (` + "`cpuprofile`" + `), a file opened in a package named for
  logging, or opened with ` + "`O_APPEND`" + ` in a function named for logs. Logs that are
  the data — a raft log, a write-ahead log, an event journal — stay reported.
- **Derived files** are notes: files the process rewrites from what it already
  has each time it starts or syncs, so losing them loses nothing — pid files,
  health-check markers, socket directories, certificates and keys, files
  written from a secret, configuration generated from templates or on a sync
  (named for configuration, ` + "`.conf`" + `/` + "`.toml`" + `/` + "`.ini`" + `, or under ` + "`/etc`" + `), and files
  rendered from a template, and caches of derived data (a path, file or
  function named for a cache, thumbnails or previews), even when a request
  fills them: any replica that misses an entry rebuilds it (the error handling
  of the write, ` + "`failed to cache …`" + `, and a file system handed to a cache
  count as names too), empty marker files, and files downloaded or
  extracted outside request handling (a function or its error handling named
  for downloading, fetching, unzipping or installing). A file appended
  to is never a derived configuration file.
- **Directories created outside request handling** are notes: the app
  preparing its data directory at start-up. What is written there is reported
  where it is written, and embedded databases have their own rule.

These judgements read names, so they can be wrong both ways; an ignore comment
with a reason settles a case. Derived files are left out of the paths the
engine pairs with volumes; data directories stay in.`,
	Fires: []string{
		"`os.WriteFile(\"/var/lib/orders/orders.json\", data, 0o644)`",
		"`os.OpenFile(filepath.Join(dataDir, id), os.O_CREATE|os.O_WRONLY, 0o600)`",
		"`c.SaveUploadedFile(file, \"./uploads/\"+file.Filename)` in a gin handler",
		"`io.Copy(dst, file)` into an `os.Create`d file from `r.FormFile` in a handler",
		"`os.OpenFile(\"/var/lib/checkout/receipts.log\", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)` in a handler",
		"`os.MkdirAll(filepath.Join(albumsDir, r.FormValue(\"album\")), 0o755)` in a handler",
		"a note: `os.WriteFile(\"/etc/nginx/nginx.conf\", buf.Bytes(), 0o644)` after executing a template",
		"a note: `os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())), 0o644)`",
		"a note: `os.MkdirAll(\"/var/lib/orders\", 0o755)` before opening the database at start-up",
		"a note: `os.WriteFile(thumbnailPath, buf.Bytes(), 0o644)` in a handler that serves thumbnails, or a write whose error handling says it caches",
		"a note: `os.WriteFile(path, []byte(\"\"), 0o600)`, an empty marker file",
		"a note: `os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)` in `unzipFile` at start-up",
	},
	Quiet: []string{
		"`os.CreateTemp`, `os.MkdirTemp`, `ioutil.TempFile`, `t.TempDir()`, constant paths under `/tmp` and paths built from `os.TempDir()`",
		"`f, _ := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644); log.SetOutput(f)`, and the same file given to `slog`, zap, zerolog or logrus",
		"`os.OpenFile(cfg.AccessLog, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)` and other `.log` files opened outside request handling",
		"`&lumberjack.Logger{Filename: \"/var/log/app.log\"}`",
		"`f, _ := os.Create(cpuProfile); pprof.StartCPUProfile(f)`",
		"`os.Open`, `os.ReadFile` and `os.OpenFile(path, os.O_RDONLY, 0)`",
		"writes to `os.Stdout`, `os.Stderr` and `/dev` paths",
		"`afero.NewReadOnlyFs(afero.NewOsFs())`",
		"`os.WriteFile(testFile, …)` followed by `os.Remove(testFile)`: a probe that a directory is writable",
	},
	Remediation: "Store durable data in a backing service such as object storage or a database, and write only scratch data under os.TempDir().",
})

// openFlagNames are the os open flags that matter here, for flag
// expressions that are not constant.
var openFlagNames = []string{"O_WRONLY", "O_RDWR", "O_CREATE", "O_APPEND", "O_TRUNC"}

// openFlags returns the open flags an os.OpenFile flag expression may carry,
// as the audited package's os declares them. A constant is evaluated; a
// local variable contributes every value assigned to it in the function,
// including compound assignments (mode |= os.O_APPEND), since any of them
// may reach the call; any other expression contributes the flags it names
// (O_CREAT is read as O_CREATE).
func (x *index) openFlags(c analysisutil.Callee, e ast.Expr, depth int) int64 {
	if tv, ok := x.pass.TypesInfo.Types[e]; ok && tv.Value != nil {
		v, exact := constant.Int64Val(constant.ToInt(tv.Value))
		if !exact {
			return 0
		}
		return v
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok && depth < maxDepth {
		if v, ok := x.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
			var flags int64
			for _, val := range x.values[v] {
				if val.expr != nil && val.index < 0 {
					flags |= x.openFlags(c, val.expr, depth+1)
				}
			}
			return flags
		}
	}
	var flags int64
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			name := id.Name
			if name == "O_CREAT" {
				name = "O_CREATE"
			}
			flags |= osFlag(c, name)
		}
		return true
	})
	return flags
}

// writeFlag reports whether an os.OpenFile flag asks for writing.
func (x *index) writeFlag(c analysisutil.Callee, e ast.Expr) bool {
	var mask int64
	for _, name := range openFlagNames {
		mask |= osFlag(c, name)
	}
	return x.openFlags(c, e, 0)&mask != 0
}

// appendFlag reports whether an os.OpenFile flag has O_APPEND: the file
// grows rather than being rewritten.
func (x *index) appendFlag(c analysisutil.Callee, e ast.Expr) bool {
	return x.openFlags(c, e, 0)&osFlag(c, "O_APPEND") != 0
}

// osFlags are this binary's values of the open flags, used when the
// audited package's os did not load.
var osFlags = map[string]int64{
	"O_WRONLY": int64(os.O_WRONLY), "O_RDWR": int64(os.O_RDWR), "O_CREATE": int64(os.O_CREATE),
	"O_APPEND": int64(os.O_APPEND), "O_TRUNC": int64(os.O_TRUNC),
}

// osFlag is the value of one of openFlagNames as the os package of the
// callee declares it, falling back to this binary's value; 0 for other
// names.
func osFlag(c analysisutil.Callee, name string) int64 {
	fallback, ok := osFlags[name]
	if !ok {
		return 0
	}
	if c.Func == nil || c.Func.Pkg() == nil || c.Func.Pkg().Path() != "os" {
		return fallback
	}
	k, ok := c.Func.Pkg().Scope().Lookup(name).(*types.Const)
	if !ok {
		return fallback
	}
	if v, exact := constant.Int64Val(constant.ToInt(k.Val())); exact {
		return v
	}
	return fallback
}

// rootPath joins the directory an os.Root was opened on (os.OpenRoot(dir)
// assigned to the receiver) with the name passed to one of its methods.
func (x *index) rootPath(call *ast.CallExpr, name pathInfo) pathInfo {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return name
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return name
	}
	v, ok := x.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok {
		return name
	}
	vals := x.values[v]
	if len(vals) != 1 || vals[0].index > 0 {
		return name
	}
	open, ok := ast.Unparen(vals[0].expr).(*ast.CallExpr)
	if !ok || len(open.Args) != 1 || x.callee(analysisutil.FileOf(x.pass, open.Pos()), open).Key() != "os.OpenRoot" {
		return name
	}
	dir := x.pathOf(open.Args[0], 1)
	switch {
	case dir.temp:
		return pathInfo{temp: true}
	case dir.path == "":
		return name
	case dir.exact && name.path != "":
		return joinInfo([]pathInfo{dir, name})
	}
	return prefixPath(trimSlash(dir.path) + "/")
}

// checkOsFs decides on afero.NewOsFs(): quiet inside NewReadOnlyFs, and
// under the base path of an enclosing NewBasePathFs.
func (x *index) checkOsFs(stack []ast.Node) (finding, bool) {
	if len(stack) == 0 {
		return finding{}, true
	}
	outer, ok := stack[len(stack)-1].(*ast.CallExpr)
	if !ok {
		return finding{}, true
	}
	c := x.callee(analysisutil.FileOf(x.pass, outer.Pos()), outer)
	if c.Path != "github.com/spf13/afero" {
		return finding{}, true
	}
	switch c.Name {
	case "NewReadOnlyFs":
		return finding{}, false
	case "NewBasePathFs":
		if len(outer.Args) == 2 {
			p := x.pathOf(outer.Args[1], 0)
			if p.scratch() {
				return finding{}, false
			}
			if p.path != "" {
				p = prefixPath(trimSlash(p.path) + "/")
			}
			return finding{path: p}, true
		}
	}
	return finding{}, true
}
