// Package gitdiff finds the lines that changed since a git revision, so an
// audit can report only what a change introduces (--new-from-rev), the way
// golangci-lint's new-from-rev does.
//
// It runs git read-only through gitrepo, on the repository of the directory
// stateaudit was started in, never one the audited tree holds: `git diff`
// against the revision (the working tree, staged or not, counts as changed)
// plus the untracked files, which count as wholly new. Filters, external
// diff drivers, textconv, fsmonitor and submodules are switched off, and git
// does not refresh the index, so the audit neither executes nor writes
// anything the audited tree chooses.
package gitdiff

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/stateaudit/stateaudit/internal/gitrepo"
)

// Changes are the lines changed since a revision, by file. File paths are
// relative to the directory Load was given, with forward slashes.
type Changes struct {
	// Rev is the revision the changes are measured from.
	Rev string
	// lines holds the changed line ranges of files changed in part.
	lines map[string][]lineRange
	// whole holds files that are entirely new (untracked or added).
	whole map[string]bool
}

// lineRange is an inclusive range of 1-based line numbers.
type lineRange struct{ from, to int }

// Load measures the changes in dir (and below) since rev, in repo. dir is
// taken after following symbolic links, as the audit reads it, and must be
// in the repository's work tree.
func Load(ctx context.Context, repo *gitrepo.Repo, dir, rev string) (*Changes, error) {
	commit, err := repo.Commit(ctx, rev)
	if err != nil {
		return nil, err
	}
	rel, err := repo.RealPath(dir)
	if err != nil {
		return nil, err
	}
	args := []string{"diff", "--no-ext-diff", "--no-textconv", "--no-color", "--ignore-submodules=all",
		"--find-renames", "--unified=0", "--src-prefix=a/", "--dst-prefix=b/"}
	lsFiles := []string{"ls-files", "--others", "--exclude-standard", "-z"}
	prefix := ""
	if rel != "." {
		prefix = rel + "/"
		args = append(args, "--relative="+prefix, commit, "--", rel)
		lsFiles = append(lsFiles, "--", rel)
	} else {
		args = append(args, commit, "--")
	}
	out, err := repo.Output(ctx, args...)
	if err != nil {
		return nil, err
	}
	c, err := parseDiff(out)
	if err != nil {
		return nil, fmt.Errorf("reading git diff %s: %w", rev, err)
	}
	c.Rev = rev
	untracked, err := repo.Output(ctx, lsFiles...)
	if err != nil {
		return nil, err
	}
	for _, f := range strings.Split(string(untracked), "\x00") {
		if f, ok := strings.CutPrefix(f, prefix); ok && f != "" {
			c.whole[f] = true
		}
	}
	return c, nil
}

// parseDiff reads `git diff --unified=0` output: the new side of every hunk
// header is a changed range of the file named by the preceding "+++" line.
func parseDiff(out []byte) (*Changes, error) {
	c := &Changes{lines: map[string][]lineRange{}, whole: map[string]bool{}}
	file := ""
	oldLeft, newLeft := 0, 0 // lines of the current hunk still to read
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if oldLeft > 0 || newLeft > 0 {
			switch {
			case strings.HasPrefix(line, "-"):
				oldLeft--
			case strings.HasPrefix(line, "+"):
				newLeft--
			}
			continue // content (or "\ No newline at end of file")
		}
		switch {
		case strings.HasPrefix(line, "diff --git "):
			file = ""
		case strings.HasPrefix(line, "+++ "):
			name, err := unquote(strings.TrimPrefix(line, "+++ "))
			if err != nil {
				return nil, err
			}
			file = ""
			if name != "/dev/null" {
				file = strings.TrimPrefix(name, "b/")
			}
		case strings.HasPrefix(line, "@@ "):
			oldStart, oldCount, newStart, newCount, err := hunkHeader(line)
			if err != nil {
				return nil, err
			}
			oldLeft, newLeft = oldCount, newCount
			if file != "" && newCount > 0 {
				c.lines[file] = append(c.lines[file], lineRange{newStart, newStart + newCount - 1})
			}
			if file != "" && oldStart == 0 && oldCount == 0 {
				c.whole[file] = true // an added file
			}
		}
	}
	return c, sc.Err()
}

// hunkHeader parses "@@ -a[,b] +c[,d] @@ ...".
func hunkHeader(line string) (oldStart, oldCount, newStart, newCount int, err error) {
	fields := strings.Fields(line)
	if len(fields) < 4 || fields[3] != "@@" && !strings.HasPrefix(fields[3], "@@") {
		return 0, 0, 0, 0, fmt.Errorf("malformed hunk header %q", line)
	}
	oldStart, oldCount, err1 := rangeOf(fields[1], "-")
	newStart, newCount, err2 := rangeOf(fields[2], "+")
	if err := errors.Join(err1, err2); err != nil {
		return 0, 0, 0, 0, fmt.Errorf("malformed hunk header %q: %w", line, err)
	}
	return oldStart, oldCount, newStart, newCount, nil
}

func rangeOf(s, sign string) (start, count int, err error) {
	s, ok := strings.CutPrefix(s, sign)
	if !ok {
		return 0, 0, fmt.Errorf("want %s", sign)
	}
	a, b, hasCount := strings.Cut(s, ",")
	if start, err = strconv.Atoi(a); err != nil {
		return 0, 0, err
	}
	count = 1
	if hasCount {
		if count, err = strconv.Atoi(b); err != nil {
			return 0, 0, err
		}
	}
	return start, count, nil
}

// unquote undoes git's C-style quoting of unusual file names.
func unquote(s string) (string, error) {
	if !strings.HasPrefix(s, `"`) {
		return s, nil
	}
	u, err := strconv.Unquote(s)
	if err != nil {
		return "", fmt.Errorf("file name %s: %w", s, err)
	}
	return u, nil
}

// Contains reports whether a line of a file (relative to the directory
// given to Load) changed since the revision. Line 0 — a finding about a
// whole file — counts when any line of the file changed.
func (c *Changes) Contains(file string, line int) bool {
	file = path.Clean(strings.TrimPrefix(file, "./"))
	if c.whole[file] {
		return true
	}
	rs := c.lines[file]
	if line <= 0 {
		return len(rs) > 0
	}
	for _, r := range rs {
		if line >= r.from && line <= r.to {
			return true
		}
	}
	return false
}
