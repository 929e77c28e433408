package golangci_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/stateaudit/stateaudit/analyzers"
	"github.com/stateaudit/stateaudit/analyzers/golangci"
	"github.com/stateaudit/stateaudit/analyzers/sessionstate"
	"github.com/stateaudit/stateaudit/rules"
)

// build loads the plugin the way golangci-lint does: by its registered name,
// with the raw settings of .golangci.yml.
func build(t *testing.T, settings any) []*analysis.Analyzer {
	t.Helper()
	newPlugin, err := register.GetPlugin("stateaudit")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		t.Fatalf("New(%v): %v", settings, err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if err := analysis.Validate(as); err != nil {
		t.Fatalf("invalid analyzers: %v", err)
	}
	return as
}

func names(as []*analysis.Analyzer) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func find(t *testing.T, as []*analysis.Analyzer, name string) *analysis.Analyzer {
	t.Helper()
	for _, a := range as {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no analyzer %s in %v", name, names(as))
	return nil
}

func TestBuildAnalyzersReturnsEveryAnalyzer(t *testing.T) {
	got := names(build(t, nil))
	want := names(analyzers.All())
	if !slices.Equal(got, want) {
		t.Errorf("BuildAnalyzers() = %v, want %v", got, want)
	}
	// golangci-lint hands an empty settings object when the block is there
	// but says nothing.
	if got := names(build(t, map[string]any{})); !slices.Equal(got, want) {
		t.Errorf("with empty settings: %v, want %v", got, want)
	}
}

// TestSessionMapMessage runs the plugin's analyzer as golangci-lint would:
// the finding carries its rule ID, the ignored one is dropped.
func TestSessionMapMessage(t *testing.T) {
	a := find(t, build(t, nil), sessionstate.Analyzer.Name)
	analysistest.Run(t, analysistest.TestData(), a, "sessions")
}

func TestDisableRule(t *testing.T) {
	as := build(t, map[string]any{"disable": []any{sessionstate.MemorySessionMap.ID}})
	// The analyzer still runs for its other rules but drops this one.
	a := find(t, as, sessionstate.Analyzer.Name)
	analysistest.Run(t, analysistest.TestData(), a, "quiet")
}

func TestDisableAnalyzer(t *testing.T) {
	as := build(t, map[string]any{"disable": []any{"processstate"}})
	if slices.Contains(names(as), "processstate") {
		t.Errorf("processstate disabled by name still built: %v", names(as))
	}
	var ids []any
	for _, r := range sessionstate.Rules() {
		ids = append(ids, r.ID)
	}
	as = build(t, map[string]any{"disable": ids})
	if slices.Contains(names(as), sessionstate.Analyzer.Name) {
		t.Errorf("sessionstate runs with all its rules disabled: %v", names(as))
	}
	if len(as) != len(analyzers.All())-1 {
		t.Errorf("disabling sessionstate's rules dropped more than it: %v", names(as))
	}
}

func TestSettingsErrors(t *testing.T) {
	var manifestRule string
	for _, r := range rules.All() {
		if r.Source == rules.ManifestSource {
			manifestRule = r.ID
			break
		}
	}
	for _, tc := range []struct {
		settings any
		want     string
	}{
		{map[string]any{"disabled": []any{"x"}}, `unknown field "disabled"`},
		{map[string]any{"disable": []any{"memory-sesion-map"}}, `unknown rule or analyzer "memory-sesion-map"`},
		{map[string]any{"disable": []any{manifestRule}}, `"` + manifestRule + `" is a manifest rule`},
		{map[string]any{"disable": "memory-session-map"}, "cannot unmarshal string"},
	} {
		_, err := golangci.New(tc.settings)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%v) = %v, want an error containing %q", tc.settings, err, tc.want)
		}
	}
}
