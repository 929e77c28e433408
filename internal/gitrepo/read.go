package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"strconv"
	"strings"
)

// Commit resolves rev to a commit ID, so that everything one run reads
// comes from the same commit even if a branch moves meanwhile.
func (r *Repo) Commit(ctx context.Context, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return "", fmt.Errorf("%q is not a revision", rev)
	}
	out, err := r.Output(ctx, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 1 {
			return "", fmt.Errorf("unknown revision %q", rev)
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// ReadFile returns the content of file name (a path as Path returns it) in
// a commit. It reads the blob as stored, through no filter, and refuses one
// larger than limit bytes: a revision can hold a blob of any size. A file
// that the commit does not have is an error wrapping fs.ErrNotExist; a
// directory, a symbolic link or a submodule is an error too.
func (r *Repo) ReadFile(ctx context.Context, commit, name string, limit int64) ([]byte, error) {
	if name == "" || name == "." || strings.HasPrefix(name, "../") || name == ".." {
		return nil, fmt.Errorf("%q is not a file of the repository", name)
	}
	out, err := r.Output(ctx, "ls-tree", "-z", "-l", "--full-tree", commit, "--", name)
	if err != nil {
		return nil, err
	}
	// <mode> SP <type> SP <object> SP+ <size> TAB <path> NUL
	for _, e := range strings.Split(string(out), "\x00") {
		meta, p, ok := strings.Cut(e, "\t")
		if !ok || p != name {
			continue
		}
		f := strings.Fields(meta)
		if len(f) != 4 {
			return nil, fmt.Errorf("%s: git ls-tree printed %q", name, e)
		}
		mode, typ, oid := f[0], f[1], f[2]
		switch {
		case typ == "tree":
			return nil, fmt.Errorf("%s is a directory", name)
		case typ == "commit":
			return nil, fmt.Errorf("%s is a submodule", name)
		case mode == "120000":
			return nil, fmt.Errorf("%s is a symbolic link", name)
		case typ != "blob":
			return nil, fmt.Errorf("%s is a %s", name, typ)
		}
		size, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: size %q: %w", name, f[3], err)
		}
		if size > limit {
			return nil, fmt.Errorf("%s is %d bytes, more than the %d read from git", name, size, limit)
		}
		w := &capped{left: limit}
		if _, err := r.output(ctx, w, "cat-file", "blob", oid); err != nil {
			if w.over {
				return nil, fmt.Errorf("%s is more than the %d bytes read from git", name, limit)
			}
			return nil, err
		}
		return w.buf.Bytes(), nil
	}
	return nil, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
}

// capped keeps at most left bytes and fails past them, which makes git
// stop on a closed pipe.
type capped struct {
	buf  bytes.Buffer
	left int64
	over bool
}

func (c *capped) Write(p []byte) (int, error) {
	if int64(len(p)) > c.left {
		c.over = true
		return 0, errors.New("too much output")
	}
	c.left -= int64(len(p))
	return c.buf.Write(p)
}
