package localdisk

import (
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"strconv"
	"strings"
	"unicode"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
	"github.com/stateaudit/stateaudit/rules"
)

// purpose is what a local-file-write is for, as far as the package shows
// it; it decides whether the write is reported, and how.
type purpose int

const (
	// storedData is durable data: the rule's warning.
	storedData purpose = iota
	// upload is a file received in a request and kept: a warning.
	upload
	// dataDir is a directory created outside request handling, the app
	// preparing its data directory: a note, since what is written there is
	// reported where it is written.
	dataDir
	// logSink is a file a logger writes to: not reported.
	logSink
	// diagnostics is a CPU or heap profile or an execution trace: not
	// reported.
	diagnostics
	// probe is a file written to test that a directory is writable and
	// removed at once: not reported.
	probe
	// The rest are derived files, rewritten from what the process already
	// has each time it starts or syncs: notes.
	pidFile
	healthMarker
	socketFile
	certificate
	keyFile
	secretFile
	generatedConfig
	renderedFile
	// cacheFile is a cache of derived data (thumbnails, previews): every
	// replica rebuilds its own, losing it loses nothing.
	cacheFile
	// markerFile is an empty file (a touch): it records that something
	// happened, and holds no data.
	markerFile
	// fetchedFile is a file downloaded or extracted outside request
	// handling (a plugin archive, a GeoIP database): fetched again by any
	// replica that lacks it.
	fetchedFile
)

// quiet reports whether writes for this purpose are not reported at all.
func (p purpose) quiet() bool { return p == logSink || p == diagnostics || p == probe }

// severity is the severity a write for this purpose is reported at.
func (p purpose) severity() rules.Severity {
	switch p {
	case storedData, upload:
		return rules.Warning
	}
	return rules.Note
}

// derived reports whether the file is rebuilt from the process's own inputs
// and so is no data of its own: such writes stay out of Result.
func (p purpose) derived() bool { return p >= pidFile }

// nouns name what an upload or a derived write writes, and what a
// directory created for it holds; other writes are worded by their verb
// alone.
var nouns = map[purpose]struct{ file, dir string }{
	upload:          {"an uploaded file", "uploads"},
	pidFile:         {"a pid file", "pid files"},
	healthMarker:    {"a health-check marker file", "health-check marker files"},
	socketFile:      {"a socket file", "sockets"},
	certificate:     {"a certificate", "certificates"},
	keyFile:         {"a key file", "key files"},
	secretFile:      {"a file from a secret", "files from secrets"},
	generatedConfig: {"a generated configuration file", "generated configuration"},
	renderedFile:    {"a file rendered from a template", "rendered files"},
	cacheFile:       {"a cache file", "cached files"},
	markerFile:      {"an empty marker file", "marker files"},
	fetchedFile:     {"a downloaded or extracted file", "downloaded or extracted files"},
}

// write is one matched local-file-write with what classifying it needs.
type write struct {
	t     target
	c     analysisutil.Callee
	call  *ast.CallExpr
	file  *ast.File
	stack []ast.Node
	path  pathInfo
}

// opens reports whether the call returns the *os.File it opens (os.Create,
// os.OpenFile and the same os.Root methods).
func (w write) opens() bool {
	return w.c.Path == "os" && (w.c.Name == "Create" || w.c.Name == "OpenFile")
}

// openedFile is index.openedFile for calls that return an *os.File.
func (w write) openedFile(x *index) types.Object {
	if !w.opens() {
		return nil
	}
	return x.openedFile(w.stack, w.call)
}

// words are the names around a write, split into lowercase words
// (analysisutil.Words): what the package calls the path, the file and the
// data, and the function that writes.
type words struct {
	// path holds the words of the path expression (variables, fields and
	// functions it is built from, followed through local variables) and of
	// the constant strings in it; exts holds those strings' extensions.
	path map[string]bool
	exts map[string]bool
	// strs are the constant strings of the path expression.
	strs []string
	// file holds the words of the variable the opened file is assigned to.
	file map[string]bool
	// data holds the words of the data written by WriteFile.
	data map[string]bool
	// fn holds the words of the enclosing function and its receiver type;
	// pkg those of the package name.
	fn, pkg map[string]bool
	// errs holds the words of the strings in the error handling of the
	// write (`return errors.Wrap(err, "failed to cache motion clip")`).
	errs map[string]bool
	// use holds, for a file system handed to another call, the words of
	// that call and its other arguments (diskcache.New(afero.NewOsFs(), dir)).
	use map[string]bool
}

// classify decides what a local-file-write is for. The order matters: a
// file handed to a logger, or written under /var/log, is a log even in a
// handler; otherwise a write reachable from a request handler is data even
// when its name speaks of logs or configuration.
func (x *index) classify(w write) purpose {
	if w.t.rule != LocalFileWrite {
		return storedData
	}
	if w.c.Name == "SaveUploadedFile" || w.c.Name == "SaveFile" {
		return upload // gin's and fiber's upload helpers
	}
	ws := x.wordsOf(w)
	flow := storedData
	if opened := w.openedFile(x); opened != nil {
		flow = x.fileSink(opened, w.stack)
	}
	switch flow {
	case logSink, diagnostics, upload:
		return flow
	}
	if ws.underVarLog() {
		return logSink
	}
	if x.removedAfter(w) {
		return probe
	}
	if x.emptyWrite(w) {
		if p := x.derivedPurpose(w, ws); p != storedData {
			return p // a pid file or health marker says more
		}
		return markerFile
	}
	if (anyOf(ws.path, cacheWords) || anyOf(ws.file, cacheWords) || anyOf(ws.fn, cacheWords) || anyOf(ws.errs, cacheWords) || anyOf(ws.use, cacheWords) || anyOf(ws.pkg, cacheWords)) && !anyOf(ws.path, dataLogWords) {
		// A thumbnail or preview cache is rebuilt by any replica that
		// misses it, even when a request fills it.
		return cacheFile
	}
	if x.requestDriven(w.file, w.stack) {
		// A file opened while serving a request and filled from it is data,
		// whatever its name says: receipts.log appended per order is a ledger.
		return storedData
	}
	if ws.logPath() {
		return logSink
	}
	if ws.diagnosticsPath() {
		return diagnostics
	}
	if x.logContext(w, ws) {
		return logSink
	}
	if w.t.verb != mountsFS {
		if p := x.derivedPurpose(w, ws); p != storedData {
			return p
		}
	}
	if anyOf(ws.fn, fetchWords) || anyOf(ws.errs, fetchWords) {
		// Outside request handling: fetched again by a replica that lacks it.
		return fetchedFile
	}
	if flow == renderedFile {
		return renderedFile // a template executed into the file
	}
	if w.t.verb == makesDir {
		return dataDir
	}
	return storedData
}

// logContext reports whether the code around an open speaks of logs: any
// file opened for writing in a package named for logging (package logging,
// logger), or a file opened with O_APPEND in a function or method named for
// logs (openLogFile, (*FileLogger).Rotate). A function's name alone is too
// weak for other writes: appendLog may well append to a data file.
func (x *index) logContext(w write, ws words) bool {
	switch {
	case !w.opens() || ws.dataLog():
		return false
	case anyOf(ws.pkg, logWords):
		return true
	}
	return x.appends(w) && anyOf(ws.fn, logWords)
}

// derivedPurpose recognises derived files by their names. Configuration and
// rendered files must be rewritten whole (not appended to).
func (x *index) derivedPurpose(w write, ws words) purpose {
	named := func(set map[string]bool) bool {
		return anyOf(ws.path, set) || anyOf(ws.file, set) || anyOf(ws.fn, set) || anyOf(ws.data, set)
	}
	switch {
	case ws.exts[".pid"] || named(pidWords):
		return pidFile
	case named(healthWords):
		return healthMarker
	case ws.exts[".sock"] || ws.exts[".socket"] || anyOf(ws.path, socketWords) || anyOf(ws.file, socketWords):
		return socketFile
	case anyOf(ws.exts, certificateExts):
		return certificate
	case ws.exts[".key"]:
		return keyFile
	case anyOf(ws.path, certificateWords) || anyOf(ws.file, certificateWords) || anyOf(ws.fn, certificateWords):
		return certificate
	case anyOf(ws.path, keyWords) || anyOf(ws.file, keyWords) || ws.path["private"] && ws.path["key"]:
		return keyFile
	case (anyOf(ws.fn, secretWords) || anyOf(ws.path, secretWords)) && !anyOf(ws.data, generatedWords) && !anyOf(ws.fn, generatedWords):
		return secretFile
	}
	if x.appends(w) {
		return storedData
	}
	config := anyOf(ws.exts, configExts) || anyOf(ws.path, configWords) || anyOf(ws.fn, configWords) ||
		anyOf(ws.data, configWords) || ws.underEtc()
	switch {
	case config:
		return generatedConfig
	case anyOf(ws.data, templateWords) || anyOf(ws.fn, templateWords) && anyOf(ws.data, renderedDataWords):
		return renderedFile
	}
	return storedData
}

// appends reports whether a write adds to a file instead of replacing it:
// os.OpenFile with O_APPEND, or without O_TRUNC on an existing file.
func (x *index) appends(w write) bool {
	if w.t.how != openFlag || w.t.flag >= len(w.call.Args) {
		return false
	}
	return x.appendFlag(w.c, w.call.Args[w.t.flag])
}

// requestDriven reports whether the write is made while serving a request:
// in a request handler (or a closure inside one), or in a function of this
// package that a handler calls directly.
func (x *index) requestDriven(file *ast.File, stack []ast.Node) bool {
	info := analysisutil.Enclosing(x.pass, file, stack)
	if info.Handler {
		return true
	}
	if info.Decl == nil {
		return false
	}
	if x.handlerCalled == nil {
		x.handlerCalled = analysisutil.HandlerCallees(x.pass)
	}
	fn, ok := x.pass.TypesInfo.Defs[info.Decl.Name].(*types.Func)
	return ok && x.handlerCalled[fn]
}

// Word lists. Words are matched whole, so "catalog", "login" and "blog" do
// not speak of logs, nor "template" of temporary files.
var (
	logWords = set("log", "logs", "logging", "logger", "loggers", "logfile", "logfiles", "logdir",
		"logpath", "logname", "accesslog", "errorlog", "auditlog", "debuglog", "querylog", "slowlog",
		"applog", "syslog", "stdlog")
	// dataLogWords speak of logs that are the data itself: a write-ahead
	// log, a raft or commit log, an event journal.
	dataLogWords = set("wal", "raft", "journal", "commit", "commitlog", "oplog", "binlog", "segment",
		"segments", "event", "events", "entries", "changelog", "ledger", "txlog")
	diagnosticsWords = set("cpuprofile", "memprofile", "heapprofile", "blockprofile", "mutexprofile",
		"pprof", "cpuprof", "memprof")
	pidWords         = set("pid", "pidfile", "pidpath", "getpid")
	fetchWords       = set("download", "downloads", "downloader", "fetch", "fetcher", "unzip", "untar", "unpack", "extract", "extractor", "decompress", "install", "installer")
	cacheWords       = set("cache", "caches", "cached", "cachedir", "cachepath", "cachefolder", "thumbnail", "thumbnails", "thumb", "thumbs", "preview", "previews")
	healthWords      = set("health", "healthy", "healthcheck", "healthz", "ready", "readiness", "readyz", "liveness", "livez", "alive", "heartbeat")
	socketWords      = set("sock", "socket", "sockets", "socks")
	certificateWords = set("pem", "cert", "certs", "certificate", "certificates", "crt", "tls", "ssl", "crl",
		"ca", "x509", "dhparam", "dhparams", "acme")
	certificateExts = set(".pem", ".crt", ".cer", ".cert", ".csr", ".p12", ".pfx", ".jks", ".der")
	keyWords        = set("privkey", "privatekey", "keypair")
	// secretWords name files written from a secret the platform holds (a
	// Kubernetes Secret copied to disk); generatedWords in the data or the
	// function's name tell a secret made up by the process, which is its own
	// state, from one.
	secretWords    = set("secret", "secrets", "htpasswd", "passwd")
	generatedWords = set("generate", "generated", "rand", "random")
	configWords    = set("config", "configs", "configuration", "conf", "cfg", "settings", "nginx", "haproxy", "envoy")
	configExts     = set(".conf", ".cfg", ".ini", ".toml", ".env")
	templateWords  = set("template", "templates", "tmpl", "tpl", "render", "rendered", "renderer")
	// renderedDataWords are names of the buffer a template was executed into.
	renderedDataWords = set("buf", "buffer", "output", "out", "content", "contents")
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

func anyOf(have, want map[string]bool) bool {
	for w := range have {
		if want[w] {
			return true
		}
	}
	return false
}

// logPath reports whether the path or the file's variable names a log: a
// .log file, a path under /var/log, or names that speak of logs and not of
// a data log.
func (ws words) logPath() bool {
	if ws.dataLog() {
		return false
	}
	return ws.exts[".log"] || ws.underVarLog() || anyOf(ws.path, logWords) || anyOf(ws.file, logWords)
}

// underVarLog reports whether the path is in the system's log directory.
func (ws words) underVarLog() bool {
	if ws.dataLog() {
		return false
	}
	for _, s := range ws.strs {
		if s == "/var/log" || strings.HasPrefix(s, "/var/log/") {
			return true
		}
	}
	return false
}

// dataLog reports whether the path or the file's variable names a log that
// is the data itself (raft.log, a write-ahead log, an event journal).
func (ws words) dataLog() bool {
	return anyOf(ws.path, dataLogWords) || anyOf(ws.file, dataLogWords)
}

// diagnosticsPath reports whether the path or the file's variable names a
// profile.
func (ws words) diagnosticsPath() bool {
	return anyOf(ws.path, diagnosticsWords) || anyOf(ws.file, diagnosticsWords) || ws.exts[".pprof"] || ws.exts[".prof"]
}

// underEtc reports whether the path is under /etc, where a process writes
// only configuration it renders.
func (ws words) underEtc() bool {
	for _, s := range ws.strs {
		if strings.HasPrefix(s, "/etc/") {
			return true
		}
	}
	return false
}

// wordsOf gathers the words around a write.
func (x *index) wordsOf(w write) words {
	ws := words{
		path: map[string]bool{}, exts: map[string]bool{}, file: map[string]bool{},
		data: map[string]bool{}, fn: map[string]bool{}, pkg: map[string]bool{},
		errs: map[string]bool{}, use: map[string]bool{},
	}
	x.errorWords(w, ws.errs)
	if w.t.verb == mountsFS && len(w.stack) > 0 {
		if outer, ok := w.stack[len(w.stack)-1].(*ast.CallExpr); ok {
			c := x.callee(w.file, outer)
			addWords(ws.use, path.Base(c.Path))
			addWords(ws.use, c.Name)
			for _, a := range outer.Args {
				if a != ast.Expr(w.call) {
					x.exprWords(a, ws.use, nil, 0)
				}
			}
		}
	}
	var pathExpr ast.Expr
	if w.t.how == osFs {
		pathExpr = x.osFsBase(w.stack)
	} else if w.t.path < len(w.call.Args) {
		pathExpr = w.call.Args[w.t.path]
	}
	if w.c.Recv == "Root" && w.c.Path == "os" {
		if sel, ok := ast.Unparen(w.call.Fun).(*ast.SelectorExpr); ok {
			x.exprWords(sel.X, ws.path, &ws.strs, 0)
		}
	}
	x.exprWords(pathExpr, ws.path, &ws.strs, 0)
	if w.path.path != "" {
		ws.strs = append(ws.strs, w.path.path)
	}
	for _, s := range ws.strs {
		for _, seg := range strings.Split(s, "/") {
			addWords(ws.path, seg)
		}
		base := s[strings.LastIndexByte(s, '/')+1:]
		if ext := strings.ToLower(path.Ext(base)); ext != "" {
			ws.exts[ext] = true
		}
	}
	if v, ok := w.openedFile(x).(*types.Var); ok {
		addWords(ws.file, v.Name())
	}
	if w.t.how == pathArg && w.t.verb == writes && strings.HasSuffix(w.c.Name, "WriteFile") && len(w.call.Args) > w.t.path+1 {
		x.exprWords(w.call.Args[w.t.path+1], ws.data, nil, 0)
	}
	info := analysisutil.Enclosing(x.pass, w.file, w.stack)
	if info.Decl != nil {
		addWords(ws.fn, info.Decl.Name.Name)
		if info.Decl.Recv != nil && len(info.Decl.Recv.List) > 0 {
			addWords(ws.fn, recvTypeName(info.Decl.Recv.List[0].Type))
		}
	}
	addWords(ws.pkg, x.pass.Pkg.Name())
	return ws
}

func addWords(m map[string]bool, ident string) {
	for _, w := range analysisutil.Words(ident) {
		m[w] = true
	}
}

// exprWords adds the words of the identifiers in e to m, and its constant
// strings to strs, following local variables to their values. The variable
// a field is selected from is left out (see containerWords): in cfg.DataDir
// or s.conf.Dir the struct's name says nothing about the file.
func (x *index) exprWords(e ast.Expr, m map[string]bool, strs *[]string, depth int) {
	if e == nil || depth > 2 {
		return
	}
	if s, ok := analysisutil.ConstString(x.pass, e); ok && strs != nil {
		*strs = append(*strs, s)
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		x.exprWords(e.X, m, strs, depth)
	case *ast.Ident:
		if e.Name == "_" {
			return
		}
		addWords(m, e.Name)
		if v, ok := x.pass.TypesInfo.ObjectOf(e).(*types.Var); ok {
			for i, val := range x.values[v] {
				if i >= 3 {
					break
				}
				x.exprWords(val.expr, m, strs, depth+1)
			}
		}
	case *ast.SelectorExpr:
		addWords(m, e.Sel.Name)
		id, ok := ast.Unparen(e.X).(*ast.Ident)
		if !ok {
			x.containerWords(e.X, m)
			return
		}
		if sel, ok := x.pass.TypesInfo.Selections[e]; ok && sel.Kind() == types.MethodVal {
			x.exprWords(id, m, strs, depth) // logFile.Name(): the variable names the file
		}
	case *ast.CallExpr:
		x.exprWords(e.Fun, m, strs, depth)
		for _, a := range e.Args {
			x.exprWords(a, m, strs, depth)
		}
	case *ast.BinaryExpr:
		x.exprWords(e.X, m, strs, depth)
		x.exprWords(e.Y, m, strs, depth)
	case *ast.UnaryExpr:
		x.exprWords(e.X, m, strs, depth)
	case *ast.StarExpr:
		x.exprWords(e.X, m, strs, depth)
	case *ast.IndexExpr:
		x.exprWords(e.X, m, strs, depth)
	case *ast.SliceExpr:
		x.exprWords(e.X, m, strs, depth)
	case *ast.TypeAssertExpr:
		x.exprWords(e.X, m, strs, depth)
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			x.exprWords(elt, m, strs, depth)
		}
	}
}

// containerWords adds the words of the fields a path field is selected
// through (cfg.Log.File: Log), leaving out the root variable and the names
// of configuration structs (app.cfg.Server.KeysDir: Server only): the path
// lives in the configuration, which says nothing about what is written.
func (x *index) containerWords(e ast.Expr, m map[string]bool) {
	for {
		switch s := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			for _, w := range analysisutil.Words(s.Sel.Name) {
				if !configWords[w] {
					m[w] = true
				}
			}
			e = s.X
			continue
		case *ast.CallExpr:
			e = s.Fun // app.Config().Dir
			continue
		case *ast.IndexExpr:
			e = s.X
			continue
		}
		return
	}
}

// osFsBase returns the base path of the afero.NewBasePathFs enclosing
// afero.NewOsFs(), or nil.
func (x *index) osFsBase(stack []ast.Node) ast.Expr {
	if len(stack) == 0 {
		return nil
	}
	outer, ok := stack[len(stack)-1].(*ast.CallExpr)
	if !ok || len(outer.Args) != 2 {
		return nil
	}
	if c := x.callee(analysisutil.FileOf(x.pass, outer.Pos()), outer); c.Path == "github.com/spf13/afero" && c.Name == "NewBasePathFs" {
		return outer.Args[1]
	}
	return nil
}

func recvTypeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvTypeName(t.X)
	case *ast.IndexExpr:
		return recvTypeName(t.X)
	case *ast.IndexListExpr:
		return recvTypeName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return ""
}

// removedAfter reports whether the file a write creates is removed again in
// the same function: os.Remove(p) after os.WriteFile(p, …) is a probe of
// whether the directory is writable, not a file kept.
func (x *index) removedAfter(w write) bool {
	if len(w.call.Args) == 0 {
		return false
	}
	id, ok := ast.Unparen(w.call.Args[0]).(*ast.Ident)
	if !ok {
		return false
	}
	obj := x.pass.TypesInfo.ObjectOf(id)
	if obj == nil {
		return false
	}
	var body *ast.BlockStmt
	for i := len(w.stack) - 1; i >= 0 && body == nil; i-- {
		switch f := w.stack[i].(type) {
		case *ast.FuncDecl:
			body = f.Body
		case *ast.FuncLit:
			body = f.Body
		}
	}
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found || call.Pos() < w.call.End() || len(call.Args) != 1 {
			return !found
		}
		c := analysisutil.CalleeOf(x.pass, w.file, call)
		if c.Path == "os" && (c.Name == "Remove" || c.Name == "RemoveAll") {
			if a, ok := ast.Unparen(call.Args[0]).(*ast.Ident); ok && x.pass.TypesInfo.ObjectOf(a) == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

// errorWords adds the words of the string literals in the error handling of
// a write: the body of the if statement whose condition or init holds it.
func (x *index) errorWords(w write, m map[string]bool) {
	for i := len(w.stack) - 1; i >= 0; i-- {
		ifs, ok := w.stack[i].(*ast.IfStmt)
		if !ok {
			if _, fn := w.stack[i].(*ast.FuncDecl); fn {
				return
			}
			if _, lit := w.stack[i].(*ast.FuncLit); lit {
				return
			}
			continue
		}
		inHead := ifs.Init != nil && ifs.Init.Pos() <= w.call.Pos() && w.call.End() <= ifs.Init.End() ||
			ifs.Cond.Pos() <= w.call.Pos() && w.call.End() <= ifs.Cond.End()
		if !inHead {
			return
		}
		ast.Inspect(ifs.Body, func(n ast.Node) bool {
			if bl, ok := n.(*ast.BasicLit); ok && bl.Kind == token.STRING {
				if v, err := strconv.Unquote(bl.Value); err == nil {
					for _, f := range strings.FieldsFunc(v, func(r rune) bool { return !unicode.IsLetter(r) }) {
						m[strings.ToLower(f)] = true
					}
				}
			}
			return true
		})
		return
	}
}

// emptyWrite reports whether a WriteFile writes an explicitly empty
// content, []byte("") or []byte{}: a file that marks that something
// happened. (nil is left out: code passes a nil slice it filled elsewhere.)
func (x *index) emptyWrite(w write) bool {
	if !strings.HasSuffix(w.c.Name, "WriteFile") || len(w.call.Args) < 2 {
		return false
	}
	data := ast.Unparen(w.call.Args[len(w.call.Args)-2])
	switch d := data.(type) {
	case *ast.CompositeLit:
		return len(d.Elts) == 0
	case *ast.CallExpr:
		if len(d.Args) == 1 {
			if s, ok := analysisutil.ConstString(x.pass, d.Args[0]); ok && s == "" {
				return true
			}
		}
	}
	return false
}
