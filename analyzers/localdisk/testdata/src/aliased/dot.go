package aliased

import . "go.etcd.io/bbolt"

// Fires: a dot import.
func openDot() (*DB, error) {
	return Open("dot.db", 0o600, nil) // want `bbolt.Open opens an embedded database at "dot.db" on local disk`
}
