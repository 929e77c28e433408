package report

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/stateaudit/stateaudit/rules"
)

func init() { register("table", tablePrinter{}) }

// tablePrinter is the human report: a one-line-per-service summary, the
// stateful-vs-stateless table for each stateful service, backing services
// apart, then the findings with their remedies.
type tablePrinter struct{}

type palette struct{ on bool }

// paletteCodes are the SGR parameters the palette writes: the line guard
// lets exactly these through when colour is on, and escapes any other
// sequence (one that clears the screen, hides text or sets a link).
var paletteCodes = []string{"0", "1", "2", "31", "32", "33", "36"}

func (p palette) wrap(code, s string) string {
	if !p.on || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}
func (p palette) red(s string) string    { return p.wrap("31", s) }
func (p palette) green(s string) string  { return p.wrap("32", s) }
func (p palette) yellow(s string) string { return p.wrap("33", s) }
func (p palette) cyan(s string) string   { return p.wrap("36", s) }
func (p palette) bold(s string) string   { return p.wrap("1", s) }
func (p palette) dim(s string) string    { return p.wrap("2", s) }

func (p palette) severity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return p.red("error")
	case rules.Warning:
		return p.yellow("warning")
	}
	return p.cyan("note")
}

// Print cleans every value of the report (Clean) and writes through a
// line guard: names, paths and messages come from the audited tree.
func (tablePrinter) Print(w io.Writer, r *Report, opts Options) error {
	r = r.visible().sanitized(Clean)
	return guarded(w, opts.Color, func(w io.Writer) error { return printTable(w, r, opts) })
}

func printTable(w io.Writer, r *Report, opts Options) error {
	pal := palette{on: opts.Color}
	width := opts.Width
	if width <= 0 {
		width = 80
	}
	bw := &errWriter{w: w}
	if !opts.Quiet {
		printHeadline(bw, r, pal)
		if len(r.Services) > 0 {
			if err := printSummary(bw, r, pal); err != nil {
				return err
			}
		}
		for i := range r.Services {
			s := &r.Services[i]
			if s.Kind == "backing" || !s.Stateful() {
				continue
			}
			if err := printServiceTable(bw, r, s, pal, width); err != nil {
				return err
			}
		}
		printBacking(bw, r, pal)
		if opts.Links {
			printLinks(bw, r, pal)
		}
	}
	printFindings(bw, r, pal, opts.Quiet)
	printErrors(bw, r, pal)
	return bw.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func printHeadline(w io.Writer, r *Report, pal palette) {
	stateful, apps := 0, 0
	for i := range r.Services {
		if r.Services[i].Kind == "backing" {
			continue
		}
		apps++
		if r.Services[i].Stateful() {
			stateful++
		}
	}
	t := count(r)
	fmt.Fprintf(w, "%s %s: %d %s, %d stateful · %s\n",
		pal.bold("stateaudit"), r.Root, apps, plural(apps, "service"), stateful, t.findings())
	if note := r.setAsideNote(); note != "" {
		if apps == 0 {
			fmt.Fprintf(w, "%s\n", pal.yellow("Everything found under "+r.Root+" is in a dev, test or example scope: nothing production to judge."))
		}
		fmt.Fprintf(w, "%s\n", pal.dim(note))
	}
	if note := r.degradedNote(); note != "" {
		fmt.Fprintf(w, "%s\n", pal.yellow(note))
	}
	fmt.Fprintln(w)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// printSummary prints one line per service with ✓/✗ per characteristic.
func printSummary(w io.Writer, r *Report, pal palette) error {
	// Plain columns, the way kubectl lists resources: one line per service.
	var buf bytes.Buffer
	t := tablewriter.NewTable(&buf,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders:  tw.BorderNone,
			Symbols:  tw.NewSymbols(tw.StyleNone),
			Settings: tw.Settings{Separators: tw.SeparatorsNone, Lines: tw.LinesNone},
		})))
	t.Header("SERVICE", "KIND", "PODS", "ISOLATED", "SESSIONS", "SCALING", "FAULTS")
	for i := range r.Services {
		s := &r.Services[i]
		row := []any{s.Name, shortKind(s.Kind), replicas(s)}
		for _, c := range rules.Characteristics {
			switch {
			case s.Kind == "backing":
				row = append(row, pal.dim("·"))
			case s.Verdicts[c].Verdict == Stateful:
				row = append(row, pal.red("✗"))
			default:
				row = append(row, pal.green("✓"))
			}
		}
		if err := t.Append(row...); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	// The borderless renderer pads every cell; trim the margins it leaves.
	for _, line := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
		fmt.Fprintln(w, strings.TrimRight(strings.TrimPrefix(line, " "), " "))
	}
	fmt.Fprintf(w, "%s\n\n", pal.dim("✓ stateless  ✗ stateful  · backing service  PODS: replicas, or autoscaler max"))
	return nil
}

// shortKind keeps the summary narrow: "app" for application.
func shortKind(kind string) string {
	if kind == "application" {
		return "app"
	}
	return kind
}

func replicas(s *Service) string {
	if s.Replicas <= 0 {
		return "-"
	}
	return fmt.Sprint(s.Replicas)
}

// newTable makes a light-ruled table with separators between rows, which
// help when cells wrap onto several lines.
func newTable(w io.Writer) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		// Cells arrive wrapped to their column (see printServiceTable).
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Symbols:  tw.NewSymbols(tw.StyleLight),
			Settings: tw.Settings{Separators: tw.Separators{BetweenRows: tw.On}},
		})))
}

// printServiceTable prints the stateful-vs-stateless table of one service.
func printServiceTable(w io.Writer, r *Report, s *Service, pal palette, width int) error {
	title := pal.bold(s.Name)
	var about []string
	if s.Kind != "" {
		about = append(about, s.Kind)
	}
	if len(s.Sources) > 0 {
		about = append(about, strings.Join(s.Sources, ", "))
	}
	if len(s.Manifests) > 0 {
		about = append(about, strings.Join(s.Manifests, ", "))
	}
	fmt.Fprintf(w, "%s — %s (%s)\n", title, pal.red("stateful"), strings.Join(about, "; "))
	// Lay the columns out for the terminal: the characteristic names, then
	// the evidence column as wide as its longest line needs (rule IDs), and
	// the rest for the stateless column. Borders and padding take 10.
	const keyWidth = 24
	evidence := map[rules.Characteristic][]string{}
	evWidth := 22
	for _, c := range rules.Characteristics {
		v := s.Verdicts[c]
		if v.Verdict != Stateful {
			continue
		}
		for _, idx := range v.Evidence {
			if idx < 0 || idx >= len(r.Findings) {
				continue
			}
			f := r.Findings[idx]
			loc := fmt.Sprintf("%s:%d", shortPath(f.File, width-10-keyWidth-14-6), f.Line)
			evidence[c] = append(evidence[c], "  "+f.Rule, "  "+loc)
			evWidth = max(evWidth, len(f.Rule)+2, len([]rune(loc))+2)
		}
	}
	evWidth = min(evWidth, width-10-keyWidth-14)
	restWidth := max(width-10-keyWidth-evWidth, 14)
	t := newTable(w)
	t.Header("Key characteristic", "Stateful", "Stateless")
	for _, c := range rules.Characteristics {
		if s.Verdicts[c].Verdict == Stateful {
			cell := pal.red(strings.TrimSuffix(wrap("✗ "+c.Stateful(), evWidth, "", "  "), "\n")) + "\n" + strings.Join(evidence[c], "\n")
			if err := t.Append(c.Title(), cell, ""); err != nil {
				return err
			}
			continue
		}
		cell := pal.green(strings.TrimSuffix(wrap("✓ "+c.Stateless(), restWidth, "", "  "), "\n"))
		if err := t.Append(c.Title(), "", cell); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	if rem := remedies(r, s); len(rem) > 0 {
		fmt.Fprintln(w, "Remedy:")
		for _, line := range rem {
			fmt.Fprint(w, wrap(line, width, "  • ", "    "))
		}
	}
	if len(s.Unseen) > 0 {
		fmt.Fprint(w, pal.dim(wrap("Not visible: "+strings.Join(s.Unseen, "; "), width, "", "  ")))
	}
	fmt.Fprintln(w)
	return nil
}

// remedies names each practice the service's stateful evidence calls for,
// once, with the first remediation text of that practice.
func remedies(r *Report, s *Service) []string {
	seen := map[rules.Practice]bool{}
	var out []string
	var idxs []int
	for _, c := range rules.Characteristics {
		if v := s.Verdicts[c]; v.Verdict == Stateful {
			idxs = append(idxs, v.Evidence...)
		}
	}
	sort.Ints(idxs)
	for _, idx := range idxs {
		if idx < 0 || idx >= len(r.Findings) {
			continue
		}
		f := r.Findings[idx]
		if seen[f.Practice] {
			continue
		}
		seen[f.Practice] = true
		out = append(out, f.Practice.Title()+": "+f.Remediation)
	}
	return out
}

func printBacking(w io.Writer, r *Report, pal palette) {
	var names []string
	for i := range r.Services {
		if r.Services[i].Kind == "backing" {
			s := &r.Services[i]
			name := s.Name
			if s.Image != "" {
				name += " (" + s.Image + ")"
			}
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return
	}
	fmt.Fprintf(w, "%s %s\n\n", pal.bold("Backing services, stateful by design:"), strings.Join(names, ", "))
}

func printFindings(w io.Writer, r *Report, pal palette, quiet bool) {
	active := r.Active()
	if len(active) == 0 {
		if !quiet {
			fmt.Fprintln(w, pal.green("No findings: every service audited is stateless."))
		}
		return
	}
	if !quiet {
		fmt.Fprintln(w, pal.bold("Findings"))
	}
	for _, f := range active {
		loc := fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column)
		svc := ""
		if f.Service != "" {
			svc = " " + pal.dim("["+f.Service+"]")
		}
		fmt.Fprintf(w, "%s: %s: %s%s\n", loc, pal.severity(f.Severity), f.Message, svc)
		for _, rel := range f.Related {
			fmt.Fprintf(w, "    %s %s:%d: %s\n", pal.dim("see"), rel.File, rel.Line, rel.Message)
		}
		if !quiet {
			fmt.Fprintf(w, "    %s %s %s\n", pal.dim(f.Rule+":"), f.Remediation, pal.dim("(stateaudit explain "+f.Rule+")"))
		}
	}
}

func printErrors(w io.Writer, r *Report, pal palette) {
	if len(r.Errors) == 0 && len(r.Degraded) == 0 {
		return
	}
	fmt.Fprintln(w)
	for _, e := range r.Errors {
		fmt.Fprintf(w, "%s %s\n", pal.red("error:"), e.String())
	}
	for _, d := range r.Degraded {
		fmt.Fprintf(w, "%s %s analysed with partial types: %s\n", pal.yellow("degraded:"), d.Package, d.Reason)
	}
}

// printLinks shows how Go sources were joined to workloads, so a wrong link
// can be fixed with a services entry in .stateaudit.yaml.
func printLinks(w io.Writer, r *Report, pal palette) {
	fmt.Fprintln(w, pal.bold("How sources and manifests were joined"))
	any := false
	for i := range r.Services {
		s := &r.Services[i]
		for _, l := range s.Links {
			any = true
			fmt.Fprintf(w, "  %s: %s ⇄ %s\n    %s\n", s.Name, l.Source, l.Manifest, pal.dim(l.How))
		}
		if len(s.Links) == 0 && len(s.Sources) > 0 && len(s.Manifests) == 0 {
			any = true
			fmt.Fprintf(w, "  %s: %s %s\n", s.Name, strings.Join(s.Sources, ", "), pal.dim("(no workload found: a service of its own)"))
		}
	}
	if !any {
		fmt.Fprintln(w, "  no Go service was joined to a workload")
	}
	fmt.Fprintln(w)
}

// shortPath keeps an evidence cell within limit columns: a longer path
// keeps its last two elements ("…/kubernetes-manifests/checkout.yaml"), or
// its last; the findings list below the table gives the full path.
func shortPath(p string, limit int) string {
	if len(p) <= limit {
		return p
	}
	parts := strings.Split(p, "/")
	short := "…/" + strings.Join(parts[max(0, len(parts)-2):], "/")
	if len(parts) <= 2 || len([]rune(short)) > limit {
		short = "…/" + parts[len(parts)-1]
	}
	return short
}

// wrap fills text into lines of at most width columns, the first starting
// with first and the others with rest. Words longer than a line stay whole.
func wrap(text string, width int, first, rest string) string {
	var b strings.Builder
	line := first
	empty := true
	for _, word := range strings.Fields(text) {
		if !empty && len([]rune(line))+1+len([]rune(word)) > width {
			b.WriteString(line + "\n")
			line, empty = rest, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	b.WriteString(line + "\n")
	return b.String()
}
