// Package leveldb is a test stub of github.com/syndtr/goleveldb/leveldb.
package leveldb

type DB struct{}
type Options struct{}

func OpenFile(path string, o *Options) (*DB, error)    { return &DB{}, nil }
func RecoverFile(path string, o *Options) (*DB, error) { return &DB{}, nil }
