// Package deploy answers "what is deployed, and where" between loading files
// and building the service model: the scope of every file, workload and Go
// package (production, or a dev, test or example environment, with the
// reason), and the deployable units that correlations stay inside.
//
// Scope is decided from evidence in the tree, most specific first: the
// configuration's globs, a Helm test hook on the object, a compose profile on
// the service, a kind/k3d cluster config beside the files, the directory
// names on the path, and the file name.
package deploy

import (
	"path"
	"strings"
)

// Scope says which environment a file, object or service belongs to. The
// values are part of the stateaudit/v1 JSON schema.
type Scope string

// The scopes.
const (
	Production Scope = "production"
	Dev        Scope = "dev"
	Test       Scope = "test"
	Example    Scope = "example"
)

// Scopes lists every scope, production first.
var Scopes = []Scope{Production, Dev, Test, Example}

// ParseScope reads a scope name.
func ParseScope(s string) (Scope, bool) {
	for _, x := range Scopes {
		if strings.EqualFold(s, string(x)) {
			return x, true
		}
	}
	return "", false
}

// Placement is the scope of something and why it has it.
type Placement struct {
	Scope  Scope
	Reason string
}

// InProduction is the placement of what no evidence sets aside.
var InProduction = Placement{Scope: Production}

// Production reports whether the placement is the production scope.
func (p Placement) Production() bool { return p.Scope == "" || p.Scope == Production }

// Normal returns p with an empty scope made production.
func (p Placement) Normal() Placement {
	if p.Scope == "" {
		p.Scope = Production
	}
	return p
}

// Override is a configured glob that puts paths in a scope.
type Override struct {
	Glob  string
	Scope Scope
	// Source says where the override is written ("stateaudit.yaml:12").
	Source string
}

// Scoper decides the scope of paths under the audited root.
type Scoper struct {
	overrides []Override
	match     func(glob, name string) bool
	// dirs are directories placed by evidence found inside them (a kind
	// cluster config), with everything below.
	dirs map[string]Placement
}

// NewScoper returns a Scoper that applies the overrides first (first match
// wins); match reports whether a glob matches a slash-separated path.
func NewScoper(overrides []Override, match func(glob, name string) bool) *Scoper {
	return &Scoper{overrides: overrides, match: match, dirs: map[string]Placement{}}
}

// MarkDir places a directory, and everything below it, in a scope. The
// root itself (".") is never marked: a kind config at the top of a
// repository says how its developers test it, not that nothing is deployed.
func (s *Scoper) MarkDir(dir string, p Placement) {
	dir = path.Clean(dir)
	if dir == "." || dir == "/" || dir == "" {
		return
	}
	if _, ok := s.dirs[dir]; !ok {
		s.dirs[dir] = p
	}
}

// File places a configuration file by its path (relative to the root).
func (s *Scoper) File(rel string) Placement {
	if p, ok := s.configured(rel); ok {
		return p
	}
	if p, ok := s.marked(rel); ok {
		return p
	}
	if p, ok := byDirs(path.Dir(rel), manifestDirWords); ok {
		return p
	}
	if p, ok := byFileName(path.Base(rel)); ok {
		return p
	}
	return InProduction
}

// GoDir places a Go package directory (relative to the root). Go package
// directories are judged by fewer words than manifest directories:
// `internal/local` or `pkg/integration` are ordinary package names.
func (s *Scoper) GoDir(rel string) Placement {
	if p, ok := s.configured(rel); ok {
		return p
	}
	if p, ok := s.marked(rel + "/x"); ok {
		return p
	}
	if p, ok := byDirs(rel, goDirWords); ok {
		return p
	}
	return InProduction
}

// GoFile places a Go file: the configuration's globs on the file itself
// (so that "**" places a main.go at the root), then its directory.
func (s *Scoper) GoFile(rel string) Placement {
	if p, ok := s.configured(rel); ok {
		return p
	}
	dir := path.Dir(rel)
	if dir == "." {
		return InProduction
	}
	return s.GoDir(dir)
}

// configured applies the configuration's globs to a path and the
// directories above it.
func (s *Scoper) configured(rel string) (Placement, bool) {
	if s == nil || len(s.overrides) == 0 {
		return Placement{}, false
	}
	p := strings.TrimPrefix(path.Clean(rel), "./")
	for _, o := range s.overrides {
		for q := p; q != "." && q != "/" && q != ""; q = path.Dir(q) {
			if s.match(o.Glob, q) {
				return Placement{Scope: o.Scope, Reason: "set by " + o.Source}, true
			}
		}
	}
	return Placement{}, false
}

// marked finds the nearest marked directory above a file.
func (s *Scoper) marked(rel string) (Placement, bool) {
	if s == nil {
		return Placement{}, false
	}
	for d := path.Dir(path.Clean(rel)); d != "." && d != "/" && d != ""; d = path.Dir(d) {
		if p, ok := s.dirs[d]; ok {
			return p, true
		}
	}
	return Placement{}, false
}

// The words that place a directory, matched against the directory name's
// words (split at - _ . and case changes are not split: names are lowercased).
var (
	testWords = map[string]bool{
		"test": true, "tests": true, "testing": true, "testdata": true, "e2e": true,
		"integration": true, "suites": true, "fixtures": true, "fixture": true,
		"conformance": true, "smoke": true, "mocks": true, "mock": true, "ci": true,
		"testenv": true, "loadtest": true, "loadtests": true, "benchmarks": true,
	}
	devWords = map[string]bool{
		"dev": true, "development": true, "devel": true, "local": true, "hack": true,
		"sandbox": true, "playground": true, "debug": true, "devcontainer": true,
		"minikube": true, "kind": true, "k3d": true, "k3s": true, "tilt": true,
		"localdev": true, "devenv": true,
	}
	exampleWords = map[string]bool{
		"example": true, "examples": true, "sample": true, "samples": true,
		"demo": true, "demos": true, "docs": true, "doc": true, "documentation": true,
		"quickstart": true, "quickstarts": true, "tutorial": true, "tutorials": true,
		"contrib": true, "archived": true, "deprecated": true, "archive": true,
		"website": true, "blog": true,
	}
	manifestDirWords = [3]map[string]bool{testWords, devWords, exampleWords}
	// goDirWords: the Go side keeps the unambiguous words only.
	goDirWords = [3]map[string]bool{
		{"test": true, "tests": true, "testing": true, "testdata": true, "e2e": true, "suites": true, "fixtures": true, "mocks": true, "testutil": true, "testutils": true, "testhelpers": true, "loadtest": true},
		{"dev": true, "hack": true, "devcontainer": true},
		{"example": true, "examples": true, "sample": true, "samples": true, "demo": true, "demos": true, "docs": true, "tutorial": true, "tutorials": true, "quickstart": true},
	}
)

var scopeOrder = [3]Scope{Test, Dev, Example}

// byDirs places a path by the first of its directories whose name has a
// word of one of the three lists.
func byDirs(dir string, words [3]map[string]bool) (Placement, bool) {
	dir = path.Clean(dir)
	if dir == "." || dir == "" || dir == "/" {
		return Placement{}, false
	}
	for _, seg := range strings.Split(dir, "/") {
		for _, w := range nameWords(seg) {
			for i, list := range words {
				if list[w] {
					return Placement{Scope: scopeOrder[i], Reason: "under " + seg + "/"}, true
				}
			}
		}
	}
	return Placement{}, false
}

// fileWords place a configuration file by its own name
// (docker-compose.test.yml, compose-dev.yaml, deployment.e2e.yaml).
var fileWords = [3]map[string]bool{
	{"test": true, "tests": true, "testing": true, "e2e": true, "ci": true, "integration": true, "it": true},
	{"dev": true, "development": true, "local": true, "debug": true, "devel": true, "kind": true, "minikube": true},
	{"example": true, "examples": true, "sample": true, "demo": true, "quickstart": true, "tutorial": true},
}

func byFileName(base string) (Placement, bool) {
	name := strings.ToLower(base)
	if ext := path.Ext(name); ext != "" && !strings.HasPrefix(name, "dockerfile") {
		name = strings.TrimSuffix(name, ext)
	}
	for _, w := range nameWords(name) {
		for i, list := range fileWords {
			if list[w] {
				return Placement{Scope: scopeOrder[i], Reason: "file name " + base}, true
			}
		}
	}
	return Placement{}, false
}

// nameWords splits a file or directory name into lower-case words at the
// separators people put in names.
func nameWords(name string) []string {
	name = strings.ToLower(name)
	return strings.FieldsFunc(name, func(r rune) bool {
		return r == '-' || r == '_' || r == '.' || r == ' ' || r == '+' || r == '@'
	})
}

// ProfileScope places a compose service by its profiles: a service that only
// starts with a test or dev profile is not part of what runs by default in
// production.
func ProfileScope(profiles []string) (Placement, bool) {
	for _, p := range profiles {
		for _, w := range nameWords(p) {
			for i, list := range fileWords {
				if list[w] || i == 0 && testWords[w] || i == 1 && devWords[w] {
					return Placement{Scope: scopeOrder[i], Reason: "compose profile " + p}, true
				}
			}
		}
	}
	return Placement{}, false
}

// HookScope places a Kubernetes object by its helm.sh/hook annotation: test
// hooks run only under `helm test`.
func HookScope(hook string) (Placement, bool) {
	for _, h := range strings.Split(hook, ",") {
		h = strings.TrimSpace(h)
		if h == "test" || h == "test-success" || h == "test-failure" {
			return Placement{Scope: Test, Reason: "Helm test hook"}, true
		}
	}
	return Placement{}, false
}

// IsLocalClusterConfig reports whether an object configures a local
// development cluster (kind, k3d, ctlptl, minikube): the manifests beside it
// are for that cluster.
func IsLocalClusterConfig(apiVersion, kind string) (string, bool) {
	group, _, _ := strings.Cut(apiVersion, "/")
	switch {
	case group == "kind.x-k8s.io" || group == "kind.sigs.k8s.io":
		return "kind", true
	case strings.HasSuffix(group, "k3d.io"):
		return "k3d", true
	case group == "ctlptl.dev":
		return "ctlptl", true
	case strings.Contains(group, "minikube"):
		return "minikube", true
	}
	return "", false
}

// Less orders placements from most to least production: the scope a
// service takes from its parts is the most production one among them.
func Less(a, b Placement) bool {
	return rank(a.Scope) < rank(b.Scope)
}

func rank(s Scope) int {
	for i, x := range Scopes {
		if x == s {
			return i
		}
	}
	return 0
}

// MountSourceScope places a compose service by the host paths it
// bind-mounts: a service that mounts ./dev-data or ./testdata/certs is a
// developer's or a test's environment, whatever the compose file is called.
func MountSourceScope(source string) (Placement, bool) {
	src := strings.TrimPrefix(strings.TrimSpace(source), "~")
	if src == "" || !strings.HasPrefix(src, ".") && !strings.HasPrefix(src, "/") {
		return Placement{}, false // a named volume
	}
	for _, seg := range strings.Split(path.Clean(src), "/") {
		if seg == "." || seg == ".." || seg == "" {
			continue
		}
		for _, w := range nameWords(seg) {
			for i, list := range manifestDirWords {
				if i == 2 {
					continue // docs/ or examples/ content mounted is still content
				}
				if list[w] {
					return Placement{Scope: scopeOrder[i], Reason: "mounts " + source}, true
				}
			}
		}
	}
	return Placement{}, false
}
