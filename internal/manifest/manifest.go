// Package manifest loads deployment configuration — Kubernetes YAML and JSON,
// Helm templates, compose files, nginx and HAProxy configs, Dockerfiles — into
// values that keep the file, line and column of everything they hold, and
// defines the Check type the manifest rules implement.
//
// Files that cannot be parsed become Errors with a position; they never stop
// the other files from loading.
package manifest

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/rules"
)

// Format says what kind of configuration a file holds.
type Format string

// Formats.
const (
	Kubernetes Format = "kubernetes" // YAML or JSON objects with apiVersion and kind (Helm templates too)
	Compose    Format = "compose"
	Nginx      Format = "nginx"
	HAProxy    Format = "haproxy"
	Dockerfile Format = "dockerfile"
	Skaffold   Format = "skaffold"
)

// File is one loaded configuration file.
type File struct {
	// Path is relative to the audited root, with forward slashes ("-" for stdin).
	Path   string
	Format Format
	// Helm is set for files under a chart's templates/ directory; values set
	// by `{{ … }}` actions are unknown.
	Helm bool
	// Objects are the Kubernetes objects of the file, in document order.
	Objects []*Object
	// Docs are the root nodes of a YAML file's documents (compose, skaffold;
	// also Kubernetes files).
	Docs []*yaml.Node
	// Directives are the statements of an nginx, HAProxy or Dockerfile config.
	Directives []*Directive
	// Lines is the raw text split into lines, for suppression comments.
	Lines []string
}

// Object is one Kubernetes object.
type Object struct {
	File       *File
	APIVersion string
	Kind       string
	Name       string
	Namespace  string
	// Node is the object's mapping node.
	Node *yaml.Node
}

// Directive is one statement of a line-oriented config: an nginx directive
// (with its block), an HAProxy keyword line in its section, a Dockerfile
// instruction.
type Directive struct {
	Name   string
	Args   []string
	Line   int
	Column int
	// Block holds the directives inside `{ … }` (nginx) or the section's
	// lines (HAProxy: the section keyword line owns the lines that follow).
	Block []*Directive
	// Parent is the enclosing block directive, nil at top level.
	Parent *Directive
}

// Error is a file that could not be read or parsed, with the position of the
// problem when known.
type Error struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

func (e Error) Error() string {
	if e.Line > 0 {
		return e.File + ":" + itoa(e.Line) + ": " + e.Message
	}
	return e.File + ": " + e.Message
}

// errorList collects a parser's positioned errors for one file.
type errorList struct {
	file string
	errs []Error
}

func (l *errorList) errorf(line int, format string, args ...any) {
	l.errs = append(l.errs, Error{File: l.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// Set is everything loaded from the audited paths.
type Set struct {
	Files  []*File
	Errors []Error
	// Skipped lists YAML/JSON files that are not manifests (CI workflows,
	// application config, Helm values), binary files, and the broken files
	// a production audit does not need, each with the reason.
	Skipped []Skipped
}

// Objects returns every Kubernetes object of the set, in file order.
func (s *Set) Objects() []*Object {
	var out []*Object
	for _, f := range s.Files {
		out = append(out, f.Objects...)
	}
	return out
}

// Reporter receives the findings of manifest checks.
type Reporter interface {
	// Report records a finding of rule at pos.
	Report(rule *rules.Rule, pos Pos, message string, related ...rules.Related)
}

// Pos is a position in a manifest file.
type Pos struct {
	File   string
	Line   int
	Column int
}

// Location converts a Pos to the report's Location.
func (p Pos) Location() rules.Location {
	return rules.Location{File: p.File, Line: p.Line, Column: p.Column}
}

// At returns the position of a node in file f.
func At(f *File, n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: f.Path}
	}
	return Pos{File: f.Path, Line: n.Line, Column: n.Column}
}

// DirectivePos returns the position of a directive in file f.
func DirectivePos(f *File, d *Directive) Pos {
	return Pos{File: f.Path, Line: d.Line, Column: d.Column}
}

// Check is a manifest rule family: it reads the whole Set (claims and
// workloads live in different files) and reports findings.
type Check struct {
	// Name identifies the family (the package name).
	Name string
	// Rules are the rules the check reports.
	Rules []*rules.Rule
	// Run inspects the set.
	Run func(set *Set, r Reporter)
}

// IsTemplated reports whether a value was set by a Helm action (its value is
// unknown until the chart is rendered).
func IsTemplated(s string) bool {
	return strings.Contains(s, Placeholder) || strings.Contains(s, "{{")
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}
