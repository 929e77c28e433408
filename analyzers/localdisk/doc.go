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
// Temporary files and directories (os.CreateTemp, os.MkdirTemp,
// ioutil.TempFile and TempDir, t.TempDir(), constant paths under /tmp,
// paths built from os.TempDir()), os.Stdout and
// os.Stderr, /dev paths, reads, read-only opens, in-memory SQLite DSNs,
// badger's WithInMemory(true) and bleve.NewMemOnly are not reported.
//
// Paths are resolved as far as the package shows them: constants,
// filepath.Join and string concatenation of constants and variables (which
// give a constant prefix), fmt.Sprintf formats, local variables assigned
// once, flag defaults, and the parameter of an unexported wrapper function
// whose callers all pass the same path. Open flags held in a local variable
// count with every value the variable is given.
//
// The analyzer's result, a *Result, lists every write it reported with its
// path, so that the audit engine can match a write to "/var/lib/orders"
// against an emptyDir or hostPath mounted there.
package localdisk
