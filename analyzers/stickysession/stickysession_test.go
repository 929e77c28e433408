package stickysession_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stateaudit/stateaudit/analyzers/stickysession"
	"github.com/stateaudit/stateaudit/internal/manifest/manifesttest"
	"github.com/stateaudit/stateaudit/rules"
)

func TestStickySessions(t *testing.T) {
	for _, dir := range []string{"service", "ingress", "cloud", "proxy", "mesh", "gatewayapi", "nginx", "haproxy", "helm", "apache", "envoy", "terraform"} {
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
	for _, dir := range []string{"service", "ingress", "cloud", "proxy", "mesh", "gatewayapi", "nginx", "haproxy", "apache", "envoy", "terraform"} {
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

// TestEnvoyConfigMapPositions checks that findings in an Envoy config held
// by a ConfigMap point into the ConfigMap's file, column included.
func TestEnvoyConfigMapPositions(t *testing.T) {
	set := manifesttest.Load(t, filepath.Join("testdata", "envoy"))
	c := &manifesttest.Collector{}
	stickysession.Check.Run(set, c)
	for _, f := range c.Findings {
		if f.Pos.File == "configmap.yaml" {
			if f.Pos.Line != 24 || f.Pos.Column != 23 {
				t.Errorf("finding at %d:%d, want 24:23 (the hash_policy key)", f.Pos.Line, f.Pos.Column)
			}
			return
		}
	}
	t.Errorf("no finding in configmap.yaml:\n%s", manifesttest.String(c.Findings))
}

// TestTerraformJSONAndVariables checks Terraform's JSON syntax (which has no
// comments for `# want`) and a module's variables deciding an attribute: the
// target groups whose stickiness is on (by default, or by a variable of
// variables.tf that defaults to true) fire at their stickiness block; the
// one that turns it off, and the one enabled by a variable that defaults to
// false, stay quiet.
func TestTerraformJSONAndVariables(t *testing.T) {
	set := manifesttest.Load(t, filepath.Join("testdata", "terraformjson"))
	c := &manifesttest.Collector{}
	stickysession.Check.Run(set, c)
	got := manifesttest.String(c.Findings)
	for _, want := range []string{
		"lb.tf.json:7:9 [terraform-lb-stickiness] aws_lb_target_group.web pins clients",
		"main.tf:15:3 [terraform-lb-stickiness] aws_lb_target_group.shop pins clients",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if len(c.Findings) != 2 {
		t.Errorf("want two findings:\n%s", got)
	}
}
