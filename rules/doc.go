package rules

import (
	"fmt"
	"strings"
)

// DocsPath is where the generated reference for a rule lives in the
// repository; SARIF helpUri and `stateaudit rules` point at it.
func (r *Rule) DocsPath() string { return "docs/rules/" + r.ID + ".md" }

// AnalyzerDoc builds a go/analysis Analyzer.Doc from the rules the analyzer
// reports, so `go vet -vettool=… help NAME` and `stateaudit explain` agree.
// The first line is the analyzer's one-line summary.
func AnalyzerDoc(summary string, rs ...*Rule) string {
	var b strings.Builder
	b.WriteString(summary)
	b.WriteString("\n\nRules:\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "\n  %s (%s, %s): %s\n", r.ID, r.Category, r.Severity, r.Summary)
	}
	return b.String()
}

// Markdown renders the rule's reference page. docs/rules/*.md are this
// output, written by `stateaudit docs`.
func (r *Rule) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.ID)
	fmt.Fprintf(&b, "**%s**\n\n", r.Title)
	fmt.Fprintf(&b, "%s\n\n", r.Summary)
	b.WriteString("| | |\n| --- | --- |\n")
	fmt.Fprintf(&b, "| Category | `%s` |\n", r.Category)
	fmt.Fprintf(&b, "| Default severity | `%s` |\n", r.Severity)
	fmt.Fprintf(&b, "| Reads | %s |\n", sourceTitle(r.Source))
	var cs []string
	for _, c := range r.Characteristics {
		cs = append(cs, c.Title())
	}
	fmt.Fprintf(&b, "| Characteristics | %s |\n", strings.Join(cs, ", "))
	fmt.Fprintf(&b, "| Practice | %s (`%s`) |\n\n", r.Practice.Title(), r.Practice)
	fmt.Fprintf(&b, "## Why it matters\n\n%s\n\n", strings.TrimSpace(r.Rationale))
	b.WriteString("## What fires\n\n")
	for _, e := range r.Fires {
		fmt.Fprintf(&b, "- %s\n", e)
	}
	if len(r.Quiet) > 0 {
		b.WriteString("\n## What does not fire\n\n")
		for _, e := range r.Quiet {
			fmt.Fprintf(&b, "- %s\n", e)
		}
	}
	fmt.Fprintf(&b, "\n## Remediation\n\n%s\n\n", r.Remediation)
	b.WriteString("## Suppression\n\n")
	switch r.Source {
	case GoSource:
		fmt.Fprintf(&b, "```go\n//stateaudit:ignore %s the reason it is fine here\n```\n", r.ID)
	case ManifestSource:
		fmt.Fprintf(&b, "```yaml\n# stateaudit:ignore %s the reason it is fine here\n```\n\nor, on the object:\n\n```yaml\nmetadata:\n  annotations:\n    stateaudit.io/ignore: \"%s: the reason it is fine here\"\n```\n", r.ID, r.ID)
	default:
		fmt.Fprintf(&b, "Disable it in `.stateaudit.yaml`:\n\n```yaml\nrules:\n  %s: off\n```\n", r.ID)
	}
	return b.String()
}

func sourceTitle(s Source) string {
	switch s {
	case GoSource:
		return "Go source"
	case ManifestSource:
		return "deployment manifests"
	case EngineSource:
		return "other findings and the service model"
	}
	return string(s)
}
