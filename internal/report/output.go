package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Output is the file a report is written to (--output). The audited tree is
// hostile and is usually the working directory: a symlink committed under
// the report's name must not make the run overwrite whatever the link
// points at. So the report is written in full to a temporary file in the
// target's directory and renamed over the target, which replaces a name,
// never writes through it; and a target that is a symlink, a directory or
// anything but a regular file is refused, as is a symlinked directory on
// the way to it inside the working directory.
type Output struct {
	name string // as given, for messages
	path string // absolute and clean: what was checked is what is renamed over
	tmp  *os.File
	mode fs.FileMode
}

// CreateOutput checks that a report can be written to path and creates the
// temporary file it will be written to, so that a run that cannot write
// its report fails before the audit rather than after it. The caller
// calls Commit with the report, and Discard in any case.
func CreateOutput(path string) (*Output, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	o := &Output{name: path, path: abs, mode: 0o644}
	if err := checkDirs(abs); err != nil {
		return nil, err
	}
	fi, err := checkTarget(abs, path)
	if err != nil {
		return nil, err
	}
	if fi != nil {
		o.mode = fi.Mode().Perm()
	}
	dir, base := filepath.Split(abs)
	// The name is hidden and ends in .tmp: an audit of the directory the
	// report goes to neither reads it as a manifest nor lists it.
	o.tmp, err = os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot create a file next to %s: %w", path, unwrapPath(err))
	}
	return o, nil
}

// Commit writes the report to the temporary file and renames it over the
// target, checking again that the target is not a symlink or a directory.
func (o *Output) Commit(data []byte) error {
	if o.tmp == nil {
		return errors.New("report already written")
	}
	tmp := o.tmp
	o.tmp = nil
	err := writeAll(tmp, data, o.mode)
	if err == nil {
		if _, err = checkTarget(o.path, o.name); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		err = os.Rename(tmp.Name(), o.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", o.name, unwrapPath(err))
	}
	return nil
}

// Discard removes the temporary file unless Commit renamed it into place.
func (o *Output) Discard() {
	if o == nil || o.tmp == nil {
		return
	}
	o.tmp.Close()
	os.Remove(o.tmp.Name())
	o.tmp = nil
}

func writeAll(f *os.File, data []byte, mode fs.FileMode) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// checkTarget returns the target's file info (nil when it does not exist
// yet), or an error, naming it name, when it is anything but a regular file.
func checkTarget(path, name string) (fs.FileInfo, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return nil, fmt.Errorf("%s is a symbolic link: refusing to replace it", name)
	case fi.IsDir():
		return nil, fmt.Errorf("%s is a directory", name)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file: refusing to replace it", name)
	}
	return fi, nil
}

// checkDirs refuses a symlinked directory on the way to path below the
// working directory, where a checkout's own symlinks live; directories
// above it, such as /tmp or /var on macOS, are the machine's.
func checkDirs(path string) error {
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	rel, err := filepath.Rel(wd, filepath.Dir(path))
	if err != nil || rel == "." || !filepath.IsLocal(rel) {
		return nil
	}
	dir := wd
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		dir = filepath.Join(dir, part)
		fi, err := os.Lstat(dir)
		if err != nil {
			return fmt.Errorf("directory %s: %w", dir, unwrapPath(err))
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link: refusing to write through it", dir)
		}
	}
	return nil
}

// unwrapPath drops the *PathError wrapper, whose path the message names
// already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
