// Package nutsdb is a test stub of github.com/nutsdb/nutsdb.
package nutsdb

type DB struct{}
type Options struct {
	Dir         string
	SegmentSize int64
}
type Option func(*Options)

var DefaultOptions = Options{SegmentSize: 8 << 20}

func WithDir(dir string) Option                        { return func(o *Options) { o.Dir = dir } }
func Open(options Options, ops ...Option) (*DB, error) { return &DB{}, nil }
