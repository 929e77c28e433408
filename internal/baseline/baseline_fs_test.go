package baseline_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stateaudit/stateaudit/internal/baseline"
	"github.com/stateaudit/stateaudit/internal/hostiletest"
)

// TestLoadHostileFile makes the --baseline file of a checked-out tree what a
// hostile pull request can: a named pipe (waited for a writer forever), a
// link to /dev/zero or a device (read until memory ran out), a link to a
// file outside its directory, a file over the size limit. Each is an error
// naming the file, with nothing read.
func TestLoadHostileFile(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "findings.json")
	if err := os.WriteFile(outside, []byte(`{"schema":"stateaudit-baseline/v1","findings":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	link := func(target string) func(t *testing.T, path string) {
		return func(t *testing.T, path string) {
			if err := os.Symlink(target, path); err != nil {
				t.Skip("no symbolic links:", err)
			}
		}
	}
	for _, tc := range []struct {
		name, want string
		make       func(t *testing.T, path string)
	}{
		{"pipe", " is not a regular file: a named pipe", func(t *testing.T, path string) { hostiletest.Mkfifo(t, path) }},
		{"zero", " is a symbolic link out of its directory", link("/dev/zero")},
		{"device", " is not a regular file: a device", func(t *testing.T, path string) { hostiletest.Mknod(t, path) }},
		{"outside", " is a symbolic link out of its directory", link(outside)},
		{"large", " is 67108865 bytes, larger than the 64 MiB limit", func(t *testing.T, path string) {
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(baseline.MaxFileSize + 1); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "baseline.json")
			tc.make(t, path)
			var err error
			hostiletest.Within(t, 10*time.Second, func() {
				hostiletest.Bounded(t, 16, func() { _, err = baseline.Load(path) })
			})
			if err == nil || !strings.Contains(err.Error(), path+tc.want) {
				t.Errorf("error %v, want %q after the file's name", err, tc.want)
			}
		})
	}
}
