package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/stateaudit/stateaudit/internal/suppress"
	"github.com/stateaudit/stateaudit/rules"
)

// SuppressionWithoutReason is reported for an ignore comment that gives no reason.
var SuppressionWithoutReason = rules.Register(&rules.Rule{
	ID:              "suppression-without-reason",
	Title:           "Suppression without a reason",
	Category:        rules.Other,
	Characteristics: []rules.Characteristic{rules.IndependentAndIsolated},
	Practice:        rules.ExternalizeState,
	Severity:        rules.Note,
	Source:          rules.EngineSource,
	Summary:         "Reports a stateaudit:ignore comment or annotation that names a rule but gives no reason.",
	Rationale: `A suppression is a decision someone made about a piece of state: that it is
safe here, or accepted for now. Without the reason, the next reader cannot tell
a considered exception from a silenced warning. The suppression still applies;
this note asks for the why.`,
	Fires:       []string{"`//stateaudit:ignore memory-session-map` with nothing after the rule ID"},
	Quiet:       []string{"`//stateaudit:ignore memory-session-map sessions are per-node caches of a Redis store`"},
	Remediation: "Add the reason after the rule ID, for example `//stateaudit:ignore memory-session-map single-replica admin tool`.",
})

// UnusedSuppression is reported for an ignore comment that matched nothing.
var UnusedSuppression = rules.Register(&rules.Rule{
	ID:              "unused-suppression",
	Title:           "Suppression that matches no finding",
	Category:        rules.Other,
	Characteristics: []rules.Characteristic{rules.IndependentAndIsolated},
	Practice:        rules.ExternalizeState,
	Severity:        rules.Note,
	Source:          rules.EngineSource,
	Summary:         "Reports a stateaudit:ignore comment that suppresses no finding on its line or the next.",
	Rationale: `Suppressions outlive the code they were written for. One that no longer
matches anything hides nothing today but will silently hide a new finding that
lands on its line tomorrow.`,
	Fires:       []string{"`# stateaudit:ignore service-session-affinity …` above a Service that no longer sets sessionAffinity"},
	Quiet:       []string{"a suppression directly above the finding it names"},
	Remediation: "Remove the suppression, or move it to the line of the finding it is meant for.",
})

type suppression struct {
	file string
	suppress.Directive
	used bool
}

func suppressions(file string, lines []string) []*suppression {
	var out []*suppression
	for _, d := range suppress.Parse(lines) {
		out = append(out, &suppression{file: file, Directive: d})
	}
	return out
}

// suppressor applies ignore comments and annotations to findings.
type suppressor struct {
	absRoot string
	byFile  map[string][]*suppression
	lines   map[string][]string
}

func newSuppressor(absRoot string) *suppressor {
	return &suppressor{absRoot: absRoot, byFile: map[string][]*suppression{}, lines: map[string][]string{}}
}

// addFile registers a file's lines (manifests pass theirs; Go files are read lazily).
func (s *suppressor) addFile(file string, lines []string) {
	if _, ok := s.lines[file]; ok {
		return
	}
	s.lines[file] = lines
	s.byFile[file] = suppressions(file, lines)
}

func (s *suppressor) fileLines(file string) []string {
	if l, ok := s.lines[file]; ok {
		return l
	}
	data, err := os.ReadFile(filepath.Join(s.absRoot, filepath.FromSlash(file)))
	if err != nil {
		s.addFile(file, nil)
		return nil
	}
	s.addFile(file, strings.Split(string(data), "\n"))
	return s.lines[file]
}

// apply marks f suppressed when a comment covers it.
func (s *suppressor) apply(f *rules.Finding) {
	s.fileLines(f.File)
	for _, sup := range s.byFile[f.File] {
		if sup.Covers(f.Rule, f.Line) {
			sup.used = true
			f.Suppressed = true
			f.Justification = sup.Reason
			return
		}
	}
}

// problems reports suppressions without a reason and ones that matched nothing.
func (s *suppressor) problems() []rules.Finding {
	var out []rules.Finding
	for _, sups := range s.byFile {
		for _, sup := range sups {
			loc := rules.Location{File: sup.file, Line: sup.Line, Column: sup.Column}
			if len(sup.Rules) == 0 {
				out = append(out, rules.NewFinding(SuppressionWithoutReason, loc, "stateaudit:ignore names no rule"))
				continue
			}
			if sup.Reason == "" {
				out = append(out, rules.NewFinding(SuppressionWithoutReason, loc, fmt.Sprintf("suppression of %s gives no reason", strings.Join(sup.Rules, ","))))
			}
			if !sup.used {
				out = append(out, rules.NewFinding(UnusedSuppression, loc, fmt.Sprintf("suppression of %s matches no finding", strings.Join(sup.Rules, ","))))
			}
		}
	}
	return out
}
