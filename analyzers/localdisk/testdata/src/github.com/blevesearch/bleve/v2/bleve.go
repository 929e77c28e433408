// Package bleve is a test stub of github.com/blevesearch/bleve/v2.
package bleve

type Index interface{ Close() error }
type IndexMapping struct{}

func NewIndexMapping() *IndexMapping                        { return &IndexMapping{} }
func New(path string, mapping *IndexMapping) (Index, error) { return nil, nil }
func NewMemOnly(mapping *IndexMapping) (Index, error)       { return nil, nil }
func Open(path string) (Index, error)                       { return nil, nil }
