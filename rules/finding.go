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
}

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
