package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/stateaudit/stateaudit/rules"
)

func init() { register("github", githubPrinter{}) }

// githubPrinter writes GitHub Actions workflow commands, so that a plain
// `stateaudit --format github` step annotates the pull request's diff
// without a SARIF upload: one command per unsuppressed finding, then one per
// input that could not be analysed, then a summary line for the log.
type githubPrinter struct{}

func (githubPrinter) Print(w io.Writer, r *Report, _ Options) error {
	// Every value comes from the audited tree: cleaned first (escape
	// sequences, "##[" commands, a line's leading "::"), then escaped the
	// way the runner unescapes commands. Line breaks inside a value stay
	// line breaks of the annotation (%0A); no value can start a line.
	r = r.visible().sanitized(cleanLines)
	bw := &errWriter{w: w}
	for _, f := range r.Active() {
		msg := f.Message
		for _, rel := range f.Related {
			msg += "\nsee " + position(workPath(r.Root, rel.File), rel.Line, 0) + ": " + rel.Message
		}
		msg += "\n" + f.Remediation + " (stateaudit explain " + f.Rule + ")"
		writeCommand(bw, githubLevel(f.Severity), r.Root, f.File, f.Line, f.Column, f.Rule, msg)
	}
	for _, e := range r.Errors {
		writeCommand(bw, "error", r.Root, e.File, e.Line, e.Column, "stateaudit", e.Message)
	}
	for _, d := range r.Degraded {
		writeCommand(bw, "warning", r.Root, "", 0, 0, "stateaudit", d.Package+" analysed with partial types: "+d.Reason)
	}
	t := count(r)
	// The root is escaped too: a newline in it must not start a command of its own.
	fmt.Fprintf(bw, "stateaudit %s: %s · %s", escapeData(r.Root), t.services(), t.findings())
	if n := len(r.Errors); n > 0 {
		fmt.Fprintf(bw, " · %d %s not analysed", n, plural(n, "input"))
	}
	fmt.Fprintln(bw)
	return bw.err
}

// githubLevel maps a severity to a workflow command name.
func githubLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

// writeCommand writes one ::level file=…,line=…,col=…,title=…::message line.
// A finding read from standard input has no file to annotate, so its
// position goes into the message instead.
func writeCommand(w io.Writer, level, root, file string, line, col int, title, msg string) {
	var props []string
	switch {
	case file == stdinFile:
		msg += " (" + position("stdin", line, col) + ")"
	case file != "":
		props = append(props, "file="+escapeProperty(workPath(root, file)))
		if line > 0 {
			props = append(props, fmt.Sprintf("line=%d", line))
			if col > 0 {
				props = append(props, fmt.Sprintf("col=%d", col))
			}
		}
	}
	if title != "" {
		props = append(props, "title="+escapeProperty(title))
	}
	cmd := "::" + level
	if len(props) > 0 {
		cmd += " " + strings.Join(props, ",")
	}
	fmt.Fprintf(w, "%s::%s\n", cmd, escapeData(msg))
}

// escapeData escapes a workflow command's message the way the Actions
// toolkit does (toCommandValue/escapeData): %, CR and LF.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value: as data, plus : and , which
// separate properties.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
