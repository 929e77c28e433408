// Package storm is a test stub of github.com/asdine/storm.
package storm

type DB struct{}
type Option func(*DB) error

func Open(path string, stormOptions ...Option) (*DB, error) { return &DB{}, nil }
