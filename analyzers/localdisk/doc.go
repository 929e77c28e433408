// Package localdisk defines an Analyzer that finds data a service keeps on
// the local filesystem of the node or container it runs in.
//
// # Analyzer localdisk
//
// localdisk: report data written to local disk and embedded databases
//
// A stateless service keeps nothing on its own disk that another replica, or
// the same replica after a restart, would need: the container's writable
// layer and an emptyDir vanish with the pod, a hostPath stays on one node.
// This analyzer reports:
//
//   - writes that persist on the local filesystem (rule local-file-write):
//     os.Create, os.WriteFile, os.OpenFile with a write flag (O_WRONLY,
//     O_RDWR, O_CREATE, O_APPEND, O_TRUNC), os.Mkdir, os.MkdirAll,
//     os.Rename, ioutil.WriteFile, the matching os.Root methods, gin's
//     Context.SaveUploadedFile, fiber's Ctx.SaveFile (v2 and v3) and
//     afero.NewOsFs;
//   - embedded databases whose files live on local disk (rule
//     embedded-database): bbolt, boltdb, storm, badger, pebble, goleveldb,
//     SQLite through database/sql, gorm or glebarez/sqlite, bleve and
//     nutsdb.
//
// Not every file is state, and local-file-write judges what a write is
// for from the code around it (purpose.go):
//
//   - temporary files and directories (os.CreateTemp, os.MkdirTemp,
//     ioutil.TempFile and TempDir, t.TempDir(), constant paths under /tmp,
//     paths built from os.TempDir()), os.Stdout and os.Stderr, /dev paths,
//     reads and read-only opens are not reported;
//   - log files and profiles are not reported: a file handed to a logger
//     (log, slog, zap, zerolog, logrus, gin.DefaultWriter) or to
//     runtime/pprof, followed through wrapping writers and returned values
//     (sink.go), and files whose path or variable names a log;
//   - writes reachable from a request handler of the package stay
//     warnings whatever their names, and copies of a request body or an
//     uploaded file are reported as uploads;
//   - derived files — pid files, health-check markers, sockets,
//     certificates and keys, files written from a secret, generated
//     configuration and files rendered from a template — are notes;
//   - directories created outside request handling (the data directory an
//     app prepares at start-up) are notes.
//
// In-memory SQLite DSNs, badger's WithInMemory(true) and bleve.NewMemOnly
// are not reported as embedded databases.
//
// Paths are resolved as far as the package shows them: constants,
// filepath.Join and string concatenation of constants and variables (which
// give a constant prefix), fmt.Sprintf formats, local variables assigned
// once, flag defaults, and the parameter of an unexported wrapper function
// whose callers all pass the same path. Open flags held in a local variable
// count with every value the variable is given.
//
// The analyzer's result, a *Result, lists the writes it reported that keep
// data, with their paths, so that the audit engine can match a write to
// "/var/lib/orders" against an emptyDir or hostPath mounted there; derived
// files are left out.
package localdisk
