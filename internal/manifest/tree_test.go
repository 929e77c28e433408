package manifest

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stateaudit/stateaudit/internal/hostiletest"
)

const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: %s}\nspec: {containers: [{name: c, image: redis}]}\n"

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func skipReasons(set *Set) map[string]string {
	m := map[string]string{}
	for _, s := range set.Skipped {
		m[s.File] = s.Reason
	}
	return m
}

// TestSpecialFilesAreSkippedUnopened puts a named pipe, a socket and a
// device where the loader reads manifests, and a named pipe as a chart's
// values.yaml. Opening the pipe blocked the audit forever; reading the
// device never ends.
func TestSpecialFilesAreSkippedUnopened(t *testing.T) {
	for _, tc := range []struct {
		name, reason string
		make         func(t *testing.T, path string)
	}{
		{"pipe.yaml", "not a regular file: a named pipe", func(t *testing.T, path string) { hostiletest.Mkfifo(t, path) }},
		{"sock.yaml", "not a regular file: a socket", func(t *testing.T, path string) {
			l, err := net.Listen("unix", path)
			if err != nil {
				t.Skip("no sockets:", err)
			}
			t.Cleanup(func() { l.Close() })
		}},
		{"zero.yaml", "not a regular file: a device", func(t *testing.T, path string) { hostiletest.Mknod(t, path) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.make(t, filepath.Join(dir, tc.name))
			var set *Set
			hostiletest.Within(t, 10*time.Second, func() { set = LoadAll(os.DirFS(dir), []string{tc.name}) })
			if got := skipReasons(set)[tc.name]; got != tc.reason || len(set.Errors) > 0 {
				t.Errorf("skipped as %q, want %q; errors %v", got, tc.reason, set.Errors)
			}
		})
	}
	t.Run("values.yaml", func(t *testing.T) {
		dir := t.TempDir()
		hostiletest.Mkfifo(t, filepath.Join(dir, "charts/app/values.yaml"))
		writeFile(t, filepath.Join(dir, "charts/app/Chart.yaml"), "apiVersion: v2\nname: app\nversion: 1.0.0\n")
		writeFile(t, filepath.Join(dir, "charts/app/templates/pod.yaml"), strings.ReplaceAll(pod, "%s", "app"))
		var set *Set
		hostiletest.Within(t, 10*time.Second, func() { set = LoadAll(os.DirFS(dir), []string{"charts/app/templates/pod.yaml"}) })
		if len(set.Files) != 1 || len(set.Errors) > 0 {
			t.Errorf("files %d, errors %v", len(set.Files), set.Errors)
		}
	})
}

// TestSymlinkOutOfTree points files of the tree at a file, a directory and
// a device outside it. os.DirFS followed them: a file named on the command
// line, or a chart's values.yaml, could read /proc/self/environ or a key
// into the report. Links that stay in the tree are followed.
func TestSymlinkOutOfTree(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(outside, "secret.yaml"), strings.ReplaceAll(pod, "%s", "secret"))
	writeFile(t, filepath.Join(dir, "real.yaml"), strings.ReplaceAll(pod, "%s", "real"))
	writeFile(t, filepath.Join(dir, "charts/app/Chart.yaml"), "apiVersion: v2\nname: app\nversion: 1.0.0\n")
	writeFile(t, filepath.Join(dir, "charts/app/templates/pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: {{ .Values.name }}}\n")
	for link, target := range map[string]string{
		"file.yaml":              filepath.Join(outside, "secret.yaml"),
		"relative.yaml":          "../" + filepath.Base(outside) + "/secret.yaml",
		"zero.yaml":              "/dev/zero",
		"linkdir":                outside,
		"charts/app/values.yaml": filepath.Join(outside, "secret.yaml"),
		"inside.yaml":            "real.yaml",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skip("no symbolic links:", err)
		}
	}
	// relative.yaml climbs from dir to its parent, which holds outside too.
	if filepath.Dir(dir) != filepath.Dir(outside) {
		t.Fatalf("temporary directories %s and %s have different parents", dir, outside)
	}
	names := []string{"charts/app/templates/pod.yaml", "file.yaml", "inside.yaml", "linkdir/secret.yaml", "relative.yaml", "zero.yaml"}
	var set *Set
	hostiletest.Within(t, 10*time.Second, func() { set = LoadAll(os.DirFS(dir), names) })
	const out = "a symbolic link out of the audited directory"
	got := skipReasons(set)
	for _, name := range []string{"file.yaml", "linkdir/secret.yaml", "relative.yaml", "zero.yaml"} {
		if got[name] != out {
			t.Errorf("%s: skipped as %q, want %q", name, got[name], out)
		}
	}
	var loaded []string
	for _, f := range set.Files {
		loaded = append(loaded, f.Path)
		if strings.Contains(strings.Join(f.Lines, "\n"), "name: secret") {
			t.Errorf("%s: read the file outside the tree", f.Path)
		}
	}
	if strings.Join(loaded, " ") != "charts/app/templates/pod.yaml inside.yaml" {
		t.Errorf("loaded %v", loaded)
	}
	if len(set.Errors) > 0 {
		t.Errorf("errors = %v", set.Errors)
	}
}

// TestInvalidUTF8Names loads files whose names are not valid UTF-8 (Latin-1
// "café", a lone continuation byte in a directory name). fs.ValidPath, and so
// os.DirFS, refused them: the files were reported unreadable and never
// audited. The names stay as they are, byte for byte.
func TestInvalidUTF8Names(t *testing.T) {
	dir := t.TempDir()
	names := []string{"caf\xe9.yaml", "k8s\x80/deploy.yaml"}
	for _, name := range names {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), strings.ReplaceAll(pod, "%s", "web"))
	}
	set := LoadAll(os.DirFS(dir), names)
	if len(set.Errors) > 0 || len(set.Skipped) > 0 || len(set.Files) != 2 {
		t.Fatalf("files %d, errors %v, skipped %v", len(set.Files), set.Errors, set.Skipped)
	}
	for i, f := range set.Files {
		if f.Path != names[i] || len(f.Objects) != 1 {
			t.Errorf("file %q with %d objects, want %q", f.Path, len(f.Objects), names[i])
		}
	}
}

// TestTreeRefusesEscapes: any byte is allowed in a name, but not a way out.
func TestTreeRefusesEscapes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a/ok.yaml"), "x")
	tree, err := OpenTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	for _, name := range []string{"", "/etc/passwd", "..", "../x", "a/../../x", "a/../ok.yaml", "a//ok.yaml", "./a/ok.yaml", "a/ok.yaml/", "a/ok\x00.yaml"} {
		if _, err := tree.Open(name); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("Open(%q) = %v, want an invalid-name error", name, err)
		}
		if _, err := tree.Lstat(name); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("Lstat(%q) = %v, want an invalid-name error", name, err)
		}
	}
	for _, name := range []string{".", "a", "a/ok.yaml"} {
		f, err := tree.Open(name)
		if err != nil {
			t.Errorf("Open(%q): %v", name, err)
			continue
		}
		f.Close()
	}
	if err := fstest.TestFS(tree, "a/ok.yaml"); err != nil {
		t.Error(err)
	}
}

// growingFS holds one file that says it is small and never ends: a file
// appended to while it is read.
type growingFS struct{}

func (growingFS) Open(string) (fs.File, error) { return &growingFile{}, nil }

type growingFile struct{ read int64 }

func (g *growingFile) Stat() (fs.FileInfo, error) {
	return fstest.MapFS{"f": {Data: []byte("small")}}.Stat("f")
}

var aaa = []byte(strings.Repeat("a", 64<<10))

func (g *growingFile) Read(p []byte) (int, error) {
	n := copy(p, aaa)
	g.read += int64(n)
	return n, nil
}
func (g *growingFile) Close() error { return nil }

// TestGrowingFile: a file that grows while it is read is read up to the
// size limit and no further.
func TestGrowingFile(t *testing.T) {
	var err error
	bounded(t, 2*time.Second, 4*MaxFileSize>>20, func() { _, err = ReadFile(growingFS{}, "f") })
	if err == nil || !strings.Contains(err.Error(), "larger than the 64 MiB limit") {
		t.Errorf("err = %v", err)
	}
}
