package rules

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Severity orders findings. The names are SARIF's result levels.
type Severity int

// Severities, lowest first, so that comparisons read naturally
// (f.Severity >= threshold).
const (
	Note Severity = iota + 1
	Warning
	Error
)

// None is a threshold above every severity: --fail-on none never fails.
const None Severity = Error + 1

func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Warning:
		return "warning"
	case Error:
		return "error"
	case None:
		return "none"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads a severity name; "none" is accepted as a threshold.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "note":
		return Note, nil
	case "warning":
		return Warning, nil
	case "error":
		return Error, nil
	case "none":
		return None, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning, note or none)", s)
}

// MarshalJSON writes the severity's name.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads a severity's name.
func (s *Severity) UnmarshalJSON(b []byte) error {
	var name string
	if err := json.Unmarshal(b, &name); err != nil {
		return err
	}
	v, err := ParseSeverity(name)
	if err != nil {
		return err
	}
	*s = v
	return nil
}
