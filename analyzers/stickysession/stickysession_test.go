package stickysession_test

import (
	"path/filepath"
	"testing"

	"github.com/stateaudit/stateaudit/analyzers/stickysession"
	"github.com/stateaudit/stateaudit/internal/manifest/manifesttest"
	"github.com/stateaudit/stateaudit/rules"
)

func TestStickySessions(t *testing.T) {
	for _, dir := range []string{"service", "ingress", "cloud", "proxy", "mesh", "gatewayapi", "nginx", "haproxy", "helm"} {
		t.Run(dir, func(t *testing.T) {
			manifesttest.Run(t, filepath.Join("testdata", dir), stickysession.Check)
		})
	}
}

// TestFindingsUseDeclaredRules checks that every finding names a rule of the
// check, and that the rules share the family's metadata.
func TestFindingsUseDeclaredRules(t *testing.T) {
	declared := map[string]bool{}
	for _, r := range stickysession.Rules() {
		declared[r.ID] = true
		if r.Category != rules.Sticky || r.Practice != rules.AvoidStickySessions || r.Severity != rules.Warning {
			t.Errorf("%s: category %s, practice %s, severity %s", r.ID, r.Category, r.Practice, r.Severity)
		}
	}
	seen := map[string]bool{}
	for _, dir := range []string{"service", "ingress", "cloud", "proxy", "mesh", "gatewayapi", "nginx", "haproxy"} {
		set := manifesttest.Load(t, filepath.Join("testdata", dir))
		c := &manifesttest.Collector{}
		stickysession.Check.Run(set, c)
		for _, f := range c.Findings {
			if !declared[f.Rule] {
				t.Errorf("%s:%d: finding of undeclared rule %s", f.Pos.File, f.Pos.Line, f.Rule)
			}
			seen[f.Rule] = true
		}
	}
	for id := range declared {
		if !seen[id] {
			t.Errorf("rule %s has no firing fixture", id)
		}
	}
}
