package analyzers

import (
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/internal/suppress"
)

// ForDrivers wraps analyzers for drivers other than stateaudit's own engine
// (go vet -vettool, golangci-lint): diagnostics covered by a
// `//stateaudit:ignore RULE reason` comment are dropped, and each message
// ends with its rule ID in parentheses, the way staticcheck names its checks,
// so users know what to suppress or look up with `stateaudit explain`.
// The engine runs the plain analyzers and marks suppressed findings instead.
func ForDrivers(as []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(as))
	for i, a := range as {
		copied := *a
		run := a.Run
		copied.Run = func(pass *analysis.Pass) (any, error) {
			dirs := map[string][]suppress.Directive{}
			inner := *pass
			report := pass.Report
			inner.Report = func(d analysis.Diagnostic) {
				pos := pass.Fset.Position(d.Pos)
				ds, ok := dirs[pos.Filename]
				if !ok {
					if data, err := pass.ReadFile(pos.Filename); err == nil {
						ds = suppress.Parse(strings.Split(string(data), "\n"))
					}
					dirs[pos.Filename] = ds
				}
				for _, dir := range ds {
					if dir.Covers(d.Category, pos.Line) {
						return
					}
				}
				if d.Category != "" {
					d.Message += " (" + d.Category + ")"
				}
				report(d)
			}
			return run(&inner)
		}
		out[i] = &copied
	}
	return out
}
