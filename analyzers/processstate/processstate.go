package processstate

import (
	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/rules"
)

// Analyzer reports process-local state that breaks scale-out: per-instance
// rate limits, connection registries, in-process caches and schedulers, and
// secrets generated per process.
var Analyzer = &analysis.Analyzer{
	Name:             "processstate",
	Doc:              rules.AnalyzerDoc("report process-local state that breaks scale-out", Rules()...),
	URL:              "https://github.com/stateaudit/stateaudit/tree/main/analyzers/processstate",
	Run:              run,
	RunDespiteErrors: true,
}

// Rules returns the rules this analyzer reports.
func Rules() []*rules.Rule {
	return []*rules.Rule{PerInstanceRateLimit, ConnectionRegistry, InProcessCache, InProcessScheduler, PerProcessSecret}
}

func run(pass *analysis.Pass) (any, error) {
	ix := newIndex(pass)
	checkRateLimits(ix)
	checkConnectionRegistries(ix)
	checkCaches(ix)
	checkSchedulers(ix)
	checkSecrets(ix)
	return nil, nil
}
