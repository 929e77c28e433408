// Package safefile reads one named file of the audited tree — the
// configuration, the baseline — as a hostile tree may have made it: a named
// pipe (opening it waits forever), a device (/dev/zero never ends), a
// symbolic link to a file outside the tree (/proc/self/environ, a key), or
// a file far larger than any real one. Each is refused with an error that
// names the file; nothing outside the file's own directory is read.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Read reads the file at path, at most limit bytes. The file must be a
// regular file; it may be a symbolic link only to a file in the same
// directory or below it (the link is resolved through an os.Root of that
// directory, which refuses a way out). The file is looked at (Lstat) before
// it is opened, and opened without blocking. Errors name path, and wrap
// fs.ErrNotExist when there is no such file.
func Read(path string, limit int64) ([]byte, error) {
	root, err := os.OpenRoot(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrap(err))
	}
	defer root.Close()
	name := filepath.Base(path)
	info, err := root.Lstat(name)
	if err == nil && info.Mode()&fs.ModeSymlink != 0 {
		info, err = root.Stat(name)
	}
	if err != nil {
		return nil, describe(path, err)
	}
	if err := check(path, info, limit); err != nil {
		return nil, err
	}
	f, err := root.OpenFile(name, openFlags, 0)
	if err != nil {
		return nil, describe(path, err)
	}
	defer f.Close()
	// What was looked at may have been replaced since: look again.
	if info, err = f.Stat(); err != nil {
		return nil, describe(path, err)
	}
	if err := check(path, info, limit); err != nil {
		return nil, err
	}
	// The file may grow while it is read: never read past the limit.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, describe(path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than the %s limit", path, size(limit))
	}
	return data, nil
}

// check refuses what is not a regular file, or too large.
func check(path string, info fs.FileInfo, limit int64) error {
	mode := info.Mode()
	if mode.IsRegular() {
		if info.Size() > limit {
			return fmt.Errorf("%s is %d bytes, larger than the %s limit", path, info.Size(), size(limit))
		}
		return nil
	}
	what := "an irregular file"
	switch {
	case mode.IsDir():
		what = "a directory"
	case mode&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case mode&fs.ModeSocket != 0:
		what = "a socket"
	case mode&fs.ModeDevice != 0:
		what = "a device"
	}
	return fmt.Errorf("%s is not a regular file: %s", path, what)
}

// describe words an error of the lookup: a link out of the directory is
// said so (os.Root does not export that error).
func describe(path string, err error) error {
	err = unwrap(err)
	if err.Error() == "path escapes from parent" {
		return fmt.Errorf("%s is a symbolic link out of its directory", path)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// unwrap drops the operation and name of an *fs.PathError: the message
// names the file as the user gave it.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// size writes a byte count in MiB, or KiB below one MiB.
func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
