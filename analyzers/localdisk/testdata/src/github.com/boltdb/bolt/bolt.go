// Package bolt is a test stub of github.com/boltdb/bolt.
package bolt

import "os"

type DB struct{}
type Options struct{}

func Open(path string, mode os.FileMode, options *Options) (*DB, error) { return &DB{}, nil }
