package config

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/rules"
)

// parser walks the YAML nodes of one file; its errors carry FILE:LINE.
type parser struct{ file string }

func (p *parser) errorf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.file, n.Line, fmt.Sprintf(format, args...))
}

// resolve follows aliases (&anchor / *alias) to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// fields reads a mapping whose keys must all be known: each value goes to
// its key's handler. Unknown and repeated keys are errors.
func (p *parser) fields(n *yaml.Node, what string, handlers map[string]func(*yaml.Node) error) error {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return p.errorf(n, "%s must be a mapping", what)
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			return p.errorf(k, "keys in %s must be plain names", what)
		}
		h, ok := handlers[k.Value]
		if !ok {
			return p.errorf(k, "unknown key %q in %s (want %s)", k.Value, what, keyList(handlers))
		}
		if line, dup := seen[k.Value]; dup {
			return p.errorf(k, "key %q repeated (first at line %d)", k.Value, line)
		}
		seen[k.Value] = k.Line
		if err := h(v); err != nil {
			return err
		}
	}
	return nil
}

func keyList(handlers map[string]func(*yaml.Node) error) string {
	keys := make([]string, 0, len(handlers))
	for k := range handlers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// str reads a non-empty scalar.
func (p *parser) str(n *yaml.Node, what string) (string, error) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
		return "", p.errorf(n, "%s must be a non-empty string", what)
	}
	return strings.TrimSpace(n.Value), nil
}

// strs reads a sequence of non-empty scalars.
func (p *parser) strs(n *yaml.Node, what string) ([]string, error) {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.errorf(n, "%s must be a list", what)
	}
	var out []string
	for _, e := range n.Content {
		s, err := p.str(e, "each entry of "+what)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (p *parser) rules(n *yaml.Node, c *Config) error {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return p.errorf(n, "rules must be a mapping of rule IDs to off, on, error, warning or note")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		id, err := p.str(k, "a rule ID")
		if err != nil {
			return err
		}
		if _, ok := rules.Lookup(id); !ok {
			return p.errorf(k, "unknown rule %q (stateaudit rules lists them)", id)
		}
		if prev, dup := c.Rules[id]; dup {
			return p.errorf(k, "rule %q repeated (first at line %d)", id, prev.Line)
		}
		val, err := p.str(v, "the setting of rule "+id)
		if err != nil {
			return err
		}
		s := RuleSetting{Line: k.Line}
		switch strings.ToLower(val) {
		case "off", "false":
			s.Off = true
		case "on", "true":
		case "error", "warning", "note":
			s.Severity, _ = rules.ParseSeverity(val)
		default:
			return p.errorf(v, "rule %s: unknown setting %q (want off, on, error, warning or note)", id, val)
		}
		c.Rules[id] = s
	}
	return nil
}

func (p *parser) exclude(n *yaml.Node, c *Config) error {
	n = resolve(n)
	globs, err := p.strs(n, "exclude")
	if err != nil {
		return err
	}
	for i, g := range globs {
		if err := checkGlob(g); err != nil {
			return p.errorf(n.Content[i], "exclude %q: %v", g, err)
		}
		c.Exclude = append(c.Exclude, strings.TrimPrefix(g, "./"))
	}
	return nil
}

func (p *parser) services(n *yaml.Node, c *Config) error {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return p.errorf(n, "services must be a list")
	}
	names := map[string]int{}
	for _, e := range n.Content {
		e = resolve(e)
		s := ServiceLink{Line: e.Line}
		err := p.fields(e, "a service", map[string]func(*yaml.Node) error{
			"name": func(v *yaml.Node) (err error) { s.Name, err = p.str(v, "name"); return err },
			"source": func(v *yaml.Node) (err error) {
				if s.Source, err = p.str(v, "source"); err == nil {
					s.Source, err = p.relPath(v, s.Source)
				}
				return err
			},
			"manifests": func(v *yaml.Node) error {
				ms, err := p.strs(v, "manifests")
				for i := 0; err == nil && i < len(ms); i++ {
					ms[i], err = p.relPath(resolve(v).Content[i], ms[i])
				}
				s.Manifests = ms
				return err
			},
			"workload": func(v *yaml.Node) (err error) { s.Workload, err = p.str(v, "workload"); return err },
		})
		if err != nil {
			return err
		}
		if s.Name == "" {
			return p.errorf(e, "a service needs a name")
		}
		if s.Source == "" && len(s.Manifests) == 0 && s.Workload == "" {
			return p.errorf(e, "service %s: give at least one of source, manifests or workload", s.Name)
		}
		if line, dup := names[s.Name]; dup {
			return p.errorf(e, "service %s is listed twice (first at line %d)", s.Name, line)
		}
		names[s.Name] = e.Line
		c.Services = append(c.Services, s)
	}
	return nil
}

// relPath checks that a path stays inside the audited root and cleans it.
func (p *parser) relPath(n *yaml.Node, s string) (string, error) {
	s = path.Clean(strings.ReplaceAll(s, "\\", "/"))
	if path.IsAbs(s) || s == ".." || strings.HasPrefix(s, "../") {
		return "", p.errorf(n, "path %q must be relative to the audited root and stay inside it", s)
	}
	return s, nil
}

func (p *parser) backingImages(n *yaml.Node, c *Config) error {
	imgs, err := p.strs(n, "backing-images")
	c.BackingImages = imgs
	return err
}

func (p *parser) failOn(n *yaml.Node, c *Config) error {
	s, err := p.str(n, "fail-on")
	if err != nil {
		return err
	}
	if _, err := rules.ParseSeverity(s); err != nil {
		return p.errorf(n, "fail-on: %v", err)
	}
	c.FailOn = strings.ToLower(s)
	return nil
}

// scopeNames are the scopes a configuration may place paths in.
var scopeNames = []string{"production", "dev", "test", "example"}

// scopes reads `scopes:`, a mapping from scope name to a list of globs:
//
//	scopes:
//	  production: [deploy/staging/**]
//	  test: [perf/**]
func (p *parser) scopes(n *yaml.Node, c *Config) error {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return p.errorf(n, "scopes must be a mapping from a scope (%s) to a list of globs", strings.Join(scopeNames, ", "))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		known := false
		for _, s := range scopeNames {
			known = known || k.Value == s
		}
		if !known {
			return p.errorf(k, "unknown scope %q (want one of %s)", k.Value, strings.Join(scopeNames, ", "))
		}
		globs, err := p.strs(v, "scopes."+k.Value)
		if err != nil {
			return err
		}
		for j, g := range globs {
			at := v
			if v.Kind == yaml.SequenceNode && j < len(v.Content) {
				at = v.Content[j]
			}
			if err := checkGlob(g); err != nil {
				return p.errorf(at, "scopes.%s %q: %v", k.Value, g, err)
			}
			line := at.Line
			c.Scopes = append(c.Scopes, ScopeGlob{Glob: strings.TrimPrefix(g, "./"), Scope: k.Value, Line: line})
		}
	}
	return nil
}
