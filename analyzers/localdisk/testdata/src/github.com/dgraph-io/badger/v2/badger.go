// Package badger is a test stub of github.com/dgraph-io/badger.
package badger

type DB struct{}

type Options struct {
	Dir      string
	ValueDir string
	InMemory bool
}

func DefaultOptions(path string) Options         { return Options{Dir: path, ValueDir: path} }
func (o Options) WithInMemory(b bool) Options    { o.InMemory = b; return o }
func (o Options) WithDir(d string) Options       { o.Dir = d; return o }
func (o Options) WithLoggingLevel(l int) Options { return o }
func Open(opt Options) (*DB, error)              { return &DB{}, nil }
func OpenManaged(opts Options) (*DB, error)      { return &DB{}, nil }
