// Package afero is a test stub of github.com/spf13/afero.
package afero

type Fs interface{ Name() string }

type osFs struct{}

func (osFs) Name() string { return "OsFs" }

func NewOsFs() Fs                             { return osFs{} }
func NewMemMapFs() Fs                         { return osFs{} }
func NewReadOnlyFs(source Fs) Fs              { return source }
func NewBasePathFs(source Fs, path string) Fs { return source }
