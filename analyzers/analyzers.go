// Package analyzers lists stateaudit's checks: the Go analyzers, usable by any
// go/analysis driver (the stateaudit CLI, go vet -vettool, golangci-lint), and
// the manifest checks the audit engine runs over deployment configuration.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/analyzers/composestate"
	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
	"github.com/stateaudit/stateaudit/analyzers/localdisk"
	"github.com/stateaudit/stateaudit/analyzers/nodestorage"
	"github.com/stateaudit/stateaudit/analyzers/processstate"
	"github.com/stateaudit/stateaudit/analyzers/sessionstate"
	"github.com/stateaudit/stateaudit/analyzers/stickysession"
	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// ParseMessage splits a diagnostic message into the text users see, the
// severity variant the analyzer chose (0 for the rule's default) and whether
// the callee was recognised without types.
func ParseMessage(msg string) (text string, sev rules.Severity, degraded bool) {
	return analysisutil.ParseMessage(msg)
}

// DefaultImportName guesses the name a package is imported under.
func DefaultImportName(path string) string { return analysisutil.DefaultImportName(path) }

// All returns the Go analyzers, in a stable order.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		sessionstate.Analyzer,
		localdisk.Analyzer,
		processstate.Analyzer,
	}
}

// ManifestChecks returns the manifest checks, in a stable order.
func ManifestChecks() []*manifest.Check {
	return []*manifest.Check{
		stickysession.Check,
		composestate.Check,
		nodestorage.Check,
	}
}
