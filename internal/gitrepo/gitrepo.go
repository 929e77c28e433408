// Package gitrepo runs git for stateaudit (--new-from-rev, --config-from)
// without letting the audited tree choose what git does.
//
// The audited tree is hostile: in CI it is a stranger's pull request. It can
// hold a repository of its own (a .git directory, or the HEAD, config,
// objects and refs of a bare repository) whose configuration runs commands
// (filter.<driver>.clean and process, core.fsmonitor), and a .gitattributes
// that applies a filter the trusted repository or the user's configuration
// defines. So the repository is found once, from the directory stateaudit
// was started in (Open), with safe.bareRepository=explicit; every later git
// names it with --git-dir and --work-tree, runs in the work tree's top
// directory, ignores the system and global configuration, and switches off
// every filter, hook, fsmonitor, pager, lazy fetch and submodule recursion.
// docs/security.md lists the options.
package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Repo is a git repository found from a trusted directory.
type Repo struct {
	// gitDir and workTree are absolute, with symbolic links resolved.
	gitDir, workTree string
	// dir is the trusted directory, absolute, links resolved; relative
	// paths given to Path and RealPath are relative to it.
	dir string
	// opts go before every subcommand: the repository, and the settings
	// that keep git from running anything.
	opts []string
}

// Open finds the repository that contains dir, the directory stateaudit was
// started in: that one is trusted, the audited tree below it is not. Git's
// own checks apply (a repository owned by another user needs safe.directory
// in the user's configuration) and a bare repository is refused: a pull
// request can commit the files of one.
func Open(ctx context.Context, dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("resolving %s: %w", dir, err)
	}
	// Discovery uses the user's configuration: safe.directory lives there.
	// rev-parse reads the configuration and runs nothing.
	out, err := run(ctx, real, discoveryEnv(), nil,
		"-c", "safe.bareRepository=explicit", "-c", "core.fsmonitor=false",
		"rev-parse", "--absolute-git-dir", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("finding the repository of the working directory %s: %w", real, err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 2 || lines[0] == "" || lines[1] == "" {
		return nil, fmt.Errorf("finding the repository of the working directory %s: git rev-parse printed %q", real, out)
	}
	r := &Repo{dir: real}
	if r.gitDir, err = filepath.EvalSymlinks(filepath.FromSlash(lines[0])); err != nil {
		return nil, err
	}
	if r.workTree, err = filepath.EvalSymlinks(filepath.FromSlash(lines[1])); err != nil {
		return nil, err
	}
	// Line endings decide which lines differ, and Git for Windows sets
	// core.autocrlf in the system configuration that later calls ignore:
	// carry these two values over, nothing else.
	eol, err := run(ctx, r.workTree, discoveryEnv(), nil,
		"--git-dir="+r.gitDir, "--work-tree="+r.workTree,
		"config", "-z", "--get-regexp", `^core\.(autocrlf|eol)$`)
	if err != nil && !noMatch(err) {
		return nil, err
	}
	r.opts = r.baseOptions(configPairs(eol))
	// Filters are named by .gitattributes, which the audited tree writes,
	// and defined in the configuration: empty every one that is defined.
	filters, err := r.output(ctx, nil, "config", "-z", "--get-regexp", `^filter\.`)
	if err != nil && !noMatch(err) {
		return nil, err
	}
	off, err := filtersOff(filters)
	if err != nil {
		return nil, err
	}
	r.opts = append(r.opts, off...)
	return r, nil
}

// WorkTree is the top directory of the repository's work tree.
func (r *Repo) WorkTree() string { return r.workTree }

// baseOptions are the options of every call after Open.
func (r *Repo) baseOptions(keep []string) []string {
	opts := []string{
		"--git-dir=" + r.gitDir,
		"--work-tree=" + r.workTree,
		"--no-pager",
		"--literal-pathspecs",
		"--no-optional-locks",
		"-c", "safe.bareRepository=explicit",
		// Open checked ownership with the user's safe.directory; the
		// global configuration is not read from here on.
		"-c", "safe.directory=" + filepath.ToSlash(r.workTree),
		"-c", "core.fsmonitor=false",
		"-c", "core.hooksPath=" + os.DevNull,
		"-c", "core.quotePath=false",
		"-c", "diff.ignoreSubmodules=all",
		"-c", "submodule.recurse=false",
		"-c", "protocol.allow=never",
	}
	for i := 0; i+1 < len(keep); i += 2 {
		opts = append(opts, "-c", keep[i]+"="+keep[i+1])
	}
	return opts
}

// filtersOff turns `git config -z --get-regexp ^filter\.` output into the
// options that empty every filter driver it defines. An empty clean,
// smudge and process make git store the file as it is; required=false keeps
// that from being an error.
func filtersOff(out []byte) ([]string, error) {
	seen := map[string]bool{}
	var opts []string
	for _, kv := range strings.Split(string(out), "\x00") {
		key, _, _ := strings.Cut(kv, "\n")
		if key == "" {
			continue
		}
		// filter.<name>.<variable>; the name may hold dots.
		first, last := strings.IndexByte(key, '.'), strings.LastIndexByte(key, '.')
		if first < 0 || last <= first {
			continue // "filter.x": not a driver setting
		}
		name := key[first+1 : last]
		if seen[name] {
			continue
		}
		seen[name] = true
		// -c splits at the first "=": a name with one cannot be overridden.
		if strings.ContainsAny(name, "=\n\x00") {
			return nil, fmt.Errorf("cannot switch off filter %q of the git configuration: its name holds %q", name, "=")
		}
		for _, v := range []string{"clean", "smudge", "process"} {
			opts = append(opts, "-c", "filter."+name+"."+v+"=")
		}
		opts = append(opts, "-c", "filter."+name+".required=false")
	}
	return opts, nil
}

// configPairs turns `git config -z --get-regexp` output into key, value
// pairs.
func configPairs(out []byte) []string {
	var kv []string
	for _, e := range strings.Split(string(out), "\x00") {
		k, v, ok := strings.Cut(e, "\n")
		if k != "" && ok {
			kv = append(kv, k, v)
		}
	}
	return kv
}

// noMatch reports whether git config --get-regexp found nothing (exit 1).
func noMatch(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee) && ee.ExitCode() == 1
}

// discoveryEnv is the environment of Open's calls: the user's, with the
// user's configuration.
func discoveryEnv() []string {
	return append(os.Environ(),
		"GIT_TERMINAL_PROMPT=0",
		"GIT_OPTIONAL_LOCKS=0",
		"GIT_NO_LAZY_FETCH=1",
		"GIT_PAGER=cat",
		"LC_ALL=C",
	)
}

// env is the environment of every call after Open: no system or global
// configuration, no attributes from the system, and discovery stopped at
// the work tree should git start another git.
func (r *Repo) env() []string {
	return append(discoveryEnv(),
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_ATTR_NOSYSTEM=1",
		"GIT_CEILING_DIRECTORIES="+filepath.Dir(r.workTree),
	)
}

// Output runs one read-only git subcommand on the repository, in the work
// tree's top directory, and returns its standard output.
func (r *Repo) Output(ctx context.Context, args ...string) ([]byte, error) {
	return r.output(ctx, nil, args...)
}

// output is Output with an optional writer that receives standard output
// instead of the returned slice.
func (r *Repo) output(ctx context.Context, w io.Writer, args ...string) ([]byte, error) {
	return run(ctx, r.workTree, r.env(), w, append(append([]string(nil), r.opts...), args...)...)
}

// run runs git in dir. Errors carry git's first line of standard error.
func run(ctx context.Context, dir string, env []string, w io.Writer, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	if w != nil {
		cmd.Stdout = w
	}
	cmd.Stderr = &stderr
	err := cmd.Run()
	if err == nil {
		return stdout.Bytes(), nil
	}
	if errors.Is(err, exec.ErrNotFound) {
		return nil, errors.New("git is not installed or not on PATH")
	}
	sub := subcommand(args)
	msg := strings.TrimSpace(stderr.String())
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	msg = strings.TrimPrefix(msg, "fatal: ")
	if msg == "" {
		return nil, fmt.Errorf("git %s: %w", sub, err)
	}
	return nil, &gitError{sub: sub, msg: msg, err: err}
}

// gitError is a git command that failed with a message; it wraps the
// *exec.ExitError.
type gitError struct {
	sub, msg string
	err      error
}

func (e *gitError) Error() string { return "git " + e.sub + ": " + e.msg }
func (e *gitError) Unwrap() error { return e.err }

// subcommand is the first argument that is not a global option.
func subcommand(args []string) string {
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "-c" || args[i] == "-C":
			i++
		case strings.HasPrefix(args[i], "-"):
		default:
			return args[i]
		}
	}
	return "git"
}
