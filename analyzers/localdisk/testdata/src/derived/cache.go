package derived

import (
	"fmt"
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

// Notes: the error handling says what the write is for, and an empty file
// is a marker.
func motionClip(motionPath string, blob []byte) error {
	if err := os.WriteFile(motionPath, blob, 0o644); err != nil { // want `os.WriteFile writes a cache file to local disk \(severity: note\)$`
		return fmt.Errorf("failed to cache motion clip: %w", err)
	}
	return nil
}

func markStarted(path string) error {
	return os.WriteFile(path, []byte(""), 0o600) // want `os.WriteFile writes an empty marker file to local disk \(severity: note\)$`
}

// Look-alike: the error handling speaks of saving, the data is kept.
func saveNote(notePath string, body []byte) error {
	if err := os.WriteFile(notePath, body, 0o644); err != nil { // want `os.WriteFile writes to local disk$`
		return fmt.Errorf("failed to save note: %w", err)
	}
	return nil
}

// Notes: plugin archives downloaded and unpacked at start-up.
func downloadPlugin(url, dest string, body []byte) error {
	return os.WriteFile(dest, body, 0o644) // want `os.WriteFile writes a downloaded or extracted file to local disk \(severity: note\)$`
}

func unzipFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644) // want `os.OpenFile writes a downloaded or extracted file to local disk \(severity: note\)$`
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return err
}

// Look-alike: a file fetched while serving a request and kept is data.
func fetchAttachment(w http.ResponseWriter, r *http.Request) {
	_ = os.WriteFile(filepath.Join("/var/lib/app/files", r.FormValue("id")), []byte("x"), 0o644) // want `os.WriteFile writes to local disk under "/var/lib/app/files"$`
}
