package aliased

import (
	"os"

	bolt "go.etcd.io/bbolt"
)

// Fires: an aliased import.
func openAliased() (*bolt.DB, error) {
	return bolt.Open("/var/lib/aliased.db", 0o600, nil) // want `bbolt.Open opens an embedded database at "/var/lib/aliased.db" on local disk`
}

// Fires: a wrapper one call deep; its only caller gives the path.
func openStore(p string) (*bolt.DB, error) {
	return bolt.Open(p, 0o600, &bolt.Options{}) // want `bbolt.Open opens an embedded database at "/var/lib/orders/store.db" on local disk`
}

func Start() { openStore("/var/lib/orders/store.db") }

// Fires: an exported wrapper: its callers are not all visible, the path is unknown.
func OpenAt(p string) (*bolt.DB, error) {
	return bolt.Open(p, os.FileMode(0o600), nil) // want `bbolt.Open opens an embedded database on local disk`
}

func init() { OpenAt("/var/lib/other.db") }
