package engine

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stateaudit/stateaudit/analyzers"
	"github.com/stateaudit/stateaudit/internal/hostiletest"
	"github.com/stateaudit/stateaudit/internal/report"
)

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: example.com/web:1}]
`

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path); err != nil {
		t.Skip("no symbolic links:", err)
	}
}

// errorsOf lists a discovery's errors as "file: message".
func errorsOf(tgt *target) []string {
	var out []string
	for _, e := range tgt.errs {
		out = append(out, e.String())
	}
	sort.Strings(out)
	return out
}

func modulesOf(tgt *target, root string) []string {
	var out []string
	for m, patterns := range tgt.modules {
		out = append(out, relPath(root, m)+" "+strings.Join(patterns, ","))
	}
	sort.Strings(out)
	return out
}

// audit runs a whole audit of dir, failing if it blocks.
func audit(t *testing.T, dir string) *report.Report {
	t.Helper()
	var rep *report.Report
	var err error
	hostiletest.Within(t, 60*time.Second, func() {
		rep, err = Audit(context.Background(), Options{Paths: []string{dir}, Analyzers: analyzers.All(), Checks: analyzers.ManifestChecks()})
	})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestAuditNamedPipes puts named pipes where the audit reads: a manifest
// and a Go file of a package. Both blocked the audit forever (the loader
// opened the manifest; the go command opens every Go file of a package).
// The manifest is skipped unopened, with the reason; the module is not
// analysed, with an error naming the pipe.
func TestAuditNamedPipes(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/m\n\ngo 1.22\n")
	write(t, filepath.Join(dir, "p", "a.go"), "package p\n")
	write(t, filepath.Join(dir, "k8s", "web.yaml"), deployment)
	hostiletest.Mkfifo(t, filepath.Join(dir, "p", "b.go"))
	hostiletest.Mkfifo(t, filepath.Join(dir, "k8s", "pipe.yaml"))
	rep := audit(t, dir)
	if len(rep.Stats.Skipped) != 1 || rep.Stats.Skipped[0].File != "k8s/pipe.yaml" || rep.Stats.Skipped[0].Reason != "not a regular file: a named pipe" {
		t.Errorf("skipped = %+v", rep.Stats.Skipped)
	}
	if rep.Stats.ManifestFiles != 1 {
		t.Errorf("%d manifest files, want 1", rep.Stats.ManifestFiles)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].File != "p/b.go" || rep.Errors[0].Message != "not a regular file: a named pipe: the Go module in . is not analysed (the go command would open it)" {
		t.Errorf("errors = %+v", rep.Errors)
	}
}

// TestAuditInvalidUTF8Names: a manifest whose name is not valid UTF-8 was
// reported unreadable ("invalid argument") and never audited. It is
// audited, and its findings carry the name byte for byte.
func TestAuditInvalidUTF8Names(t *testing.T) {
	dir := t.TempDir()
	name := "k8s\xff/caf\xe9.yaml"
	write(t, filepath.Join(dir, filepath.FromSlash(name)), deployment+"---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  sessionAffinity: ClientIP\n")
	rep := audit(t, dir)
	if len(rep.Errors) > 0 || rep.Stats.ManifestFiles != 1 {
		t.Fatalf("%d manifest files, errors %+v", rep.Stats.ManifestFiles, rep.Errors)
	}
	if len(rep.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range rep.Findings {
		if f.File != name {
			t.Errorf("finding in %q, want %q", f.File, name)
		}
	}
}

// TestDiscoverGoModuleFiles makes the files the go command reads whole
// what a hostile tree can: go.mod linked to /dev/zero (the go command read
// it until memory ran out), a named pipe as go.sum, a symbolic link out of
// the tree as a Go file (read, and quoted by the parse error: "expected
// 'package', found root"). None of those modules is loaded.
func TestDiscoverGoModuleFiles(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	write(t, filepath.Join(outside, "passwd.go"), "root:x:0:0:root:/root:/bin/bash\n")
	// zero/: go.mod is a link to /dev/zero.
	symlink(t, "/dev/zero", filepath.Join(dir, "zero", "go.mod"))
	write(t, filepath.Join(dir, "zero", "z.go"), "package z\n")
	// sum/: go.sum is a named pipe.
	write(t, filepath.Join(dir, "sum", "go.mod"), "module example.com/sum\n")
	hostiletest.Mkfifo(t, filepath.Join(dir, "sum", "go.sum"))
	// leak/: a Go file links out of the tree, deep in testdata, which the
	// audit skips but an import can reach.
	write(t, filepath.Join(dir, "leak", "go.mod"), "module example.com/leak\n")
	symlink(t, filepath.Join(outside, "passwd.go"), filepath.Join(dir, "leak", "testdata", "x", "passwd.go"))
	// ok/: a Go file linked inside the tree is fine.
	write(t, filepath.Join(dir, "ok", "go.mod"), "module example.com/ok\n")
	write(t, filepath.Join(dir, "ok", "real.go"), "package ok\n")
	symlink(t, "../real.go", filepath.Join(dir, "ok", "p", "link.go"))

	var tgt *target
	hostiletest.Within(t, 10*time.Second, func() { tgt = discover(dir, []string{dir}) })
	if got := strings.Join(modulesOf(tgt, dir), "; "); got != "ok ./..." {
		t.Errorf("modules = %s, want only ok", got)
	}
	want := []string{
		"leak/testdata/x/passwd.go: a symbolic link out of the audited directory: the Go module in leak is not analysed (the go command would open it)",
		"sum/go.mod: go.sum is not a regular file: a named pipe: the Go module is not analysed (the go command would read it)",
		"zero/go.mod: go.mod is not a regular file: a symbolic link: the Go module is not analysed (the go command would read it)",
	}
	if got := errorsOf(tgt); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The same module found upwards from a path named on the command line.
	tgt = discover(dir, []string{filepath.Join(dir, "zero", "z.go")})
	if len(tgt.modules) != 0 || len(tgt.errs) != 1 || tgt.errs[0].file != "zero/go.mod" {
		t.Errorf("modules %v, errors %v", tgt.modules, errorsOf(tgt))
	}
}

// TestDiscoverSymlinkedPaths names paths that lead out of the audited root
// through symbolic links: a directory, a file in it, a file. They were
// walked or read (a CI job auditing "deploy" read whatever deploy linked
// to). Paths that link inside the root are followed.
func TestDiscoverSymlinkedPaths(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	write(t, filepath.Join(outside, "secret.yaml"), deployment)
	write(t, filepath.Join(dir, "real", "web.yaml"), deployment)
	symlink(t, outside, filepath.Join(dir, "out"))
	symlink(t, filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "file.yaml"))
	symlink(t, "real", filepath.Join(dir, "in"))
	symlink(t, "real/web.yaml", filepath.Join(dir, "in.yaml"))
	args := []string{"out", "out/...", "out/secret.yaml", "file.yaml", "in", "in.yaml"}
	for i, a := range args {
		args[i] = filepath.Join(dir, a)
	}
	tgt := discover(dir, args)
	if got := strings.Join(tgt.manifests, " "); got != "in.yaml real/web.yaml" {
		t.Errorf("manifests = %s", got)
	}
	var refused []string
	for _, e := range tgt.errs {
		if !strings.Contains(e.msg, "a symbolic link out of the audited directory") {
			t.Errorf("error %s", e)
		}
		refused = append(refused, filepath.Base(strings.TrimSuffix(e.file, "/...")))
	}
	if strings.Join(refused, " ") != "out out secret.yaml file.yaml" {
		t.Errorf("refused %v", refused)
	}
}

// TestDiscoverRootOutOfWorkingDirectory: `stateaudit deploy` in a checkout
// where deploy is a link to / audited the machine. A root inside the
// working directory must stay inside it.
func TestDiscoverRootOutOfWorkingDirectory(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	write(t, filepath.Join(outside, "secret.yaml"), deployment)
	symlink(t, outside, filepath.Join(dir, "deploy"))
	symlink(t, "real", filepath.Join(dir, "current"))
	write(t, filepath.Join(dir, "real", "web.yaml"), deployment)
	t.Chdir(dir)
	tgt := discover(filepath.Join(dir, "deploy"), []string{"deploy"})
	if len(tgt.manifests) != 0 || len(tgt.errs) != 1 || !strings.Contains(tgt.errs[0].msg, "out of the working directory") {
		t.Errorf("manifests %v, errors %v", tgt.manifests, errorsOf(tgt))
	}
	// A root that links inside the working directory is audited, under
	// the name it was given.
	tgt = discover(filepath.Join(dir, "current"), []string{"current"})
	if strings.Join(tgt.manifests, " ") != "web.yaml" || len(tgt.errs) > 0 {
		t.Errorf("manifests %v, errors %v", tgt.manifests, errorsOf(tgt))
	}
}

// TestDiscoverSymlinkLoops: links to a parent and to each other end the
// walk (it does not follow links), and a path named through a loop is an
// error rather than a hang.
func TestDiscoverSymlinkLoops(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a", "web.yaml"), deployment)
	symlink(t, "..", filepath.Join(dir, "a", "up"))
	symlink(t, "l2", filepath.Join(dir, "l1"))
	symlink(t, "l1", filepath.Join(dir, "l2"))
	var tgt *target
	hostiletest.Within(t, 10*time.Second, func() {
		tgt = discover(dir, []string{dir, filepath.Join(dir, "l1"), filepath.Join(dir, "a", "up", "a", "up", "a")})
	})
	if strings.Join(tgt.manifests, " ") != "a/web.yaml" {
		t.Errorf("manifests = %v", tgt.manifests)
	}
	if len(tgt.errs) != 1 || !strings.Contains(tgt.errs[0].msg, "cannot be followed") {
		t.Errorf("errors = %v", errorsOf(tgt))
	}
}

// TestVisitUnreadableDirectory: a directory that cannot be read is an
// error naming it, without the absolute path of the machine that the file
// system's error carries, and the walk goes on past it.
func TestVisitUnreadableDirectory(t *testing.T) {
	dir := t.TempDir()
	w := &walker{t: &target{modules: map[string][]string{}, explicit: map[string]bool{}}, absRoot: dir, realRoot: dir, seenManifest: map[string]bool{}}
	path := filepath.Join(dir, "locked")
	err := w.visit(dir, path, fs.FileInfoToDirEntry(dirInfo{}), &fs.PathError{Op: "open", Path: path, Err: fs.ErrPermission})
	if err != fs.SkipDir || len(w.t.errs) != 1 || w.t.errs[0].String() != "locked: reading the directory: permission denied" {
		t.Errorf("returned %v, errors %v", err, errorsOf(w.t))
	}
}

// TestDiscoverUnreadableDirectory is TestVisitUnreadableDirectory with a
// directory whose permissions refuse reading.
func TestDiscoverUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every directory")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "locked")
	write(t, filepath.Join(dir, "locked", "web.yaml"), deployment)
	write(t, filepath.Join(dir, "open", "web.yaml"), deployment)
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(path, 0o755)
	tgt := discover(dir, []string{dir})
	if strings.Join(tgt.manifests, " ") != "open/web.yaml" || strings.Join(errorsOf(tgt), " ") != "locked: reading the directory: permission denied" {
		t.Errorf("manifests %v, errors %v", tgt.manifests, errorsOf(tgt))
	}
}

type dirInfo struct{ fs.FileInfo }

func (dirInfo) Name() string      { return "locked" }
func (dirInfo) IsDir() bool       { return true }
func (dirInfo) Mode() fs.FileMode { return fs.ModeDir | 0o755 }

// BenchmarkDiscover walks a generated module of 20,000 files,
// half of them below vendor and testdata: the cost of discovery, which looks
// into skipped directories for files the go command could be led to open.
func BenchmarkDiscover(b *testing.B) {
	dir := b.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("go.mod", "module example.com/big\n")
	for d := range 200 {
		top := []string{"internal", "cmd", "vendor/example.com", "testdata"}[d%4]
		for f := range 100 {
			ext := []string{".go", ".yaml", ".md", ".go"}[f%4]
			write(fmt.Sprintf("%s/p%03d/f%03d%s", top, d, f, ext), "x")
		}
	}
	for b.Loop() {
		if tgt := discover(dir, []string{dir}); len(tgt.modules) != 1 || len(tgt.manifests) != 2500 {
			b.Fatalf("%d modules, %d manifests", len(tgt.modules), len(tgt.manifests))
		}
	}
}
