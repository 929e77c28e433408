// Package memstore is a stub of github.com/quasoft/memstore.
package memstore

type MemStore struct{}

func (*MemStore) Name() string { return "mem" }

func NewMemStore(keyPairs ...[]byte) *MemStore { return &MemStore{} }
