package gitdiff

import (
	"github.com/stateaudit/stateaudit/internal/report"
	"github.com/stateaudit/stateaudit/rules"
)

// Filter drops the report's findings that a change did not touch and
// returns how many it dropped. A finding is kept when its line, or one of
// its related places, changed: adding `replicas: 3` makes the in-memory
// session store of an untouched Go file a new problem, and the change is
// what the correlated finding is about. Findings on standard input or with
// no file at all cannot be placed in the history, so they are kept.
//
// Dropped findings leave the report entirely (they are not part of the
// change), so the services' verdicts are re-indexed and, where their
// evidence is gone, become stateless.
func (c *Changes) Filter(rep *report.Report) int {
	remap := make([]int, len(rep.Findings))
	kept := rep.Findings[:0:0]
	for i, f := range rep.Findings {
		if c.touches(f) {
			remap[i] = len(kept)
			kept = append(kept, f)
		} else {
			remap[i] = -1
		}
	}
	dropped := len(rep.Findings) - len(kept)
	if dropped == 0 {
		return 0
	}
	rep.Findings = kept
	rep.RefreshVerdicts(remap)
	return dropped
}

func (c *Changes) touches(f rules.Finding) bool {
	if f.File == "" || f.File == "-" || c.Contains(f.File, f.Line) {
		return true
	}
	for _, r := range f.Related {
		if r.File != "" && r.File != "-" && c.Contains(r.File, r.Line) {
			return true
		}
	}
	return false
}
