package manifest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
)

// Tree is the audited directory as an fs.FS that a hostile tree cannot
// lead out of. It reads through an os.Root, so a symbolic link (or a name)
// that leaves the directory is refused by the kernel-backed lookup rather
// than by string checks, and links inside it are followed. Unlike os.DirFS
// it accepts every byte but NUL in names — a file called "caf\xe9.yaml"
// is audited under that name — while names that are absolute or hold ".."
// are still refused. Files are opened without blocking, so a named pipe
// that takes the place of a file after ReadFile's Lstat cannot hang a read.
//
// Tree implements fs.ReadLinkFS, which ReadFile uses to look at a file
// (Lstat) before opening it.
type Tree struct{ root *os.Root }

// OpenTree opens dir. The caller closes the Tree.
func OpenTree(dir string) (*Tree, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Tree{root: r}, nil
}

// Close releases the directory.
func (t *Tree) Close() error { return t.root.Close() }

// Open opens a file or directory for reading.
func (t *Tree) Open(name string) (fs.File, error) {
	p, err := treePath("open", name)
	if err != nil {
		return nil, err
	}
	f, err := t.root.OpenFile(p, openFlags, 0)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Stat describes a file, following symbolic links that stay in the tree.
func (t *Tree) Stat(name string) (fs.FileInfo, error) {
	p, err := treePath("stat", name)
	if err != nil {
		return nil, err
	}
	return t.root.Stat(p)
}

// Lstat describes a file without following a final symbolic link.
func (t *Tree) Lstat(name string) (fs.FileInfo, error) {
	p, err := treePath("lstat", name)
	if err != nil {
		return nil, err
	}
	return t.root.Lstat(p)
}

// ReadLink returns the target of a symbolic link, unresolved.
func (t *Tree) ReadLink(name string) (string, error) {
	p, err := treePath("readlink", name)
	if err != nil {
		return "", err
	}
	return t.root.Readlink(p)
}

// treePath checks a slash-separated name and returns it in the operating
// system's form. Any byte but NUL may appear in an element; empty, "." and
// ".." elements and absolute names are refused (the name "." is the root).
func treePath(op, name string) (string, error) {
	if name == "." {
		return name, nil
	}
	bad := name == "" || strings.HasPrefix(name, "/") || strings.IndexByte(name, 0) >= 0
	for elem := range strings.SplitSeq(name, "/") {
		if elem == "" || elem == "." || elem == ".." {
			bad = true
		}
	}
	if bad || filepath.IsAbs(filepath.FromSlash(name)) || filepath.VolumeName(filepath.FromSlash(name)) != "" {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return filepath.FromSlash(name), nil
}

// leavesTree reports whether an error of a Tree says that a name, through
// a symbolic link, leads out of the directory. os.Root does not export the
// error; TestSymlinkOutOfTree fails if its wording changes.
func leavesTree(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && pe.Err.Error() == "path escapes from parent"
}

// dirFSType is the type os.DirFS returns.
var dirFSType = reflect.TypeOf(os.DirFS("."))

// dirOf returns the directory of an os.DirFS. LoadAll reads through a
// Tree instead: os.DirFS refuses names that are not valid UTF-8 and follows
// symbolic links out of its directory.
func dirOf(fsys fs.FS) (string, bool) {
	if reflect.TypeOf(fsys) != dirFSType {
		return "", false
	}
	return reflect.ValueOf(fsys).String(), true
}
