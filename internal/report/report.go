// Package report defines the audit report — the stateaudit/v1 JSON schema —
// and the printers that render it. One file per output format; each printer
// registers itself under its format name, and an unknown format is an error.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/stateaudit/stateaudit/rules"
)

// Schema is the version tag of the JSON report.
const Schema = "stateaudit/v1"

// Report is the result of one audit.
type Report struct {
	Schema   string          `json:"schema"`
	Tool     Tool            `json:"tool"`
	Root     string          `json:"root"`
	Findings []rules.Finding `json:"findings"`
	Services []Service       `json:"services"`
	Errors   []Error         `json:"errors"`
	// Degraded lists Go packages analysed without complete type information.
	Degraded []Degraded `json:"degraded,omitempty"`
	Stats    Stats      `json:"stats"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Service is a deployable unit and its verdict on each characteristic.
type Service struct {
	Name string `json:"name"`
	// Kind is "application", "backing" or "unknown".
	Kind      string   `json:"kind"`
	Language  string   `json:"language,omitempty"`
	Sources   []string `json:"sources"`
	Manifests []string `json:"manifests"`
	// Replicas is the declared replica count (0 when unknown).
	Replicas int `json:"replicas,omitempty"`
	// Image is the container image of the workload, if any.
	Image    string                           `json:"image,omitempty"`
	Verdicts map[rules.Characteristic]Verdict `json:"verdicts"`
	// Links says how sources and manifests were joined.
	Links []Link `json:"links,omitempty"`
	// Uses lists the backing services this service reaches.
	Uses []string `json:"uses,omitempty"`
	// Unseen says what evidence the audit could not see (no Go source, no manifest).
	Unseen []string `json:"unseen,omitempty"`
	// Scope is the environment the service runs in: production, dev, test
	// or example (the most production of its workloads and Go mains).
	Scope string `json:"scope"`
	// ScopeReason says why a service is not in production.
	ScopeReason string `json:"scope_reason,omitempty"`
	// SetAside is set when the service's scope is not audited (--scope):
	// it is listed, but its findings weigh on nothing.
	SetAside bool `json:"set_aside,omitempty"`
}

// Link records how a Go main was joined to a workload.
type Link struct {
	Source   string `json:"source"`
	Manifest string `json:"manifest"`
	How      string `json:"how"`
}

// BaselineJustification is the reason of findings a baseline file hides;
// SARIF reports those as suppressed externally, not in the source.
const BaselineJustification = "baseline"

// Verdict values.
const (
	Stateful  = "stateful"
	Stateless = "stateless"
)

// Verdict is a service's standing on one characteristic; Evidence indexes
// into Report.Findings.
type Verdict struct {
	Verdict  string `json:"verdict"`
	Evidence []int  `json:"evidence"`
}

// Error is input that could not be analysed.
type Error struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

func (e Error) String() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	case e.File != "":
		return fmt.Sprintf("%s: %s", e.File, e.Message)
	}
	return e.Message
}

// Degraded is a Go package analysed with partial type information.
type Degraded struct {
	Package string `json:"package"`
	Reason  string `json:"reason"`
	// Module is the directory of the package's module, relative to the
	// root; Fix is the command that gives the audit complete types.
	Module string `json:"module,omitempty"`
	Fix    string `json:"fix,omitempty"`
}

// Stats counts what the audit read.
type Stats struct {
	GoPackages    int `json:"go_packages"`
	ManifestFiles int `json:"manifest_files"`
	SkippedFiles  int `json:"skipped_files"`
	// Skipped lists the files not audited, with the reason (not a manifest,
	// binary, broken in a test scope, ...).
	Skipped []Skipped `json:"skipped,omitempty"`
	// DegradedPackages counts the Go packages analysed with partial types
	// (listed in Report.Degraded).
	DegradedPackages int `json:"degraded_packages,omitempty"`
	// SetAside counts the findings listed but not counted, by why: a scope
	// (dev, test, example) that was not audited, or "not-serving" for Go
	// code that only one-shot commands and tools run.
	SetAside map[string]int `json:"set_aside,omitempty"`
	// Tools are the directories of main packages that never serve
	// (generators, CLIs): not services.
	Tools      []string `json:"tools,omitempty"`
	DurationMS int64    `json:"duration_ms"`
}

// Skipped is a file the audit did not read, and why.
type Skipped struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Active returns the findings that count: neither suppressed nor set aside.
func (r *Report) Active() []rules.Finding {
	var out []rules.Finding
	for _, f := range r.Findings {
		if f.Counts() {
			out = append(out, f)
		}
	}
	return out
}

// Count returns how many findings that count are at or above sev.
func (r *Report) Count(sev rules.Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Counts() && f.Severity >= sev {
			n++
		}
	}
	return n
}

// SetAsideCount returns how many findings are listed but set aside (and not
// suppressed).
func (r *Report) SetAsideCount() int {
	n := 0
	for _, f := range r.Findings {
		if f.SetAside != "" && !f.Suppressed {
			n++
		}
	}
	return n
}

// RefreshVerdicts brings the services' verdicts in line with findings that
// were suppressed or dropped after the engine computed them. remap, when
// not nil, maps an old index into Report.Findings to its new index, or to
// -1 for a finding that was dropped. A verdict whose evidence is all gone
// becomes stateless; that is how the engine decides it in the first place
// (only findings that make a verdict stateful are recorded as evidence).
func (rep *Report) RefreshVerdicts(remap []int) {
	for s := range rep.Services {
		svc := &rep.Services[s]
		for c, v := range svc.Verdicts {
			kept := []int{}
			for _, i := range v.Evidence {
				if remap != nil {
					if i < 0 || i >= len(remap) || remap[i] < 0 {
						continue
					}
					i = remap[i]
				}
				if i < len(rep.Findings) && !rep.Findings[i].Suppressed {
					kept = append(kept, i)
				}
			}
			v.Evidence = kept
			if len(kept) == 0 {
				v.Verdict = Stateless
			}
			svc.Verdicts[c] = v
		}
	}
}

// Stateful reports whether a service is stateful on any characteristic.
func (s *Service) Stateful() bool {
	for _, v := range s.Verdicts {
		if v.Verdict == Stateful {
			return true
		}
	}
	return false
}

// Options tune how a report is printed.
type Options struct {
	// Color enables ANSI colours (table output on a terminal).
	Color bool
	// Width is the terminal width the table should fit (0 for 80).
	Width int
	// Quiet prints only the findings that count, without the service tables.
	Quiet bool
	// Links adds how Go sources were joined to workloads (--explain-links).
	Links bool
}

// Printer renders a report in one format.
type Printer interface {
	Print(w io.Writer, r *Report, opts Options) error
}

var printers = map[string]Printer{}

// register adds a printer under its format name; called from each format's file.
func register(name string, p Printer) {
	if _, dup := printers[name]; dup {
		panic("report: duplicate printer " + name)
	}
	printers[name] = p
}

// Lookup returns the printer for a format name.
func Lookup(format string) (Printer, error) {
	p, ok := printers[format]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	return p, nil
}

// Formats lists the format names, sorted.
func Formats() []string {
	out := make([]string, 0, len(printers))
	for name := range printers {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// visible returns the report as the human and CI formats show it: without
// the findings and services that are set aside (out of the audited scopes,
// or Go code off every serving path), with evidence indexes remapped. The
// JSON report keeps everything; Stats.SetAside says what was left out.
func (r *Report) visible() *Report {
	hidden := false
	for i := range r.Findings {
		hidden = hidden || r.Findings[i].SetAside != ""
	}
	for i := range r.Services {
		hidden = hidden || r.Services[i].SetAside
	}
	if !hidden {
		return r
	}
	out := *r
	remap := make([]int, len(r.Findings))
	out.Findings = make([]rules.Finding, 0, len(r.Findings))
	for i, f := range r.Findings {
		if f.SetAside != "" {
			remap[i] = -1
			continue
		}
		remap[i] = len(out.Findings)
		out.Findings = append(out.Findings, f)
	}
	out.Services = make([]Service, 0, len(r.Services))
	for _, s := range r.Services {
		if s.SetAside {
			continue
		}
		vs := make(map[rules.Characteristic]Verdict, len(s.Verdicts))
		for c, v := range s.Verdicts {
			ev := []int{}
			for _, i := range v.Evidence {
				if i >= 0 && i < len(remap) && remap[i] >= 0 {
					ev = append(ev, remap[i])
				}
			}
			v.Evidence = ev
			if len(ev) == 0 {
				v.Verdict = Stateless
			}
			vs[c] = v
		}
		s.Verdicts = vs
		out.Services = append(out.Services, s)
	}
	return &out
}

// setAsideNote says what a report set aside and how to see it: "42
// findings set aside (30 test, 10 example, 2 not on a serving path); --scope
// all counts them", or "" when nothing was.
func (r *Report) setAsideNote() string {
	total := 0
	for _, n := range r.Stats.SetAside {
		total += n
	}
	if total == 0 {
		return ""
	}
	keys := make([]string, 0, len(r.Stats.SetAside))
	for k := range r.Stats.SetAside {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		what := k
		if k == "not-serving" {
			what = "in one-shot commands and tools"
		}
		parts = append(parts, fmt.Sprintf("%d %s", r.Stats.SetAside[k], what))
	}
	return fmt.Sprintf("%d %s set aside (%s): --scope all counts them, the JSON report lists them",
		total, plural(total, "finding"), strings.Join(parts, ", "))
}

// degradedNote says how many Go packages were analysed with partial types
// and what fixes it, or "".
func (r *Report) degradedNote() string {
	if len(r.Degraded) == 0 {
		return ""
	}
	dirs := map[string]bool{}
	var list []string
	for _, d := range r.Degraded {
		if d.Module != "" && !dirs[d.Module] {
			dirs[d.Module] = true
			list = append(list, d.Module)
		}
	}
	sort.Strings(list)
	fix := "run `go mod download` in the module"
	if len(list) > 0 {
		fix = "run `go mod download` in " + strings.Join(list, ", ")
	}
	n := len(r.Degraded)
	return fmt.Sprintf("%d Go %s analysed with partial types (dependencies missing from the module cache): %s", n, plural(n, "package"), fix)
}
