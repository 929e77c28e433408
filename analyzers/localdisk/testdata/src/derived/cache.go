package derived

import (
	"net/http"
	"os"
	"path/filepath"
)

// Notes: a thumbnail cache filled while serving a request is rebuilt by any
// replica that misses it.
func serveThumbnail(w http.ResponseWriter, r *http.Request) {
	thumbnailPath := filepath.Join("/var/lib/app/thumbnails", r.URL.Query().Get("id")+".jpg")
	_ = os.WriteFile(thumbnailPath, []byte("jpeg"), 0o644) // want `os.WriteFile writes a cache file to local disk under "/var/lib/app/thumbnails" \(severity: note\)$`
}

// Quiet: a probe that the data directory is writable, removed at once.
func dataDirWritable(dir string) bool {
	testFile := filepath.Join(dir, ".write-test")
	if err := os.WriteFile(testFile, []byte("test"), 0o600); err != nil {
		return false
	}
	os.Remove(testFile)
	return true
}

// Look-alikes that keep data: an upload written in a handler, and a file
// written and removed under another name.
func saveAvatar(w http.ResponseWriter, r *http.Request) {
	avatarPath := filepath.Join("/var/lib/app/avatars", r.FormValue("user"))
	_ = os.WriteFile(avatarPath, []byte("png"), 0o644) // want `os.WriteFile writes to local disk under "/var/lib/app/avatars"$`
	old := avatarPath + ".old"
	os.Remove(old)
}
