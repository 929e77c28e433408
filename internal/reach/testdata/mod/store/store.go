// Package store is shared by the serving path and the one-shot commands.
package store

import "os"

// Saver saves things; two implementations, one called through the interface.
type Saver interface{ Save(b []byte) error }

// Disk writes to disk.
type Disk struct{ Dir string }

// Save writes b.
func (d *Disk) Save(b []byte) error { return os.WriteFile(d.Dir+"/x", b, 0o644) } // want:serving

// Sessions are kept by the serving path only.
var Sessions = map[string]string{} // want:serving

// exported is touched by the export command only.
var exported = map[string]bool{} // want:oneshot:export

// Export writes a dump; only the export command calls it.
func Export(path string) error { // want:oneshot:export
	exported[path] = true
	return os.WriteFile(path, nil, 0o644) // want:oneshot:export
}

// Remember records a session; the HTTP handler calls it.
func Remember(id string) { Sessions[id] = "x" } // want:serving

// Unused is called by nobody.
func Unused() { os.WriteFile("/tmp/y", nil, 0o644) } // want:unknown
