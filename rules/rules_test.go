package rules_test

import (
	"strings"
	"testing"

	"github.com/stateaudit/stateaudit/analyzers"
	"github.com/stateaudit/stateaudit/rules"

	// The engine declares the suppression rules.
	_ "github.com/stateaudit/stateaudit/internal/engine"
)

// TestCatalog holds every registered rule to the house wording.
func TestCatalog(t *testing.T) {
	all := rules.All()
	if len(all) < 3 {
		t.Fatalf("only %d rules registered", len(all))
	}
	seen := map[string]bool{}
	for _, r := range all {
		if seen[r.ID] {
			t.Errorf("duplicate rule ID %s", r.ID)
		}
		seen[r.ID] = true
		if err := rules.Validate(r); err != nil {
			t.Errorf("%s: %v", r.ID, err)
		}
	}
}

// TestAnalyzersDeclareTheirRules checks that every Go analyzer is valid for
// go/analysis drivers and that its Doc names rules that exist.
func TestAnalyzersDeclareTheirRules(t *testing.T) {
	for _, a := range analyzers.All() {
		if len(a.FactTypes) > 0 {
			t.Errorf("%s declares facts: the engine loads no dependency syntax", a.Name)
		}
		if !a.RunDespiteErrors {
			t.Errorf("%s must run despite type errors (degraded modules)", a.Name)
		}
		if !strings.Contains(a.Doc, "Rules:") {
			t.Errorf("%s: Doc is not built with rules.AnalyzerDoc", a.Name)
		}
	}
	for _, c := range analyzers.ManifestChecks() {
		if len(c.Rules) == 0 {
			t.Errorf("manifest check %s declares no rules", c.Name)
		}
	}
}

func TestValidateRejects(t *testing.T) {
	good := rules.Rule{
		ID: "x-rule", Title: "A rule", Category: rules.Session,
		Characteristics: []rules.Characteristic{rules.Scalability}, Practice: rules.ExternalizeState,
		Severity: rules.Error, Source: rules.GoSource, Summary: "Reports x.", Rationale: "Because.",
		Fires: []string{"x"}, Remediation: "Do y.",
	}
	if err := rules.Validate(&good); err != nil {
		t.Fatalf("good rule rejected: %v", err)
	}
	for name, mutate := range map[string]func(r *rules.Rule){
		"id":          func(r *rules.Rule) { r.ID = "X_Rule" },
		"title":       func(r *rules.Rule) { r.Title = "a rule." },
		"remediation": func(r *rules.Rule) { r.Remediation = "You should do y" },
		"gerund":      func(r *rules.Rule) { r.Remediation = "Using y helps." },
		"chars":       func(r *rules.Rule) { r.Characteristics = nil },
		"docs":        func(r *rules.Rule) { r.Rationale = "" },
		"fires":       func(r *rules.Rule) { r.Fires = nil },
	} {
		r := good
		mutate(&r)
		if rules.Validate(&r) == nil {
			t.Errorf("%s: bad rule accepted", name)
		}
	}
}

func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]rules.Severity{"error": rules.Error, "Warning": rules.Warning, "note": rules.Note, "none": rules.None} {
		got, err := rules.ParseSeverity(in)
		if err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := rules.ParseSeverity("fatal"); err == nil {
		t.Error("unknown severity accepted")
	}
}
