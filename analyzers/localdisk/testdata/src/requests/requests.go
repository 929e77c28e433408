// Package requests holds writes made while serving a request, which stay
// warnings whatever their names, and the data directory an app creates at
// start-up, which is a note.
package requests

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"text/template"

	bolt "go.etcd.io/bbolt"
)

const uploadDir = "/var/lib/app/uploads"

// Fires: uploads copied from the request into a file.
func upload(w http.ResponseWriter, r *http.Request) {
	src, _, _ := r.FormFile("file")
	dst, _ := os.Create(filepath.Join(uploadDir, r.FormValue("name"))) // want `os.Create writes an uploaded file to local disk under "/var/lib/app/uploads"$`
	io.Copy(dst, src)
	raw, _ := os.OpenFile(filepath.Join(uploadDir, "raw"), os.O_CREATE|os.O_WRONLY, 0o600) // want `os.OpenFile writes an uploaded file "/var/lib/app/uploads/raw" to local disk$`
	io.Copy(raw, io.LimitReader(r.Body, 1<<20))
}

// Fires: a file copied from a request by a helper that is no handler.
func receive(body io.Reader, r *http.Request) {
	f, _ := os.Create("/var/lib/app/incoming") // want `os.Create writes an uploaded file "/var/lib/app/incoming" to local disk$`
	f.ReadFrom(r.Body)
}

// Fires: a helper a handler calls writes what the request changed, even
// though its name speaks of configuration.
type server struct{}

func (s *server) handleSettings(w http.ResponseWriter, r *http.Request) {
	s.saveSettings([]byte(r.FormValue("theme")))
}

func (s *server) saveSettings(data []byte) {
	os.WriteFile("/var/lib/app/settings.conf", data, 0o600) // want `os.WriteFile writes "/var/lib/app/settings.conf" to local disk$`
}

// Fires: a page rendered into a file for each request.
func publish(w http.ResponseWriter, r *http.Request) {
	f, _ := os.Create(filepath.Join("/var/lib/app/pages", r.FormValue("slug"))) // want `os.Create writes to local disk under "/var/lib/app/pages"$`
	defer f.Close()
	template.Must(template.New("page").Parse("{{.}}")).Execute(f, r.FormValue("body"))
}

// Fires: a directory made for each request.
func createAlbum(w http.ResponseWriter, r *http.Request) {
	os.MkdirAll(filepath.Join("/var/lib/app/albums", r.FormValue("album")), 0o755) // want `os.MkdirAll creates a directory on local disk under "/var/lib/app/albums"$`
}

// Note: the data directory made before the database is opened.
func openStore(dir string) (*bolt.DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil { // want `os.MkdirAll creates directory "/var/lib/app/db" on local disk \(severity: note\)$`
		return nil, err
	}
	return bolt.Open(filepath.Join(dir, "app.db"), 0o600, nil) // want `bbolt.Open opens an embedded database at "/var/lib/app/db/app.db" on local disk$`
}

func main() {
	openStore("/var/lib/app/db")
	http.HandleFunc("/upload", upload)
	http.ListenAndServe(":8080", nil)
}
