package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOutputNewFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "report.txt")
	o, err := CreateOutput(p)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Discard()
	if err := o.Commit([]byte("report\n")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil || string(b) != "report\n" {
		t.Fatalf("%q %v", b, err)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode())
	}
	if err := o.Commit([]byte("again")); err == nil {
		t.Error("a second Commit succeeded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("directory holds %v", entries)
	}
}

// TestOutputSymlinkAfterCheck: a symlink that appears between the check
// and the write is still not written through.
func TestOutputSymlinkAfterCheck(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "report.txt")
	o, err := CreateOutput(p)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Discard()
	if err := os.Symlink(victim, p); err != nil {
		t.Fatal(err)
	}
	err = o.Commit([]byte("report"))
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("Commit: %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Errorf("victim: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("directory holds %v", entries)
	}
}

func TestOutputDiscard(t *testing.T) {
	dir := t.TempDir()
	o, err := CreateOutput(filepath.Join(dir, "report.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || !strings.HasSuffix(entries[0].Name(), ".tmp") || entries[0].Name()[0] != '.' {
		t.Errorf("temporary file: %v", entries)
	}
	o.Discard()
	o.Discard()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	var none *Output
	none.Discard()
}
