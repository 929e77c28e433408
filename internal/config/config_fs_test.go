package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stateaudit/stateaudit/internal/config"
	"github.com/stateaudit/stateaudit/internal/hostiletest"
)

// TestFindHostileFile makes .stateaudit.yaml what a hostile pull request
// can: a link to /dev/zero (read until the process ran out of memory), a
// named pipe (waited for a writer forever), a link to a secret outside
// the tree (read, and quoted by YAML errors), a file over the size limit,
// a dangling link (the configuration silently absent). Each is an error
// that names the file, with nothing read.
func TestFindHostileFile(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "environ")
	if err := os.WriteFile(secret, []byte("GITHUB_TOKEN=ghp_secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, want string
		make       func(t *testing.T, path string)
	}{
		{"zero", "is a symbolic link out of its directory", symlink("/dev/zero")},
		{"device", "is not a regular file: a device", func(t *testing.T, path string) { hostiletest.Mknod(t, path) }},
		{"pipe", "is not a regular file: a named pipe", func(t *testing.T, path string) { hostiletest.Mkfifo(t, path) }},
		{"secret", "is a symbolic link out of its directory", symlink(secret)},
		{"relative", "is a symbolic link out of its directory", func(t *testing.T, path string) {
			rel, err := filepath.Rel(filepath.Dir(path), secret)
			if err != nil {
				t.Fatal(err)
			}
			symlink(rel)(t, path)
		}},
		{"dangling", "no such file or directory", symlink("gone.yaml")},
		{"directory", "is not a regular file: a directory", func(t *testing.T, path string) { mkdir(t, path) }},
		{"large", "is 1048577 bytes, larger than the 1 MiB limit", func(t *testing.T, path string) { sparse(t, path, config.MaxFileSize+1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.make(t, filepath.Join(dir, config.FileName))
			var err error
			hostiletest.Within(t, 10*time.Second, func() {
				hostiletest.Bounded(t, 16, func() { _, err = config.Find(dir) })
			})
			if err == nil || !strings.Contains(err.Error(), config.FileName+" "+tc.want) && !strings.Contains(err.Error(), config.FileName+": "+tc.want) {
				t.Errorf("error %v, want %q naming the file", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "ghp_") {
				t.Errorf("the error quotes the secret: %v", err)
			}
		})
	}
}

// TestFindFollowsLinksInside: a link to a file beside the configuration's
// place is followed, and so is one from --config.
func TestFindFollowsLinksInside(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "ci"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ci", "stateaudit.yaml"), []byte("fail-on: note\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	symlink("ci/stateaudit.yaml")(t, filepath.Join(dir, config.FileName))
	c, err := config.Find(dir)
	if err != nil || c == nil || c.FailOn != "note" {
		t.Fatalf("Find: %+v %v", c, err)
	}
	if c, err = config.Load(filepath.Join(dir, "ci", "stateaudit.yaml")); err != nil || c.FailOn != "note" {
		t.Fatalf("Load: %+v %v", c, err)
	}
}

func symlink(target string) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		if err := os.Symlink(target, path); err != nil {
			t.Skip("no symbolic links:", err)
		}
	}
}

func mkdir(t *testing.T, path string) {
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
}

// sparse makes a file of size bytes that takes no room on disk.
func sparse(t *testing.T, path string, size int64) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
}
