package rules

// Location is a place in the audited tree. File is relative to the audited
// root with forward slashes; Line and Column are 1-based (0 when unknown).
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// Related is a second place that explains a finding: the sticky setting that
// hides in-memory sessions, the emptyDir that a Go write lands on.
type Related struct {
	Location
	Message string `json:"message"`
}

// Finding is one piece of evidence of state. Its JSON form is the `findings`
// entry of the stateaudit/v1 schema.
type Finding struct {
	Rule            string           `json:"rule"`
	Category        Category         `json:"category"`
	Severity        Severity         `json:"severity"`
	Characteristics []Characteristic `json:"characteristics"`
	Practice        Practice         `json:"practice"`
	Location
	Message     string `json:"message"`
	Remediation string `json:"remediation"`
	// Service is the name of the service the finding belongs to, if any.
	Service     string `json:"service"`
	Fingerprint string `json:"fingerprint"`
	Suppressed  bool   `json:"suppressed"`
	// Justification is the reason given by the suppression, if suppressed.
	Justification string `json:"justification,omitempty"`
	// Related lists further places, for findings that join two pieces of evidence.
	Related []Related `json:"related,omitempty"`
	// Degraded is set when the finding was recognised without full type
	// information (the package's dependencies could not be loaded).
	Degraded bool `json:"degraded,omitempty"`
	// Package is the Go import path the finding was reported in; empty for manifests.
	Package string `json:"package,omitempty"`
	// Scope is the environment the finding's file, object or service
	// belongs to: production, dev, test or example.
	Scope string `json:"scope"`
	// ScopeReason says why a finding is not in production ("under e2e/",
	// "compose profile debug", "Helm test hook").
	ScopeReason string `json:"scope_reason,omitempty"`
	// SetAside says why a finding weighs on no verdict and no exit code
	// although it is listed: its scope was not audited (--scope), or the Go
	// code is off every serving path (a one-shot command, a tool).
	SetAside string `json:"set_aside,omitempty"`
}

// Counts reports whether the finding weighs on verdicts and the exit code:
// neither suppressed nor set aside.
func (f *Finding) Counts() bool { return !f.Suppressed && f.SetAside == "" }

// NewFinding fills a finding's metadata from its rule.
func NewFinding(r *Rule, loc Location, message string) Finding {
	return Finding{
		Rule:            r.ID,
		Category:        r.Category,
		Severity:        r.Severity,
		Characteristics: append([]Characteristic(nil), r.Characteristics...),
		Practice:        r.Practice,
		Location:        loc,
		Message:         message,
		Remediation:     r.Remediation,
	}
}
