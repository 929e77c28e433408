package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// hermetic gives git an empty home, no system configuration and an author.
func hermetic(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH: the git tests need a real git")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, k := range []string{"GIT_CONFIG_GLOBAL", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	for _, who := range []string{"AUTHOR", "COMMITTER"} {
		t.Setenv("GIT_"+who+"_NAME", "t")
		t.Setenv("GIT_"+who+"_EMAIL", "t@example.com")
	}
}

func gitc(t *testing.T, dir string, args ...string) {
	t.Helper()
	if dir != "" {
		args = append([]string{"-C", dir}, args...)
	}
	if out, err := exec.Command("git", append([]string{"-c", "commit.gpgsign=false"}, args...)...).CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// repo commits files in a new repository and returns its top directory,
// symbolic links resolved.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	hermetic(t)
	top, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	write(t, top, files)
	gitc(t, top, "init", "-q")
	gitc(t, top, "add", ".")
	gitc(t, top, "commit", "-q", "-m", "first")
	return top
}

func open(t *testing.T, dir string) *Repo {
	t.Helper()
	r, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// gitAtLeast reports whether git is at least major.minor.
func gitAtLeast(t *testing.T, major, minor int) bool {
	out, err := exec.Command("git", "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	var a, b int
	if _, err := fmt.Sscanf(string(out), "git version %d.%d", &a, &b); err != nil {
		t.Fatalf("git version: %q: %v", out, err)
	}
	return a > major || a == major && b >= minor
}

func TestOpen(t *testing.T) {
	top := repo(t, map[string]string{"svc/main.go": "package main\n"})
	r := open(t, filepath.Join(top, "svc"))
	if r.WorkTree() != top {
		t.Errorf("work tree %s, want %s", r.WorkTree(), top)
	}
	if _, err := Open(context.Background(), t.TempDir()); err == nil || !strings.Contains(err.Error(), "not a git repository") {
		t.Errorf("outside a repository: %v", err)
	}
}

// TestOpenRefusesBareRepository: a directory holding the files of a bare
// repository (which a pull request can commit) is not a repository to Open.
func TestOpenRefusesBareRepository(t *testing.T) {
	top := repo(t, map[string]string{"svc/main.go": "package main\n"})
	if !gitAtLeast(t, 2, 38) {
		t.Skip("safe.bareRepository needs git 2.38")
	}
	svc := filepath.Join(top, "svc")
	gitc(t, "", "init", "-q", "--bare", svc)
	_, err := Open(context.Background(), svc)
	if err == nil || !strings.Contains(err.Error(), "safe.bareRepository") {
		t.Errorf("Open in a planted bare repository: %v, want a refusal", err)
	}
}

func TestFiltersOff(t *testing.T) {
	out := "filter.lfs.clean\ngit-lfs clean -- %f\x00filter.lfs.process\ngit-lfs filter-process\x00" +
		"filter.My.Dotted.smudge\ncat\x00filter.flag\x00"
	got, err := filtersOff([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"-c", "filter.lfs.clean=", "-c", "filter.lfs.smudge=", "-c", "filter.lfs.process=", "-c", "filter.lfs.required=false",
		"-c", "filter.My.Dotted.clean=", "-c", "filter.My.Dotted.smudge=", "-c", "filter.My.Dotted.process=", "-c", "filter.My.Dotted.required=false",
	}
	if !slices.Equal(got, want) {
		t.Errorf("filtersOff:\n%q\nwant\n%q", got, want)
	}
	if _, err := filtersOff([]byte("filter.a=b.clean\ncat\x00")); err == nil {
		t.Error("a filter name with = was accepted")
	}
}

func TestPath(t *testing.T) {
	top := repo(t, map[string]string{"svc/main.go": "package main\n", "other/x.go": "package x\n"})
	if err := os.Symlink(filepath.Join(top, "other"), filepath.Join(top, "link")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	alias := filepath.Join(t.TempDir(), "alias")
	if err := os.Symlink(top, alias); err != nil {
		t.Fatal(err)
	}
	r := open(t, filepath.Join(top, "svc"))
	for _, tc := range []struct{ in, want string }{
		{".", "svc"},
		{"..", "."},
		{"../link/x.go", "link/x.go"}, // not followed: the link is the audited tree's
		{"../ci/none.json", "ci/none.json"},
		{filepath.Join(top, "svc"), "svc"},
		{filepath.Join(alias, "link", "x.go"), "link/x.go"}, // links above the top are followed
	} {
		if got, err := r.Path(tc.in); err != nil || got != tc.want {
			t.Errorf("Path(%s) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, p := range []string{"../..", t.TempDir()} {
		if got, err := r.Path(p); err == nil {
			t.Errorf("Path(%s) = %q, want an error", p, got)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"../link", "other"},
		{filepath.Join(alias, "svc"), "svc"},
	} {
		if got, err := r.RealPath(tc.in); err != nil || got != tc.want {
			t.Errorf("RealPath(%s) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if err := os.Symlink(t.TempDir(), filepath.Join(top, "out")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.RealPath("../out"); err == nil || !strings.Contains(err.Error(), "leads to") {
		t.Errorf("RealPath through a link out of the repository: %v", err)
	}
}

// TestReadFile: blobs are read as stored, with no filter, within a limit.
func TestReadFile(t *testing.T) {
	top := repo(t, map[string]string{
		"conf.yaml":      "fail-on: error\n",
		".gitattributes": "* filter=evil\n",
		"dir/x":          "x",
	})
	if err := os.Symlink("conf.yaml", filepath.Join(top, "link.yaml")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	gitc(t, top, "add", ".")
	gitc(t, top, "commit", "-q", "-m", "link")
	// A filter defined after the files were committed: reading must not
	// smudge through it.
	marker := filepath.Join(t.TempDir(), "marker")
	gitc(t, top, "config", "filter.evil.smudge", "touch '"+marker+"' && cat")
	gitc(t, top, "config", "filter.evil.required", "true")
	r := open(t, top)
	ctx := context.Background()
	commit, err := r.Commit(ctx, "HEAD")
	if err != nil || len(commit) < 40 {
		t.Fatalf("Commit(HEAD) = %q, %v", commit, err)
	}
	data, err := r.ReadFile(ctx, commit, "conf.yaml", 15)
	if err != nil || string(data) != "fail-on: error\n" {
		t.Errorf("ReadFile(conf.yaml) = %q, %v", data, err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("reading a blob ran a smudge filter")
	}
	if _, err := r.ReadFile(ctx, commit, "conf.yaml", 14); err == nil || !strings.Contains(err.Error(), "is 15 bytes, more than the 14") {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := r.ReadFile(ctx, commit, "none.yaml", 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	for name, want := range map[string]string{"dir": "is a directory", "link.yaml": "is a symbolic link", ".": "not a file", "../x": "not a file"} {
		if _, err := r.ReadFile(ctx, commit, name, 100); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadFile(%s): %v, want %q", name, err, want)
		}
	}
	// A writer past its limit stops git.
	w := &capped{left: 3}
	if _, err := r.output(ctx, w, "cat-file", "blob", commit+":conf.yaml"); err == nil || !w.over {
		t.Errorf("capped output: %v, over %v", err, w.over)
	}
}

// TestOwnership: the repository of another user is refused unless the
// user's configuration lists it in safe.directory, and then every call
// works although later calls ignore the global configuration. Root only:
// it needs chown.
func TestOwnership(t *testing.T) {
	top := repo(t, map[string]string{"a.go": "package a\n"})
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the repository to another user")
	}
	err := filepath.WalkDir(top, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, 65534, 65534)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), top); err == nil || !strings.Contains(err.Error(), "dubious ownership") {
		t.Fatalf("another user's repository: %v, want dubious ownership", err)
	}
	write(t, os.Getenv("HOME"), map[string]string{".gitconfig": "[safe]\n\tdirectory = " + filepath.ToSlash(top) + "\n"})
	r := open(t, top)
	commit, err := r.Commit(context.Background(), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReadFile(context.Background(), commit, "a.go", 100); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Output(context.Background(), "diff", "--no-ext-diff", commit, "--"); err != nil {
		t.Fatal(err)
	}
}
