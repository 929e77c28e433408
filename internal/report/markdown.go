package report

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/stateaudit/stateaudit/rules"
)

func init() { register("markdown", markdownPrinter{}) }

// markdownPrinter writes GitHub-flavoured Markdown for pull-request comments,
// job summaries ($GITHUB_STEP_SUMMARY) and docs: the same summary and
// per-service tables as the terminal report, a Mermaid diagram of the
// services and the backing services they use, and the findings folded away
// in a <details> block so that a comment stays short.
type markdownPrinter struct{}

// Print writes every value from the report through mdText, mdCode or
// mermaidLabel, which clean it (Clean) and neutralise what GitHub would act
// on in a comment; the output goes through a line guard as well.
func (markdownPrinter) Print(w io.Writer, r *Report, opts Options) error {
	return guarded(w, false, func(w io.Writer) error { return printMarkdown(w, r.visible(), opts) })
}

func printMarkdown(w io.Writer, r *Report, opts Options) error {
	bw := &errWriter{w: w}
	t := count(r)
	mdHeadline(bw, r, t)
	if !opts.Quiet && len(r.Services) > 0 {
		mdSummary(bw, r)
		for i := range r.Services {
			s := &r.Services[i]
			if s.Kind != "backing" && s.Stateful() {
				mdServiceTable(bw, r, s)
			}
		}
		mdBacking(bw, r)
		mdDiagram(bw, r)
	}
	mdFindings(bw, r)
	mdErrors(bw, r)
	fmt.Fprintf(bw, "<sub>stateaudit %s · `stateaudit explain RULE` explains a rule</sub>\n", mdText(r.Tool.Version))
	return bw.err
}

func mdHeadline(w io.Writer, r *Report, t tally) {
	switch {
	case t.apps == 0:
		fmt.Fprintf(w, "## stateaudit: no services found\n\n")
	case t.stateful == 0:
		fmt.Fprintf(w, "## ✓ stateaudit: %d %s, all stateless\n\n", t.apps, plural(t.apps, "service"))
	default:
		fmt.Fprintf(w, "## ✗ stateaudit: %d of %d %s stateful\n\n", t.stateful, t.apps, plural(t.apps, "service"))
	}
	fmt.Fprintf(w, "Audited %s · %s", mdCode(r.Root, false), t.findings())
	if n := len(r.Errors); n > 0 {
		fmt.Fprintf(w, " · %d %s not analysed", n, plural(n, "input"))
	}
	fmt.Fprint(w, "\n\n")
	if note := r.setAsideNote(); note != "" {
		fmt.Fprintf(w, "%s\n\n", mdText(note))
	}
	if note := r.degradedNote(); note != "" {
		fmt.Fprintf(w, "%s\n\n", mdText(note))
	}
}

// mdSummary prints one row per service with ✓/✗ per characteristic.
func mdSummary(w io.Writer, r *Report) {
	fmt.Fprintln(w, "| Service | Kind | Replicas | Isolated | Sessions | Scaling | Faults |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- |")
	for i := range r.Services {
		s := &r.Services[i]
		row := []string{mdText(s.Name), mdText(s.Kind), replicas(s)}
		for _, c := range rules.Characteristics {
			switch {
			case s.Kind == "backing":
				row = append(row, "_by design_")
			case s.Verdicts[c].Verdict == Stateful:
				row = append(row, "✗ stateful")
			default:
				row = append(row, "✓")
			}
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
	}
	fmt.Fprintln(w)
}

// mdServiceTable prints the stateful-vs-stateless table of one service with
// its evidence and remedies.
func mdServiceTable(w io.Writer, r *Report, s *Service) {
	fmt.Fprintf(w, "### %s — stateful\n\n", mdText(s.Name))
	var about []string
	if s.Kind != "" {
		about = append(about, mdText(s.Kind))
	}
	for _, p := range append(append([]string(nil), s.Sources...), s.Manifests...) {
		about = append(about, mdCode(p, false))
	}
	if len(about) > 0 {
		fmt.Fprintf(w, "%s\n\n", strings.Join(about, " · "))
	}
	fmt.Fprintln(w, "| Key characteristic | Stateful | Stateless |")
	fmt.Fprintln(w, "| --- | --- | --- |")
	for _, c := range rules.Characteristics {
		v := s.Verdicts[c]
		if v.Verdict != Stateful {
			fmt.Fprintf(w, "| %s | | ✓ %s |\n", c.Title(), mdText(c.Stateless()))
			continue
		}
		cell := []string{"✗ " + mdText(c.Stateful())}
		for _, idx := range v.Evidence {
			if idx < 0 || idx >= len(r.Findings) {
				continue
			}
			f := r.Findings[idx]
			cell = append(cell, mdCode(f.Rule, true)+" "+mdCode(position(f.File, f.Line, 0), true))
		}
		fmt.Fprintf(w, "| %s | %s | |\n", c.Title(), strings.Join(cell, "<br>"))
	}
	fmt.Fprintln(w)
	if rem := remedies(r, s); len(rem) > 0 {
		fmt.Fprint(w, "**Remedy**\n\n")
		for _, line := range rem {
			practice, text, _ := strings.Cut(line, ": ")
			fmt.Fprintf(w, "- **%s**: %s\n", mdText(practice), mdText(text))
		}
		fmt.Fprintln(w)
	}
	if len(s.Unseen) > 0 {
		fmt.Fprintf(w, "Not visible: %s\n\n", mdText(strings.Join(s.Unseen, "; ")))
	}
}

func mdBacking(w io.Writer, r *Report) {
	var names []string
	for i := range r.Services {
		s := &r.Services[i]
		if s.Kind != "backing" {
			continue
		}
		name := mdText(s.Name)
		if s.Image != "" {
			name += " (" + mdCode(s.Image, false) + ")"
		}
		names = append(names, name)
	}
	if len(names) > 0 {
		fmt.Fprintf(w, "**Backing services, stateful by design:** %s\n\n", strings.Join(names, ", "))
	}
}

// mdDiagram draws the services as a Mermaid flowchart: applications as
// boxes, red when stateful and green when stateless, backing services as
// cylinders, and an edge from each service to each backing service it uses.
func mdDiagram(w io.Writer, r *Report) {
	ids := map[string]string{}
	var nodes, edges []string
	var stateful, stateless, backing []string
	node := func(name, shape string) string {
		if id, ok := ids[name]; ok {
			return id
		}
		id := fmt.Sprintf("s%d", len(ids))
		ids[name] = id
		left, right := "[", "]"
		if shape == "backing" {
			left, right = "[(", ")]"
		}
		nodes = append(nodes, fmt.Sprintf("  %s%s\"%s\"%s", id, left, mermaidLabel(name), right))
		return id
	}
	for i := range r.Services {
		s := &r.Services[i]
		id := node(s.Name, s.Kind)
		switch {
		case s.Kind == "backing":
			backing = append(backing, id)
		case s.Stateful():
			stateful = append(stateful, id)
		default:
			stateless = append(stateless, id)
		}
	}
	for i := range r.Services {
		s := &r.Services[i]
		for _, u := range s.Uses {
			if _, known := ids[u]; !known {
				backing = append(backing, node(u, "backing"))
			}
			edges = append(edges, fmt.Sprintf("  %s --> %s", ids[s.Name], ids[u]))
		}
	}
	fmt.Fprint(w, "```mermaid\nflowchart LR\n")
	fmt.Fprintln(w, strings.Join(append(nodes, edges...), "\n"))
	fmt.Fprintln(w, "  classDef stateful fill:#fde2e1,stroke:#c62828,color:#7f1d1d")
	fmt.Fprintln(w, "  classDef stateless fill:#e3f6e5,stroke:#2e7d32,color:#14532d")
	fmt.Fprintln(w, "  classDef backing fill:#e8eaf6,stroke:#3949ab,color:#1a237e")
	for _, c := range []struct {
		name string
		ids  []string
	}{{"stateful", stateful}, {"stateless", stateless}, {"backing", backing}} {
		if len(c.ids) > 0 {
			fmt.Fprintf(w, "  class %s %s\n", strings.Join(c.ids, ","), c.name)
		}
	}
	fmt.Fprint(w, "```\n\n")
}

// mdFindings lists the findings in a collapsed block, suppressed ones in a
// second block with their reasons.
func mdFindings(w io.Writer, r *Report) {
	active := r.Active()
	if len(active) == 0 {
		fmt.Fprint(w, "No findings: every service audited is stateless.\n\n")
	} else {
		fmt.Fprintf(w, "<details>\n<summary>%d %s</summary>\n\n", len(active), plural(len(active), "finding"))
		for _, f := range active {
			mdFinding(w, f)
			fmt.Fprintf(w, "  - %s %s\n", mdText(f.Remediation), mdCode("stateaudit explain "+f.Rule, false))
		}
		fmt.Fprint(w, "\n</details>\n\n")
	}
	var suppressed []rules.Finding
	for _, f := range r.Findings {
		if f.Suppressed {
			suppressed = append(suppressed, f)
		}
	}
	if len(suppressed) > 0 {
		fmt.Fprintf(w, "<details>\n<summary>%d suppressed</summary>\n\n", len(suppressed))
		for _, f := range suppressed {
			mdFinding(w, f)
			if f.Justification != "" {
				fmt.Fprintf(w, "  - reason: %s\n", mdText(f.Justification))
			}
		}
		fmt.Fprint(w, "\n</details>\n\n")
	}
}

func mdFinding(w io.Writer, f rules.Finding) {
	svc := ""
	if f.Service != "" {
		svc = " (" + mdText(f.Service) + ")"
	}
	fmt.Fprintf(w, "- **%s** %s %s: %s%s\n", f.Severity, mdCode(f.Rule, false),
		mdCode(position(f.File, f.Line, f.Column), false), mdText(f.Message), svc)
	for _, rel := range f.Related {
		fmt.Fprintf(w, "  - see %s: %s\n", mdCode(position(rel.File, rel.Line, 0), false), mdText(rel.Message))
	}
}

func mdErrors(w io.Writer, r *Report) {
	if len(r.Errors) == 0 && len(r.Degraded) == 0 {
		return
	}
	if len(r.Errors) > 0 {
		fmt.Fprint(w, "**Not analysed**\n\n")
		for _, e := range r.Errors {
			if e.File == "" {
				fmt.Fprintf(w, "- %s\n", mdText(e.Message))
				continue
			}
			fmt.Fprintf(w, "- %s: %s\n", mdCode(position(e.File, e.Line, e.Column), false), mdText(e.Message))
		}
		fmt.Fprintln(w)
	}
	if len(r.Degraded) > 0 {
		fmt.Fprint(w, "**Analysed with partial types**\n\n")
		for _, d := range r.Degraded {
			fmt.Fprintf(w, "- %s: %s\n", mdCode(d.Package, false), mdText(d.Reason))
		}
		fmt.Fprintln(w)
	}
}

// oneLine joins the lines of a value: a line break in a value would end a
// list item or a table row.
var oneLine = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// mdEscaper backslash-escapes the characters that would start Markdown
// syntax inside running text (emphasis, strikethrough, links, math, code)
// or break a table row, and writes HTML's three as entities, which hold in
// Markdown and inside HTML blocks alike.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "~", `\~`, "$", `\$`,
	"|", `\|`, "<", "&lt;", ">", "&gt;", "&", "&amp;",
)

// mdLinker matches what GitHub turns into a notification or a link in
// running text: @mentions (@user, @org/team, e-mail addresses), #123 and
// GH-123 references, bare URLs (scheme://) and www. addresses.
var mdLinker = regexp.MustCompile(`@|#[0-9]|(?i:\bgh-[0-9])|://|(?i:\bwww\.)`)

// zwsp is a zero-width space: put inside a mention, a reference or a URL,
// it leaves the text as it reads and GitHub no longer links it.
const zwsp = "&#8203;"

// mdText makes a value from the audited tree plain text in a paragraph,
// list item or table cell: one line, cleaned (Clean), Markdown and HTML
// escaped, and mentions, references and URLs broken with a zero-width space.
func mdText(s string) string {
	s = mdEscaper.Replace(Clean(oneLine.Replace(s)))
	return mdLinker.ReplaceAllStringFunc(s, func(m string) string {
		switch {
		case m == "@":
			return "@" + zwsp
		case m == "://":
			return ":" + zwsp + "//"
		case m[0] == '#':
			return "#" + zwsp + m[1:]
		}
		return m[:3] + zwsp + m[3:] // gh-1, www.
	})
}

// mdCode writes a value as a code span, which GitHub renders literally: no
// mentions, links or HTML inside. The fence is longer than any run of
// backticks in the value, and padded when the value starts or ends with a
// backtick (or with spaces on both sides, which a span would strip). In a
// table cell, GFM splits the row at every unescaped pipe before it reads
// code spans, and a backslash in the value could unescape the pipe, so a
// value with a pipe is written as escaped text instead.
func mdCode(s string, cell bool) string {
	s = Clean(oneLine.Replace(s))
	if cell && strings.Contains(s, "|") {
		return mdText(s)
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if s != "" && (s[0] == '`' || s[len(s)-1] == '`' || (s[0] == ' ' && s[len(s)-1] == ' ')) {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// mermaidEscaper replaces the characters that end or confuse a quoted
// Mermaid label with Mermaid's numeric entity codes (#35; for #).
var mermaidEscaper = strings.NewReplacer(
	`"`, "#34;", "#", "#35;", "&", "#38;", "(", "#40;", ")", "#41;", "<", "#60;", ">", "#62;",
	"[", "#91;", "]", "#93;", "`", "#96;", "{", "#123;", "|", "#124;", "}", "#125;", ";", "#59;",
)

// mermaidLabel makes a value a quoted Mermaid label: one line, cleaned,
// nothing that ends the string or the statement.
func mermaidLabel(s string) string { return mermaidEscaper.Replace(Clean(oneLine.Replace(s))) }
