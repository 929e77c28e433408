// Package scratch holds temporary files, which are not state, next to
// look-alikes that are not in the temporary directory.
package scratch

import (
	"io/ioutil"
	"os"
	"path/filepath"
	"testing"
)

// Quiet: files and directories made by the temporary-file helpers, and
// paths under the temporary directory.
func temporary(tb testing.TB, t *testing.T, data []byte) {
	f, _ := ioutil.TempFile("", "export-*.json")
	os.WriteFile(f.Name(), data, 0o600)
	d, _ := ioutil.TempDir("", "render")
	os.WriteFile(filepath.Join(d, "out.json"), data, 0o600)
	os.MkdirAll(filepath.Join(tb.TempDir(), "cache"), 0o700)
	os.WriteFile(filepath.Join(t.TempDir(), "fixture.json"), data, 0o600)
	scratch := filepath.Join(os.TempDir(), "app")
	os.MkdirAll(scratch, 0o700)
	os.Create(filepath.Join(scratch, "part"))
	g, _ := os.CreateTemp("", "upload-*")
	os.Rename(f.Name(), g.Name())
}

// Fires: names that look temporary are not the temporary directory.
func lookAlikes(data []byte) {
	os.WriteFile("/var/lib/app/temporary-orders.json", data, 0o600) // want `os.WriteFile writes "/var/lib/app/temporary-orders.json" to local disk$`
	os.WriteFile("/var/tmpdata/orders.json", data, 0o600)           // want `os.WriteFile writes "/var/tmpdata/orders.json" to local disk$`
	os.WriteFile("/tmpfs/orders.json", data, 0o600)                 // want `os.WriteFile writes "/tmpfs/orders.json" to local disk$`
}
