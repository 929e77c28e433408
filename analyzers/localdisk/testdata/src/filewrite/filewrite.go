package filewrite

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"net/http"
	"os"
	"path/filepath"
)

const dataDir = "/var/lib/orders"

type Order struct{ ID string }

// Fires: constant paths, joins and concatenations.
func save(w http.ResponseWriter, r *http.Request) {
	data, _ := json.Marshal(Order{ID: r.FormValue("id")})
	os.WriteFile("/var/lib/orders/orders.json", data, 0o644)         // want `os.WriteFile writes "/var/lib/orders/orders.json" to local disk`
	os.WriteFile(filepath.Join(dataDir, "index.json"), data, 0o644)  // want `os.WriteFile writes "/var/lib/orders/index.json" to local disk`
	os.WriteFile(filepath.Join(dataDir, r.FormValue("id")), data, 0) // want `os.WriteFile writes to local disk under "/var/lib/orders"`
	f, _ := os.Create(dataDir + "/order-" + r.FormValue("id"))       // want `os.Create writes to local disk under "/var/lib/orders/order-"`
	defer f.Close()
	ioutil.WriteFile("state.json", data, 0o600)                                // want `ioutil.WriteFile writes "state.json" to local disk`
	os.WriteFile(fmt.Sprintf("/srv/data/%s.json", r.FormValue("id")), data, 0) // want `os.WriteFile writes to local disk under "/srv/data"`
}

// Fires: os.OpenFile with write flags, constant or not.
func openForWriting(name string, flags int) {
	f, _ := os.OpenFile("/var/lib/app/audit.jsonl", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644) // want `os.OpenFile writes "/var/lib/app/audit.jsonl" to local disk`
	f.Close()
	f, _ = os.OpenFile("/data/x", os.O_RDWR, 0) // want `os.OpenFile writes "/data/x" to local disk`
	f.Close()
	f, _ = os.OpenFile("/data/y", flags|os.O_TRUNC, 0) // want `os.OpenFile writes "/data/y" to local disk`
	f.Close()
	mode := os.O_CREATE | os.O_WRONLY
	f, _ = os.OpenFile("/data/z", mode, 0) // want `os.OpenFile writes "/data/z" to local disk`
	f.Close()
}

// Fires: directories, renames and paths from a flag default. A directory
// created outside request handling is a note: the app preparing its data
// directory.
var stateDir = flag.String("state", "/var/lib/app", "where state is kept")

func prepare() {
	os.MkdirAll(dataDir, 0o755)                                     // want `os.MkdirAll creates directory "/var/lib/orders" on local disk \(severity: note\)$`
	os.Mkdir(*stateDir, 0o700)                                      // want `os.Mkdir creates directory "/var/lib/app" on local disk \(severity: note\)$`
	os.Rename("/tmp/upload.part", filepath.Join(dataDir, "upload")) // want `os.Rename moves a file to "/var/lib/orders/upload" on local disk`
	tmp, _ := os.CreateTemp("", "orders-*.json")
	os.Rename(tmp.Name(), "/var/lib/orders/orders.json") // want `os.Rename moves a file to "/var/lib/orders/orders.json" on local disk`
}

// Fires: the os.Root methods, with the root's directory joined in.
func rooted(name string) {
	root, _ := os.OpenRoot("/var/lib/orders")
	root.WriteFile("a.json", nil, 0o600)                    // want `os.Root.WriteFile writes "/var/lib/orders/a.json" to local disk`
	root.Create(name)                                       // want `os.Root.Create writes to local disk under "/var/lib/orders"`
	root.OpenFile("b.json", os.O_CREATE|os.O_WRONLY, 0o600) // want `os.Root.OpenFile writes "/var/lib/orders/b.json" to local disk`
	root.Mkdir("c", 0o700)                                  // want `os.Root.Mkdir creates directory "/var/lib/orders/c" on local disk \(severity: note\)$`
	root.MkdirAll("d/e", 0o700)                             // want `os.Root.MkdirAll creates directory "/var/lib/orders/d/e" on local disk \(severity: note\)$`
	root.Rename("a.json", "f.json")                         // want `os.Root.Rename moves a file to "/var/lib/orders/f.json" on local disk`
	root.OpenFile("b.json", os.O_RDONLY, 0)                 // quiet: a read
	tmpRoot, _ := os.OpenRoot(os.TempDir())
	tmpRoot.WriteFile("scratch", nil, 0o600) // quiet: the temporary directory
}

// Fires: a wrapper one call deep; the path comes from its only caller.
func writeState(path string, data []byte) error {
	return os.WriteFile(path, data, 0o600) // want `os.WriteFile writes "/var/lib/orders/state.bin" to local disk`
}

func flush() { writeState("/var/lib/orders/state.bin", nil) }

// Quiet: temporary files and directories.
func scratch(r *http.Request) {
	f, _ := os.CreateTemp("", "upload-*")
	f.Close()
	dir, _ := os.MkdirTemp("", "work")
	os.WriteFile(filepath.Join(dir, "part"), nil, 0o600)
	os.WriteFile("/tmp/cache.json", nil, 0o600)
	os.WriteFile(filepath.Join(os.TempDir(), "x.json"), nil, 0o600)
	os.MkdirAll(filepath.Join(os.TempDir(), "cache", r.FormValue("id")), 0o700)
	os.Create(os.TempDir() + "/y")
	os.WriteFile(fmt.Sprintf("%s/z", os.TempDir()), nil, 0o600)
	os.MkdirAll("/tmp/work", 0o700)
	os.WriteFile(f.Name(), nil, 0o600)
	os.WriteFile(os.DevNull, nil, 0)
	os.OpenFile("/dev/stdout", os.O_WRONLY, 0)
}

// Quiet: reads, config files and logs on stdout.
func readConfig() {
	data, _ := os.ReadFile("/etc/app/config.json")
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	f, _ := os.Open("/etc/app/extra.json")
	io.Copy(os.Stdout, f)
	g, _ := os.OpenFile("/etc/app/more.json", os.O_RDONLY, 0)
	g.Close()
	fmt.Fprintln(os.Stderr, "loaded")
	os.Stdout.WriteString("ready\n")
	log.SetOutput(os.Stdout)
}

// Quiet: an open whose flag is not known and names no write flag.
func reopen(flags int) {
	f, _ := os.OpenFile("/var/lib/orders/orders.json", flags, 0)
	f.Close()
}
