package report

import (
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

func (tablePrinter) Print(w io.Writer, r *Report, opts Options) error {
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
	counts := map[rules.Severity]int{}
	suppressed := 0
	for _, f := range r.Findings {
		if f.Suppressed {
			suppressed++
			continue
		}
		counts[f.Severity]++
	}
	fmt.Fprintf(w, "%s %s: %d %s, %d stateful · %d %s (%d %s, %d %s, %d %s)",
		pal.bold("stateaudit"), r.Root, apps, plural(apps, "service"), stateful,
		counts[rules.Error]+counts[rules.Warning]+counts[rules.Note], plural(counts[rules.Error]+counts[rules.Warning]+counts[rules.Note], "finding"),
		counts[rules.Error], plural(counts[rules.Error], "error"), counts[rules.Warning], plural(counts[rules.Warning], "warning"),
		counts[rules.Note], plural(counts[rules.Note], "note"))
	if suppressed > 0 {
		fmt.Fprintf(w, ", %d suppressed", suppressed)
	}
	fmt.Fprintln(w)
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
	t := newTable(w, 0, false)
	t.Header("Service", "Kind", "Replicas", "Isolated", "Sessions", "Scaling", "Faults")
	for i := range r.Services {
		s := &r.Services[i]
		row := []any{s.Name, s.Kind, replicas(s)}
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
	fmt.Fprintf(w, "%s\n\n", pal.dim("✓ stateless  ✗ stateful  · backing service, stateful by design"))
	return nil
}

func replicas(s *Service) string {
	if s.Replicas <= 0 {
		return "-"
	}
	return fmt.Sprint(s.Replicas)
}

// newTable makes a light-ruled table; separators between rows help when
// cells wrap onto several lines.
func newTable(w io.Writer, maxWidth int, betweenRows bool) *tablewriter.Table {
	between := tw.Off
	if betweenRows {
		between = tw.On
	}
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Symbols:  tw.NewSymbols(tw.StyleLight),
			Settings: tw.Settings{Separators: tw.Separators{BetweenRows: between}},
		})),
	}
	if maxWidth > 0 {
		opts = append(opts, tablewriter.WithMaxWidth(maxWidth), tablewriter.WithRowAutoWrap(tw.WrapNormal))
	}
	return tablewriter.NewTable(w, opts...)
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
	t := newTable(w, width, true)
	t.Header("Key characteristic", "Stateful", "Stateless")
	for _, c := range rules.Characteristics {
		v := s.Verdicts[c]
		if v.Verdict == Stateful {
			var ev []string
			for _, idx := range v.Evidence {
				if idx < 0 || idx >= len(r.Findings) {
					continue
				}
				f := r.Findings[idx]
				ev = append(ev, fmt.Sprintf("%s %s:%d", f.Rule, f.File, f.Line))
			}
			cell := pal.red("✗ "+c.Stateful()) + "\n" + strings.Join(ev, "\n")
			if err := t.Append(c.Title(), cell, ""); err != nil {
				return err
			}
			continue
		}
		if err := t.Append(c.Title(), "", pal.green("✓ "+c.Stateless())); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	if rem := remedies(r, s); len(rem) > 0 {
		fmt.Fprintln(w, "Remedy:")
		for _, line := range rem {
			fmt.Fprintf(w, "  • %s\n", line)
		}
	}
	if len(s.Unseen) > 0 {
		fmt.Fprintf(w, "%s %s\n", pal.dim("Not visible:"), pal.dim(strings.Join(s.Unseen, "; ")))
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
