package analysisutil

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/rules"
)

// A rule declares one default severity, but some findings of a rule weigh
// more or less than the default: an in-process cache is a note until it is
// keyed per client, a process-wide pacer is a milder kind of per-instance rate
// limit. go/analysis diagnostics carry no severity, so the variant travels in
// the message, the way DegradedSuffix does: the analyzer appends
// SeverityMarker(s) and the engine reads it back with ParseMessage.

// SeverityMarker is the text appended to a diagnostic's message when the
// finding's severity differs from its rule's default. It comes before
// DegradedSuffix when both are present.
func SeverityMarker(s rules.Severity) string { return " (severity: " + s.String() + ")" }

// ReportSeverity is Report for a finding whose severity differs from the
// rule's default; a severity equal to the default adds no marker.
func ReportSeverity(pass *analysis.Pass, r *rules.Rule, sev rules.Severity, rng analysis.Range, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if sev != r.Severity {
		msg += SeverityMarker(sev)
	}
	pass.Report(analysis.Diagnostic{Pos: rng.Pos(), End: rng.End(), Category: r.ID, Message: msg})
}

// ReportCallSeverity is ReportCall for a finding whose severity differs from
// the rule's default.
func ReportCallSeverity(pass *analysis.Pass, r *rules.Rule, sev rules.Severity, call *ast.CallExpr, c Callee, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if sev != r.Severity {
		msg += SeverityMarker(sev)
	}
	if c.Degraded {
		msg += DegradedSuffix
	}
	pass.Report(analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Category: r.ID, Message: msg})
}

// ParseMessage splits a diagnostic's message into the text users read, the
// severity variant it carries (0 when it has the rule's default) and whether
// it was recognised without types.
func ParseMessage(msg string) (text string, sev rules.Severity, degraded bool) {
	if strings.HasSuffix(msg, DegradedSuffix) {
		msg, degraded = strings.TrimSuffix(msg, DegradedSuffix), true
	}
	for _, s := range []rules.Severity{rules.Note, rules.Warning, rules.Error} {
		if m := SeverityMarker(s); strings.HasSuffix(msg, m) {
			return strings.TrimSuffix(msg, m), s, degraded
		}
	}
	return msg, 0, degraded
}

// HandlerCallees returns the functions of this package that a request
// handler calls directly (the helpers Write.FromHandler counts as handlers).
func HandlerCallees(pass *analysis.Pass) map[*types.Func]bool {
	return handlerCallees(pass, Files(pass))
}

// VarOf returns the variable or struct field an expression denotes (m, s.m,
// &x, *p), or nil.
func VarOf(pass *analysis.Pass, e ast.Expr) *types.Var { return varOf(pass, e) }
