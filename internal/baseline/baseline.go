// Package baseline records the findings a project has accepted for now, so
// that CI fails only on new ones. A baseline is a JSON file of fingerprints;
// the engine computes fingerprints from the rule, the file, the offending
// line's text without white space and the service, so baselined findings
// stay matched when code above them moves or is reindented.
package baseline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/stateaudit/stateaudit/internal/report"
	"github.com/stateaudit/stateaudit/internal/safefile"
)

// Schema is the version tag of a baseline file.
const Schema = "stateaudit-baseline/v1"

// Justification is what a finding hidden by the baseline says as its reason.
const Justification = report.BaselineJustification

// Baseline is a loaded baseline file.
type Baseline struct {
	Schema   string  `json:"schema"`
	Findings []Entry `json:"findings"`
	// Path is the file it was read from.
	Path string `json:"-"`
}

// Entry is one accepted finding. Only the fingerprint is matched; the rule,
// file and message are there for the person reviewing the baseline's diff.
type Entry struct {
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Fingerprint string `json:"fingerprint"`
	Message     string `json:"message"`
}

// Write writes the baseline of a report: the findings that count (neither
// suppressed nor set aside), sorted
// so that regenerating a baseline gives a small diff.
func Write(w io.Writer, rep *report.Report) error {
	b := Baseline{Schema: Schema, Findings: []Entry{}}
	for _, f := range rep.Findings {
		if !f.Counts() {
			continue
		}
		b.Findings = append(b.Findings, Entry{Rule: f.Rule, File: f.File, Fingerprint: f.Fingerprint, Message: f.Message})
	}
	sort.SliceStable(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		if x.Fingerprint != y.Fingerprint {
			return x.Fingerprint < y.Fingerprint
		}
		return x.Message < y.Message
	})
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&b); err != nil {
		return fmt.Errorf("writing the baseline: %w", err)
	}
	return nil
}

// MaxFileSize bounds a baseline file: tens of thousands of accepted
// findings fit in a few MiB.
const MaxFileSize = 64 << 20

// Load reads a baseline file: a regular file of at most MaxFileSize bytes,
// a symbolic link followed only inside the file's directory (see
// safefile.Read).
func Load(path string) (*Baseline, error) {
	data, err := safefile.Read(path, MaxFileSize)
	if err != nil {
		return nil, fmt.Errorf("reading the baseline: %w", err)
	}
	return Parse(path, data)
}

// Parse reads a baseline from data; path names it in errors. --config-from
// reads the baseline of a git revision and hands it here.
func Parse(path string, data []byte) (*Baseline, error) {
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("%s:%d: %v", path, lineOf(data, se.Offset), err)
		case errors.As(err, &te):
			return nil, fmt.Errorf("%s:%d: %v", path, lineOf(data, te.Offset), err)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if b.Schema != Schema {
		return nil, fmt.Errorf("%s: schema %q is not a stateaudit baseline (want %q)", path, b.Schema, Schema)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("%s: finding %d (%s in %s) has no fingerprint", path, i+1, e.Rule, e.File)
		}
	}
	b.Path = path
	return &b, nil
}

func lineOf(data []byte, offset int64) int {
	line := 1
	for i := int64(0); i < offset && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line++
		}
	}
	return line
}

// Apply hides the report's findings that the baseline records: they are
// marked suppressed with the justification "baseline". Matching counts: a
// fingerprint recorded twice hides two findings, not every finding with it.
// The services' verdicts are updated to leave the hidden findings out. Apply
// returns how many findings it hid.
func (b *Baseline) Apply(rep *report.Report) int {
	left := map[string]int{}
	for _, e := range b.Findings {
		left[e.Fingerprint]++
	}
	n := 0
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if f.Suppressed || left[f.Fingerprint] == 0 {
			continue
		}
		left[f.Fingerprint]--
		f.Suppressed = true
		f.Justification = Justification
		n++
	}
	if n > 0 {
		rep.RefreshVerdicts(nil)
	}
	return n
}

// Stale returns the entries that matched no finding of the report: accepted
// findings that have since been fixed, which can leave the baseline.
func (b *Baseline) Stale(rep *report.Report) []Entry {
	have := map[string]int{}
	for _, f := range rep.Findings {
		if f.Justification == Justification {
			have[f.Fingerprint]++
		}
	}
	var out []Entry
	for _, e := range b.Findings {
		if have[e.Fingerprint] > 0 {
			have[e.Fingerprint]--
			continue
		}
		out = append(out, e)
	}
	return out
}
