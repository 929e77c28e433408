// Package golangci is stateaudit's golangci-lint v2 module plugin: it hands
// golangci-lint the same Go analyzers `stateaudit` and `go vet -vettool` run,
// so a project that already gates on golangci-lint gets the statelessness
// findings in the same report, with the same ignore comments.
//
// Build a custom golangci-lint that includes it with `golangci-lint custom`
// and a .custom-gcl.yml naming this import path; docs/ci.md has both files.
// The linter is called stateaudit; its optional settings are
//
//	settings:
//	  disable: [memory-session-map, processstate]
//
// where each entry is a Go rule ID (`stateaudit rules` lists them) or an
// analyzer name (sessionstate, localdisk, processstate). Manifest rules do
// not run here: golangci-lint only sees Go packages.
package golangci

import (
	"fmt"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/analyzers"
	"github.com/stateaudit/stateaudit/rules"
)

// Name is the linter name under linters.settings.custom in .golangci.yml.
const Name = "stateaudit"

func init() { register.Plugin(Name, New) }

// Settings are the plugin's options, read from
// linters.settings.custom.stateaudit.settings. Unknown keys are errors, so a
// misspelt option never silently does nothing.
type Settings struct {
	// Disable lists Go rule IDs or analyzer names whose findings are not
	// reported. An analyzer all of whose rules are disabled does not run.
	Disable []string `json:"disable,omitempty"`
}

// Plugin is the golangci-lint linter: stateaudit's Go analyzers with their
// ignore comments honoured, minus what the settings disable.
type Plugin struct {
	settings Settings
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New is the constructor golangci-lint calls with the raw settings (nil when
// there are none). It rejects unknown keys and unknown or manifest-only rule
// IDs up front, so a configuration mistake fails the run instead of quietly
// reporting everything.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("stateaudit plugin settings: %w", err)
	}
	all := analyzers.All()
	for _, id := range s.Disable {
		if slices.ContainsFunc(all, func(a *analysis.Analyzer) bool { return a.Name == id }) {
			continue
		}
		r, ok := rules.Lookup(id)
		if !ok {
			return nil, fmt.Errorf("stateaudit plugin settings: disable: unknown rule or analyzer %q (stateaudit rules lists them)", id)
		}
		if r.Source != rules.GoSource {
			return nil, fmt.Errorf("stateaudit plugin settings: disable: %q is a %s rule, and golangci-lint runs only the Go analyzers", id, r.Source)
		}
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers returns the analyzers wrapped for drivers (ignore comments
// honoured, rule ID appended to each message) and filtered by the settings.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	disabled := map[string]bool{}
	for _, id := range p.settings.Disable {
		disabled[id] = true
	}
	var out []*analysis.Analyzer
	for _, a := range analyzers.ForDrivers(analyzers.All()) {
		if disabled[a.Name] {
			continue
		}
		ids := ruleIDs(a)
		if len(ids) > 0 && !slices.ContainsFunc(ids, func(id string) bool { return !disabled[id] }) {
			continue
		}
		if slices.ContainsFunc(ids, func(id string) bool { return disabled[id] }) {
			a = dropRules(a, disabled)
		}
		out = append(out, a)
	}
	return out, nil
}

// GetLoadMode asks for type information: the analyzers resolve callees and
// types (net/http handlers, session stores) and degrade without it.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// ruleIDs returns the Go rules an analyzer reports, read from the rule list
// rules.AnalyzerDoc writes into its Doc, so a new analyzer needs no entry here.
func ruleIDs(a *analysis.Analyzer) []string {
	var ids []string
	for _, r := range rules.All() {
		if r.Source == rules.GoSource && strings.Contains(a.Doc, "\n  "+r.ID+" (") {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// dropRules returns a copy of a whose diagnostics of disabled rules (the
// diagnostic's Category is its rule ID) are not reported.
func dropRules(a *analysis.Analyzer, disabled map[string]bool) *analysis.Analyzer {
	copied := *a
	run := a.Run
	copied.Run = func(pass *analysis.Pass) (any, error) {
		inner := *pass
		inner.Report = func(d analysis.Diagnostic) {
			if !disabled[d.Category] {
				pass.Report(d)
			}
		}
		return run(&inner)
	}
	return &copied
}
