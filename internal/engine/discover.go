package engine

import (
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
func discover(absRoot string, paths []string) *target {
	t := &target{modules: map[string][]string{}, explicit: map[string]bool{}}
	seenManifest := map[string]bool{}
	addPattern := func(mod, pattern string) {
		for _, p := range t.modules[mod] {
			if p == pattern {
				return
			}
		}
		t.modules[mod] = append(t.modules[mod], pattern)
	}
	for _, arg := range paths {
		if arg == "-" {
			t.stdin = true
			continue
		}
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
			continue
		}
		info, err := os.Stat(abs)
		if err != nil {
			t.errs = append(t.errs, inputError{arg, "no such file or directory"})
			continue
		}
		if !info.IsDir() {
			if strings.HasSuffix(abs, ".go") {
				if mod := findModule(filepath.Dir(abs)); mod != "" {
					addPattern(mod, relPattern(mod, filepath.Dir(abs), false))
				}
				continue
			}
			rel := relPath(absRoot, abs)
			t.explicit[rel] = true
			if !seenManifest[rel] {
				seenManifest[rel] = true
				t.manifests = append(t.manifests, rel)
			}
			continue
		}
		if mod := findModule(abs); mod != "" && mod != abs {
			addPattern(mod, relPattern(mod, abs, true))
		}
		err = filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if d != nil && d.IsDir() && path != abs {
					t.errs = append(t.errs, inputError{relPath(absRoot, path), err.Error()})
					return fs.SkipDir
				}
				t.errs = append(t.errs, inputError{relPath(absRoot, path), err.Error()})
				return nil
			}
			if d.IsDir() {
				if path != abs && skipDir(d.Name()) {
					return fs.SkipDir
				}
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					addPattern(path, "./...")
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				return nil // never follow links out of the tree or into loops
			}
			if manifestCandidate(d.Name()) {
				rel := relPath(absRoot, path)
				if !seenManifest[rel] {
					seenManifest[rel] = true
					t.manifests = append(t.manifests, rel)
				}
			}
			return nil
		})
		if err != nil {
			t.errs = append(t.errs, inputError{arg, err.Error()})
		}
	}
	sort.Strings(t.manifests)
	return t
}

// findModule returns the directory of the go.mod that governs dir, or "".
func findModule(dir string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
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
