package report

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/stateaudit/stateaudit/rules"
)

// Helpers shared by the machine-facing printers (sarif, github, junit,
// markdown): counting, paths as CI systems want them, small string fixes.

// stdinFile is the file name findings read from standard input carry.
const stdinFile = "-"

// tally counts what a report's headline says.
type tally struct {
	apps, stateful int
	bySeverity     map[rules.Severity]int
	active         int
	suppressed     int
}

func count(r *Report) tally {
	t := tally{bySeverity: map[rules.Severity]int{}}
	for i := range r.Services {
		s := &r.Services[i]
		if s.Kind == "backing" {
			continue
		}
		t.apps++
		if s.Stateful() {
			t.stateful++
		}
	}
	for _, f := range r.Findings {
		if f.Suppressed {
			t.suppressed++
			continue
		}
		t.active++
		t.bySeverity[f.Severity]++
	}
	return t
}

// findings says "9 findings (2 errors, 4 warnings, 3 notes)", adding
// ", 1 suppressed" when some are.
func (t tally) findings() string {
	s := fmt.Sprintf("%d %s (%d %s, %d %s, %d %s)", t.active, plural(t.active, "finding"),
		t.bySeverity[rules.Error], plural(t.bySeverity[rules.Error], "error"),
		t.bySeverity[rules.Warning], plural(t.bySeverity[rules.Warning], "warning"),
		t.bySeverity[rules.Note], plural(t.bySeverity[rules.Note], "note"))
	if t.suppressed > 0 {
		s += fmt.Sprintf(", %d suppressed", t.suppressed)
	}
	return s
}

// services says "3 services, 2 stateful".
func (t tally) services() string {
	return fmt.Sprintf("%d %s, %d stateful", t.apps, plural(t.apps, "service"), t.stateful)
}

// rootIsLocal reports whether the audited root lies inside the directory
// stateaudit ran in, so that paths can be given relative to that directory —
// the repository checkout in CI, where GitHub and other consumers resolve them.
func rootIsLocal(root string) bool {
	return root == "" || root == "." || filepath.IsLocal(filepath.FromSlash(root))
}

// workPath turns a report path (relative to the audited root) into a path
// relative to the directory stateaudit ran in, which is what CI annotations
// and test reports are resolved against. Standard input stays "-".
func workPath(root, file string) string {
	if file == "" || file == stdinFile || root == "" || root == "." {
		return file
	}
	return path.Join(root, file)
}

// camelCase turns a rule ID slug into the PascalCase name SARIF rules carry
// (memory-session-map → MemorySessionMap).
func camelCase(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		b.WriteString(strings.ToUpper(part[:1]))
		b.WriteString(part[1:])
	}
	return b.String()
}

// position formats file:line:col, leaving out what is unknown.
func position(file string, line, col int) string {
	switch {
	case line > 0 && col > 0:
		return fmt.Sprintf("%s:%d:%d", file, line, col)
	case line > 0:
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}
