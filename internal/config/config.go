// Package config reads .stateaudit.yaml, the per-repository configuration:
// rules switched off or given another severity, paths left out of the audit,
// explicit links between Go mains and workloads, extra backing-service images
// and the default --fail-on threshold.
//
// The file is read with the YAML Node API so that every mistake — an unknown
// key, a misspelt rule ID, a bad glob — is reported as FILE:LINE, and unknown
// keys are errors rather than silently ignored settings.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/safefile"
	"github.com/stateaudit/stateaudit/rules"
)

// FileName is the configuration file looked for at the audited root.
const FileName = ".stateaudit.yaml"

// altFileName is accepted too, because people type .yml.
const altFileName = ".stateaudit.yml"

// Config is a parsed .stateaudit.yaml. Paths in it are relative to the
// audited root, with forward slashes, wherever the file itself lives.
type Config struct {
	// Rules holds a setting per rule ID that the file mentions.
	Rules map[string]RuleSetting
	// Exclude lists path globs (relative to the root, ** allowed) that the
	// audit skips.
	Exclude []string
	// Services are explicit links between a Go main and its workload; they
	// win over every inferred link.
	Services []ServiceLink
	// BackingImages are extra images treated as backing services (stateful by
	// design), in addition to the built-in list.
	BackingImages []string
	// FailOn is the default --fail-on threshold ("" when not set).
	FailOn string
	// Scopes place paths in a scope (production, dev, test, example),
	// overriding what stateaudit infers from directory and file names.
	Scopes []ScopeGlob
	// Path is the file the configuration was read from.
	Path string
}

// ScopeGlob puts the paths a glob matches (and everything below them) in a scope.
type ScopeGlob struct {
	Glob  string
	Scope string
	// Line is where the glob is written.
	Line int
}

// MatchGlob reports whether a slash-separated path matches a glob of the
// configuration (path.Match per segment, ** for any number of segments).
func MatchGlob(glob, name string) bool { return matchGlob(glob, name) }

// RuleSetting is what the configuration says about one rule.
type RuleSetting struct {
	// Off disables the rule.
	Off bool
	// Severity overrides the rule's default severity; 0 keeps the default.
	Severity rules.Severity
	// Line is where the setting is written, for messages about it.
	Line int
}

// ServiceLink names a service and says which Go main and which manifests
// make it up.
type ServiceLink struct {
	Name string
	// Source is the directory of the Go main package.
	Source string
	// Manifests are the files that declare the service's workload.
	Manifests []string
	// Workload is the workload's name (a Deployment, StatefulSet, compose
	// service, ...), when it differs from Name or is ambiguous.
	Workload string
	// Line is where the entry starts.
	Line int
}

// MaxFileSize bounds the configuration file: a page of settings, not a
// file a hostile tree can make the audit hold in memory.
const MaxFileSize = 1 << 20

// Find loads the configuration file at root, if there is one. It returns
// nil, nil when the root has none. A name that is there but is not a
// regular file (a named pipe, a link to /dev/zero or out of the root, a
// dangling link) is an error, not a missing configuration.
func Find(root string) (*Config, error) {
	var found []string
	for _, name := range []string{FileName, altFileName} {
		p := filepath.Join(root, name)
		if _, err := os.Lstat(p); err == nil {
			found = append(found, p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("looking for the configuration: %w", err)
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return Load(found[0])
	}
	return nil, fmt.Errorf("both %s and %s exist: keep one", found[0], found[1])
}

// Load reads and validates a configuration file. The file is read as
// safefile.Read does: a regular file of at most MaxFileSize bytes, a
// symbolic link followed only inside the file's directory.
func Load(file string) (*Config, error) {
	data, err := safefile.Read(file, MaxFileSize)
	if err != nil {
		return nil, fmt.Errorf("reading the configuration: %w", err)
	}
	return Parse(file, data)
}

// Parse validates configuration data; file names it in errors.
func Parse(file string, data []byte) (*Config, error) {
	c := &Config{Path: file, Rules: map[string]RuleSetting{}}
	p := &parser{file: file}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file is an empty configuration
		}
		return nil, fmt.Errorf("%s: %s", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		return nil, p.errorf(&extra, "more than one YAML document; the configuration is a single mapping")
	case !errors.Is(err, io.EOF):
		return nil, fmt.Errorf("%s: %s", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return c, nil
	}
	root := resolve(doc.Content[0])
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	if err := p.fields(root, "the configuration", map[string]func(*yaml.Node) error{
		"rules":          func(n *yaml.Node) error { return p.rules(n, c) },
		"exclude":        func(n *yaml.Node) error { return p.exclude(n, c) },
		"services":       func(n *yaml.Node) error { return p.services(n, c) },
		"backing-images": func(n *yaml.Node) error { return p.backingImages(n, c) },
		"fail-on":        func(n *yaml.Node) error { return p.failOn(n, c) },
		"scopes":         func(n *yaml.Node) error { return p.scopes(n, c) },
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// Severity says how a rule's findings are reported: its severity, and
// whether the rule runs at all. A nil Config leaves every rule as it is.
func (c *Config) Severity(ruleID string, def rules.Severity) (sev rules.Severity, enabled bool) {
	if c == nil {
		return def, true
	}
	s, ok := c.Rules[ruleID]
	switch {
	case !ok:
		return def, true
	case s.Off:
		return def, false
	case s.Severity != 0:
		return s.Severity, true
	}
	return def, true
}

// Excluded reports whether a path (relative to the audited root) is left
// out of the audit: it, or a directory above it, matches an exclude glob.
func (c *Config) Excluded(relPath string) bool {
	if c == nil || len(c.Exclude) == 0 {
		return false
	}
	p := path.Clean(filepath.ToSlash(relPath))
	p = strings.TrimPrefix(p, "./")
	for _, g := range c.Exclude {
		for q := p; q != "." && q != "/" && q != ""; q = path.Dir(q) {
			if matchGlob(g, q) {
				return true
			}
		}
	}
	return false
}

// IsBackingImage reports whether a container image is one of the configured
// backing images. An entry matches the image's repository (tag and digest
// dropped) when it is equal to it or to its trailing path components:
// "cockroach" matches "cockroachdb/cockroach:v23.1", and
// "my-registry/pg-custom" matches "docker.io/my-registry/pg-custom@sha256:…".
func (c *Config) IsBackingImage(image string) bool {
	if c == nil {
		return false
	}
	repo := imageRepository(image)
	for _, b := range c.BackingImages {
		b = imageRepository(b)
		if repo == b || strings.HasSuffix(repo, "/"+b) {
			return true
		}
	}
	return false
}

// imageRepository drops the tag and digest from an image reference.
func imageRepository(image string) string {
	image = strings.ToLower(strings.TrimSpace(image))
	if i := strings.Index(image, "@"); i >= 0 {
		image = image[:i]
	}
	// A colon after the last slash starts the tag; one before it is a
	// registry port.
	if i := strings.LastIndex(image, ":"); i > strings.LastIndex(image, "/") {
		image = image[:i]
	}
	return image
}
