package sessionstate

import (
	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/rules"
)

// Analyzer reports session state kept in process memory or on local disk.
var Analyzer = &analysis.Analyzer{
	Name:             "sessionstate",
	Doc:              rules.AnalyzerDoc("report session state kept in process memory or on local disk", Rules()...),
	URL:              "https://github.com/stateaudit/stateaudit/tree/main/analyzers/sessionstate",
	Run:              run,
	RunDespiteErrors: true,
}

// Rules returns the rules this analyzer reports.
func Rules() []*rules.Rule {
	return []*rules.Rule{MemorySessionMap, MemorySessionStore, LocalSessionStore}
}

func run(pass *analysis.Pass) (any, error) {
	checkSessionMaps(pass)
	checkSessionStores(pass)
	return nil, nil
}
