package config

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
)

// FindIn is Find for a configuration read some other way than from the
// disk: read returns a file's content, or an error wrapping fs.ErrNotExist
// when there is none. --config-from reads the base revision's files through
// it, so that the audited tree cannot choose its own configuration.
func FindIn(root string, read func(name string) ([]byte, error)) (*Config, error) {
	var found []string
	var data []byte
	for _, name := range []string{FileName, altFileName} {
		p := filepath.Join(root, name)
		b, err := read(p)
		switch {
		case err == nil:
			found, data = append(found, p), b
		case !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return Parse(filepath.ToSlash(found[0]), data)
	}
	return nil, fmt.Errorf("both %s and %s exist: keep one", filepath.ToSlash(found[0]), filepath.ToSlash(found[1]))
}
