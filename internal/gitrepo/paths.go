package gitrepo

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Path names p inside the repository: relative to the top of the work tree,
// with forward slashes, "." for the top. A relative p is relative to the
// directory given to Open.
//
// Below the top, p is read as written: a symbolic link there is the
// audited tree's, and following it would let the tree choose which file of
// a revision p means (--config-from reads the base revision's configuration
// of the directory the workflow names, not of the one a link points to).
// Links above the top are followed, so an absolute path through /tmp on
// macOS still works.
func (r *Repo) Path(p string) (string, error) {
	abs := r.abs(p)
	if rel, ok := within(r.workTree, abs); ok {
		return rel, nil
	}
	// The shortest leading part of abs that resolves to the top.
	vol := filepath.VolumeName(abs)
	cur := vol + string(filepath.Separator)
	for _, part := range strings.Split(abs[len(vol):], string(filepath.Separator)) {
		if part != "" {
			cur = filepath.Join(cur, part)
		}
		real, err := filepath.EvalSymlinks(cur)
		if err != nil {
			break
		}
		if real == r.workTree {
			rel, err := filepath.Rel(cur, abs)
			if err != nil {
				break
			}
			return filepath.ToSlash(rel), nil
		}
	}
	return "", fmt.Errorf("%s is outside the git repository of the working directory (%s)", p, r.workTree)
}

// RealPath names the directory or file p inside the repository, like Path,
// but after following every symbolic link: it names what is read from the
// disk, wherever a link of the audited tree points. A link out of the work
// tree is an error.
func (r *Repo) RealPath(p string) (string, error) {
	abs := r.abs(p)
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", err
	}
	rel, ok := within(r.workTree, real)
	switch {
	case ok:
		return rel, nil
	case real != abs:
		return "", fmt.Errorf("%s leads to %s, outside the git repository of the working directory (%s)", p, real, r.workTree)
	}
	return "", fmt.Errorf("%s is outside the git repository of the working directory (%s)", p, r.workTree)
}

// abs makes p absolute against the trusted directory, lexically.
func (r *Repo) abs(p string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.dir, p)
	}
	return filepath.Clean(p)
}

// within returns p relative to dir, with forward slashes, when p is dir or
// below it (lexically).
func within(dir, p string) (string, bool) {
	rel, err := filepath.Rel(dir, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}
