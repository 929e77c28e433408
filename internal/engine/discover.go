package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/stateaudit/stateaudit/internal/config"
	"github.com/stateaudit/stateaudit/internal/manifest"
)

// target is what discovery found under the audited paths.
type target struct {
	// modules maps a module directory (absolute) to the package patterns to
	// load in it, relative to that directory ("./...", "./cmd/x").
	modules map[string][]string
	// manifests are candidate configuration files, relative to the root.
	manifests []string
	// stdin is set when "-" was given.
	stdin bool
	// explicit are the files named on the command line, relative to the root.
	explicit map[string]bool
	errs     []inputError
}

type inputError struct {
	file string
	msg  string
}

// skipDir reports whether discovery should not descend into a directory.
// The audited root itself is never skipped, so `stateaudit testdata/demo` works.
func skipDir(name string) bool {
	switch name {
	case "vendor", "testdata", "node_modules":
		return true
	}
	return strings.HasPrefix(name, ".") && name != "." && name != ".."
}

// manifestCandidate reports whether a file name may hold deployment configuration.
func manifestCandidate(name string) bool {
	base := strings.ToLower(name)
	switch filepath.Ext(base) {
	case ".yaml", ".yml", ".json", ".conf", ".cfg", ".tpl", ".tf":
		return base != "package.json" && base != "package-lock.json" && base != "tsconfig.json" && !strings.HasSuffix(base, ".lock.json")
	}
	return manifest.IsDockerfileName(base)
}

// discover walks the paths (relative to cwd or absolute) and sorts what it
// finds into Go modules and manifest files. absRoot is the audited root.
//
// The tree is hostile. Symbolic links are never followed out of it: a
// path named on the command line that leads out of the root through one
// is refused, and so is a root inside the working directory that leads out
// of it; the walk does not follow links at all. Named pipes, sockets and
// devices are never opened here: one named like a manifest is listed, for
// the loader to skip with the reason, and a Go module whose go command
// would open one (a .go file that is a named pipe, a go.mod linked to
// /dev/zero) is not analysed, with an error naming the file.
func discover(absRoot string, paths []string) *target {
	t := &target{modules: map[string][]string{}, explicit: map[string]bool{}}
	w := &walker{t: t, absRoot: absRoot, realRoot: absRoot, seenManifest: map[string]bool{}}
	if real, err := filepath.EvalSymlinks(absRoot); err == nil {
		w.realRoot = real
	}
	if msg := rootEscapes(absRoot, w.realRoot); msg != "" {
		t.errs = append(t.errs, inputError{".", msg})
		return t
	}
	for _, arg := range paths {
		if arg == "-" {
			t.stdin = true
			continue
		}
		w.arg(arg)
	}
	w.dropPoisoned()
	sort.Strings(t.manifests)
	return t
}

// walker is the state of one discovery.
type walker struct {
	t *target
	// absRoot is the audited root as named; realRoot is it with its
	// symbolic links resolved.
	absRoot, realRoot string
	seenManifest      map[string]bool
	// poisoned are files the go command would open that it must not (named
	// pipes, links out of the tree), by absolute path under absRoot, with
	// the reason.
	poisoned map[string]string
	// skipUnder ends with a separator: the walk is in a directory that
	// discovery does not audit (vendor, testdata, ...). "" when it is not.
	skipUnder string
}

// arg discovers what one command-line path holds.
func (w *walker) arg(arg string) {
	t := w.t
	// "dir/..." and "dir" both audit everything under dir.
	p := arg
	if rest, ok := strings.CutSuffix(filepath.ToSlash(p), "/..."); ok {
		p = rest
		if p == "" {
			p = "."
		}
	} else if p == "..." {
		p = "."
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		t.errs = append(t.errs, inputError{arg, err.Error()})
		return
	}
	if _, err := os.Lstat(abs); err != nil {
		t.errs = append(t.errs, inputError{arg, "no such file or directory"})
		return
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		t.errs = append(t.errs, inputError{arg, "a symbolic link that cannot be followed: " + unwrapPathError(err)})
		return
	}
	if within(w.absRoot, abs) && !within(w.realRoot, real) {
		t.errs = append(t.errs, inputError{arg, "a symbolic link out of the audited directory: not followed"})
		return
	}
	info, err := os.Stat(real)
	if err != nil {
		t.errs = append(t.errs, inputError{arg, unwrapPathError(err)})
		return
	}
	if !info.IsDir() {
		if strings.HasSuffix(abs, ".go") {
			if !info.Mode().IsRegular() {
				t.errs = append(t.errs, inputError{arg, manifest.NotRegular(info.Mode()) + ": not analysed"})
				return
			}
			if mod := w.findModule(filepath.Dir(abs)); mod != "" {
				w.addPattern(mod, relPattern(mod, filepath.Dir(abs), false))
			}
			return
		}
		// The loader skips what is not a regular file, unopened, and
		// follows a link only inside the root.
		rel := relPath(w.absRoot, abs)
		t.explicit[rel] = true
		w.addManifest(rel)
		return
	}
	// Walk the directory itself and name what it holds as under the root
	// (abs may be a link to a directory of the tree).
	dir := abs
	if within(w.realRoot, real) {
		dir = w.lexical(real)
	}
	if mod := w.findModule(dir); mod != "" && mod != dir {
		w.addPattern(mod, relPattern(mod, dir, true))
	}
	err = filepath.WalkDir(real, func(path string, d fs.DirEntry, err error) error {
		if real != dir {
			path = dir + strings.TrimPrefix(path, real)
		}
		return w.visit(dir, path, d, err)
	})
	if err != nil {
		t.errs = append(t.errs, inputError{arg, unwrapPathError(err)})
	}
}

// visit is the WalkDir function of the walk of top. Below skipped
// directories (vendor, testdata, node_modules, hidden ones) it only looks
// for files that the go command could be led to open (an import of a
// testdata package, a vendored package, a replace directive); it never
// descends into .git, which no checkout fills from the tree's content.
func (w *walker) visit(top, path string, d fs.DirEntry, err error) error {
	t := w.t
	if err != nil {
		t.errs = append(t.errs, inputError{relPath(w.absRoot, path), "reading the directory: " + unwrapPathError(err)})
		if d != nil && d.IsDir() && path != top {
			return fs.SkipDir
		}
		return nil
	}
	// The walk is depth first: a path that is not below the skipped
	// directory entered last is out of it for good.
	if w.skipUnder != "" && !strings.HasPrefix(path, w.skipUnder) {
		w.skipUnder = ""
	}
	if d.IsDir() {
		if path == top {
			w.skipUnder = ""
		} else if d.Name() == ".git" {
			return fs.SkipDir
		} else if w.skipUnder == "" && skipDir(d.Name()) {
			w.skipUnder = path + string(filepath.Separator)
		}
		if w.skipUnder == "" {
			switch ok, problem := moduleFiles(path); {
			case ok:
				w.addPattern(path, "./...")
			case problem != "" && path != top: // findModule reported top
				t.errs = append(t.errs, moduleError(w.absRoot, path, problem))
			}
		}
		return nil
	}
	if goInput(d.Name()) {
		if problem := w.goFileProblem(path, d); problem != "" {
			w.poison(path, problem)
		}
	}
	if w.skipUnder != "" || d.Type()&fs.ModeSymlink != 0 {
		return nil // never follow links out of the tree or into loops
	}
	if manifestCandidate(d.Name()) {
		w.addManifest(relPath(w.absRoot, path))
	}
	return nil
}

func (w *walker) addPattern(mod, pattern string) {
	for _, p := range w.t.modules[mod] {
		if p == pattern {
			return
		}
	}
	w.t.modules[mod] = append(w.t.modules[mod], pattern)
}

func (w *walker) addManifest(rel string) {
	if !w.seenManifest[rel] {
		w.seenManifest[rel] = true
		w.t.manifests = append(w.t.manifests, rel)
	}
}

// lexical names a path of the resolved root as under the root as named.
func (w *walker) lexical(real string) string {
	rel, err := filepath.Rel(w.realRoot, real)
	if err != nil {
		return real
	}
	return filepath.Join(w.absRoot, rel)
}

// poison records a file the go command must not open.
func (w *walker) poison(path, problem string) {
	if w.poisoned == nil {
		w.poisoned = map[string]string{}
	}
	w.poisoned[path] = problem
}

// dropPoisoned leaves out every module that holds a poisoned file (the
// innermost one that is loaded): the go command opens every Go file of the
// packages it loads, and a named pipe blocks it forever.
func (w *walker) dropPoisoned() {
	files := make([]string, 0, len(w.poisoned))
	for f := range w.poisoned {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		mod := ""
		for m := range w.t.modules {
			if within(m, f) && len(m) > len(mod) {
				mod = m
			}
		}
		if mod == "" {
			continue // no go command runs there
		}
		msg := fmt.Sprintf("%s: the Go module in %s is not analysed (the go command would open it)", w.poisoned[f], relPath(w.absRoot, mod))
		w.t.errs = append(w.t.errs, inputError{relPath(w.absRoot, f), msg})
		delete(w.t.modules, mod)
	}
}

// findModule returns the directory of the go.mod that governs dir, or "".
// A module whose go.mod, go.sum or vendor/modules.txt is not a regular
// file is an error, and no module: the go command would read them.
func (w *walker) findModule(dir string) string {
	for {
		if ok, problem := moduleFiles(dir); ok {
			return dir
		} else if problem != "" {
			w.t.errs = append(w.t.errs, moduleError(w.absRoot, dir, problem))
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// moduleFiles reports whether dir holds a go.mod, and what is wrong with
// the files of the module that the go command reads whole: go.mod, go.sum
// and vendor/modules.txt must be regular files (a link is followed by the
// go command wherever it leads) of at most manifest.MaxFileSize bytes.
func moduleFiles(dir string) (ok bool, problem string) {
	if _, err := os.Lstat(filepath.Join(dir, "go.mod")); err != nil {
		return false, ""
	}
	for _, name := range []string{"go.mod", "go.sum", "vendor/modules.txt"} {
		info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name)))
		switch {
		case err != nil:
			continue
		case !info.Mode().IsRegular():
			return false, name + " is " + manifest.NotRegular(info.Mode())
		case info.Size() > manifest.MaxFileSize:
			return false, fmt.Sprintf("%s is larger than the %d MiB limit", name, manifest.MaxFileSize>>20)
		}
	}
	return true, ""
}

// moduleError reports a module left out for a problem with its files.
func moduleError(absRoot, dir, problem string) inputError {
	return inputError{relPath(absRoot, filepath.Join(dir, "go.mod")), problem + ": the Go module is not analysed (the go command would read it)"}
}

// goInput reports whether the go command may open a file of this name when
// it loads the package of its directory: Go, assembly and cgo sources,
// syso objects, SWIG files.
func goInput(name string) bool {
	switch filepath.Ext(name) {
	case ".go", ".s", ".S", ".sx", ".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx",
		".m", ".f", ".F", ".for", ".f90", ".syso", ".swig", ".swigcxx":
		return true
	}
	return false
}

// goFileProblem says why the go command must not open a file: it is not a
// regular file, or a symbolic link out of the tree or to something that is
// not a regular file. "" when it may.
func (w *walker) goFileProblem(path string, d fs.DirEntry) string {
	switch typ := d.Type(); {
	case typ.IsRegular():
		return ""
	case typ&fs.ModeSymlink == 0:
		return manifest.NotRegular(typ)
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "a symbolic link that cannot be followed"
	}
	if !within(w.realRoot, real) {
		return "a symbolic link out of the audited directory"
	}
	info, err := os.Stat(real)
	if err != nil || !info.Mode().IsRegular() {
		return "a symbolic link to something that is not a regular file"
	}
	return ""
}

// rootEscapes says why an audited root must not be audited: inside the
// working directory (the checked-out tree), it leads out of it through a
// symbolic link; elsewhere, it is a link out of its own directory. "" when
// it is fine.
func rootEscapes(absRoot, realRoot string) string {
	anchor, what := filepath.Dir(absRoot), "its parent directory"
	if cwd, err := os.Getwd(); err == nil && within(cwd, absRoot) {
		anchor, what = cwd, "the working directory"
	}
	realAnchor, err := filepath.EvalSymlinks(anchor)
	if err != nil || within(realAnchor, realRoot) {
		return ""
	}
	return "the audited directory is a symbolic link out of " + what + ": not followed"
}

// within reports whether path is dir or lies below it, lexically.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// unwrapPathError is the message of an error without the absolute path an
// *fs.PathError carries: the report names the file already.
func unwrapPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func relPattern(mod, dir string, recursive bool) string {
	rel, err := filepath.Rel(mod, dir)
	if err != nil || rel == "." {
		rel = ""
	}
	p := "./" + filepath.ToSlash(rel)
	if recursive {
		if rel == "" {
			return "./..."
		}
		return p + "/..."
	}
	if rel == "" {
		return "."
	}
	return p
}

// relPath makes path relative to root with forward slashes; paths outside
// the root stay as they are.
func relPath(root, path string) string {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

func (e inputError) String() string { return fmt.Sprintf("%s: %s", e.file, e.msg) }

// exclude drops what the configuration leaves out: manifest files, and Go
// modules whose directory is excluded. Go findings in excluded files are
// dropped later, with the rest of the configuration.
func (t *target) exclude(absRoot string, cfg *config.Config) {
	if cfg == nil || len(cfg.Exclude) == 0 {
		return
	}
	kept := t.manifests[:0]
	for _, m := range t.manifests {
		if !cfg.Excluded(m) {
			kept = append(kept, m)
		}
	}
	t.manifests = kept
	for mod := range t.modules {
		if rel := relPath(absRoot, mod); rel != "." && cfg.Excluded(rel) {
			delete(t.modules, mod)
		}
	}
}
