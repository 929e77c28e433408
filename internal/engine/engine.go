// Package engine runs an audit: it discovers Go modules and manifests under
// the given paths, runs the Go analyzers through go/analysis/checker and the
// manifest checks over the loaded configuration, builds the service model,
// and returns the report with a verdict per service and characteristic.
//
// The engine never writes into the audited tree, never runs its code, and
// never lets the go command reach the network or switch toolchains.
package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/internal/config"
	"github.com/stateaudit/stateaudit/internal/deploy"
	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/internal/report"
	"github.com/stateaudit/stateaudit/rules"
)

// Options configure an audit.
type Options struct {
	// Paths are directories, files, Go package patterns (./...) or "-".
	Paths []string
	// Stdin supplies manifests for the path "-".
	Stdin io.Reader
	// Analyzers are the Go analyzers to run.
	Analyzers []*analysis.Analyzer
	// Checks are the manifest checks to run.
	Checks []*manifest.Check
	// Version is written into the report.
	Version string
	// Config is the .stateaudit.yaml in effect (nil when there is none).
	Config *config.Config
	// Scopes are the scopes whose findings weigh on verdicts and the exit
	// code; nil means production only. Findings of other scopes are listed,
	// set aside.
	Scopes []deploy.Scope
}

// Audit runs the audit. It returns an error only when the audit could not run
// at all; unreadable or unparsable inputs are listed in Report.Errors.
func Audit(ctx context.Context, opts Options) (*report.Report, error) {
	start := time.Now()
	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	root := RootOf(paths)
	cfg := opts.Config
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("resolving %s: %w", root, err)
	}
	rep := &report.Report{
		Schema: report.Schema,
		Tool:   report.Tool{Name: "stateaudit", Version: opts.Version},
		Root:   filepath.ToSlash(root),
	}
	tgt := discover(absRoot, paths)
	tgt.exclude(absRoot, cfg)
	for _, e := range tgt.errs {
		rep.Errors = append(rep.Errors, report.Error{File: e.file, Message: e.msg})
	}
	sc := newScoping(cfg, opts.Scopes, tgt.explicit)

	// Manifests first: they are cheap, and the Go phase may be slow.
	set := loadManifests(absRoot, tgt, opts.Stdin, rep, sc)
	layout := deploy.NewLayout(tgt.manifests, kubernetesFiles(set))

	sup := newSuppressor(absRoot)
	for _, f := range set.Files {
		sup.addFile(f.Path, f.Lines)
	}
	var findings []rules.Finding
	col := &collector{}
	for _, unit := range splitUnits(set, layout) {
		for _, c := range opts.Checks {
			runCheck(c, unit, col, rep)
		}
	}
	findings = append(findings, col.findings...)

	gp, err := analyzeGo(ctx, absRoot, tgt, opts.Analyzers, rep, sc)
	if err != nil {
		return nil, err
	}

	model := buildModel(absRoot, set, gp.services(), cfg, sc, layout)
	// Go findings weigh on a service only on its serving path.
	for _, gf := range gp.findings {
		f := gf.finding
		f.Service, f.SetAside = model.placeGo(gp, gf)
		findings = append(findings, f)
	}
	for i := range findings {
		if findings[i].Service == "" && findings[i].Package == "" {
			findings[i].Service = model.manifestServiceFor(findings[i].File, findings[i].Line)
		}
	}
	findings = append(findings, model.correlate(findings, gp.results)...)
	findings = configure(findings, cfg)

	// Suppressions: comments, then object annotations.
	for i := range findings {
		sup.apply(&findings[i])
		if !findings[i].Suppressed {
			model.applyAnnotation(&findings[i])
		}
	}
	findings = append(findings, configure(sup.problems(), cfg)...)
	for i := range findings {
		model.scope(&findings[i])
	}
	sortFindings(findings)
	fingerprint(findings, sup)
	rep.Findings = findings
	rep.Services = model.services(findings)
	rep.Stats.SetAside = setAsideCounts(findings)
	rep.Stats.DegradedPackages = len(rep.Degraded)
	rep.Stats.Tools = gp.tools()
	sortErrors(rep.Errors)
	rep.Stats.DurationMS = time.Since(start).Milliseconds()
	return rep, nil
}

// loadManifests loads the manifest files found and standard input, listing
// what could not be read in the report's errors — unless the file is one a
// production audit does not read (a test fixture, a dev environment), where a
// broken file is skipped with the reason.
func loadManifests(absRoot string, tgt *target, stdin io.Reader, rep *report.Report, sc *scoping) *manifest.Set {
	var fsys fs.FS
	if tree, err := manifest.OpenTree(absRoot); err == nil {
		// os.Root: names of any bytes, no symlink out of the root.
		defer tree.Close()
		fsys = tree
	} else {
		fsys = os.DirFS(absRoot)
	}
	set := manifest.LoadAll(fsys, tgt.manifests)
	if tgt.stdin && stdin != nil {
		data, err := io.ReadAll(io.LimitReader(stdin, manifest.MaxFileSize+1))
		switch {
		case err != nil:
			rep.Errors = append(rep.Errors, report.Error{File: "-", Message: "reading standard input: " + err.Error()})
		case len(data) > manifest.MaxFileSize:
			rep.Errors = append(rep.Errors, report.Error{File: "-", Message: "standard input is larger than the size limit"})
		default:
			f, errs := manifest.LoadStdin(data)
			set.Add(f, errs)
		}
	}
	sc.markLocalClusters(set)
	for _, e := range set.Errors {
		if p := sc.file(e.File); !sc.explicit[e.File] && !sc.selected[p.Scope] {
			set.Skip(e.File, fmt.Sprintf("broken, in %s scope (%s): %s", p.Scope, p.Reason, firstLine(e.Error())))
			continue
		}
		rep.Errors = append(rep.Errors, report.Error{File: e.File, Line: e.Line, Message: e.Message})
	}
	rep.Stats.ManifestFiles = len(set.Files)
	rep.Stats.SkippedFiles = len(set.Skipped)
	for _, s := range set.Skipped {
		rep.Stats.Skipped = append(rep.Stats.Skipped, report.Skipped{File: s.File, Reason: s.Reason})
	}
	return set
}

// kubernetesFiles lists the files that hold Kubernetes objects.
func kubernetesFiles(set *manifest.Set) []string {
	var out []string
	for _, f := range set.Files {
		if len(f.Objects) > 0 {
			out = append(out, f.Path)
		}
	}
	return out
}

// splitUnits partitions a set into its deployable units, in file order, so
// that checks that join objects (a claim and its workloads, a Service and its
// pods) never join two units.
func splitUnits(set *manifest.Set, layout *deploy.Layout) []*manifest.Set {
	byUnit := map[deploy.Unit]*manifest.Set{}
	var out []*manifest.Set
	for _, f := range set.Files {
		u := layout.UnitOf(f.Path, f.Format == manifest.Compose)
		s, ok := byUnit[u]
		if !ok {
			s = &manifest.Set{}
			byUnit[u] = s
			out = append(out, s)
		}
		s.Files = append(s.Files, f)
	}
	return out
}

// goPhase is what the Go analysis of every module found.
type goPhase struct {
	modules  []*goPrograms
	findings []goFinding
	results  map[*analysis.Analyzer][]actionResult
}

// services lists the service mains of every module.
func (gp *goPhase) services() []*goService {
	var out []*goService
	for _, m := range gp.modules {
		out = append(out, m.services...)
	}
	return out
}

// tools lists the main packages that never serve.
func (gp *goPhase) tools() []string {
	var out []string
	for _, m := range gp.modules {
		out = append(out, m.tools...)
	}
	return out
}

// analyzeGo loads and analyses the Go modules one at a time, in a stable
// order. A module that cannot be loaded at all becomes a report error.
func analyzeGo(ctx context.Context, absRoot string, tgt *target, as []*analysis.Analyzer, rep *report.Report, sc *scoping) (*goPhase, error) {
	gp := &goPhase{results: map[*analysis.Analyzer][]actionResult{}}
	var mods []string
	for m := range tgt.modules {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	for i, m := range mods {
		if err := ctx.Err(); err != nil {
			// Out of time (--timeout): what was audited so far is
			// reported, and the modules left are named in an error.
			for _, left := range mods[i:] {
				rep.Errors = append(rep.Errors, report.Error{File: relPath(absRoot, filepath.Join(left, "go.mod")), Message: "not analysed: " + stopped(err)})
			}
			return gp, nil
		}
		res, err := loadModule(ctx, absRoot, m, tgt.modules[m], as)
		if err != nil {
			msg := err.Error()
			if ctx.Err() != nil {
				msg = "not analysed: " + stopped(ctx.Err())
			}
			rep.Errors = append(rep.Errors, report.Error{File: relPath(absRoot, filepath.Join(m, "go.mod")), Message: msg})
			continue
		}
		rep.Stats.GoPackages += len(res.pkgs)
		for _, e := range res.errors {
			// A syntax error in a test fixture or an example is not an
			// error of what is deployed.
			if p := sc.goDir(path.Dir(e.File)); !sc.selected[p.Scope] {
				rep.Stats.Skipped = append(rep.Stats.Skipped, report.Skipped{File: e.File, Reason: fmt.Sprintf("broken, in %s scope (%s): %s", p.Scope, p.Reason, e.Message)})
				rep.Stats.SkippedFiles++
				continue
			}
			rep.Errors = append(rep.Errors, e)
		}
		rep.Degraded = append(rep.Degraded, res.degraded...)
		gp.modules = append(gp.modules, goServices(absRoot, res.pkgs))
		gp.findings = append(gp.findings, res.findings...)
		for a, rs := range res.results {
			gp.results[a] = append(gp.results[a], rs...)
		}
	}
	return gp, nil
}

// RootOf picks the audited root: the one directory given (a ./... pattern
// counts), or the current directory when several paths or files are given.
// Paths in the report, the configuration file and --new-from-rev are
// relative to it.
func RootOf(paths []string) string {
	if len(paths) == 1 {
		p := filepath.ToSlash(paths[0])
		if rest, ok := strings.CutSuffix(p, "/..."); ok {
			p = rest
		}
		if p == "..." || p == "" || p == "-" {
			return "."
		}
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			return filepath.Clean(p)
		}
	}
	return "."
}

// configure applies the configuration's rule settings and excludes: rules
// switched off and findings in excluded files go, severities change.
func configure(fs []rules.Finding, cfg *config.Config) []rules.Finding {
	if cfg == nil {
		return fs
	}
	out := fs[:0]
	for _, f := range fs {
		sev, on := cfg.Severity(f.Rule, f.Severity)
		if !on || f.File != "" && f.File != "-" && cfg.Excluded(f.File) {
			continue
		}
		f.Severity = sev
		out = append(out, f)
	}
	return out
}

// collector gathers manifest findings.
type collector struct{ findings []rules.Finding }

func (c *collector) Report(r *rules.Rule, pos manifest.Pos, msg string, related ...rules.Related) {
	f := rules.NewFinding(r, pos.Location(), msg)
	f.Related = related
	c.findings = append(c.findings, f)
}

// runCheck runs one manifest check on one unit, turning a panic into a report error.
func runCheck(c *manifest.Check, set *manifest.Set, col *collector, rep *report.Report) {
	defer func() {
		if r := recover(); r != nil {
			rep.Errors = append(rep.Errors, report.Error{Message: fmt.Sprintf("internal error in manifest check %s: %v", c.Name, r)})
		}
	}()
	c.Run(set, col)
}

func sortFindings(fs []rules.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

func sortErrors(es []report.Error) {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].File != es[j].File {
			return es[i].File < es[j].File
		}
		return es[i].Line < es[j].Line
	})
}

// fingerprint gives each finding an ID that survives line moves and
// reformatting: the rule, the file, the offending line's text with all white
// space removed, and the occurrence number among identical keys.
func fingerprint(fs []rules.Finding, sup *suppressor) {
	seen := map[string]int{}
	for i := range fs {
		f := &fs[i]
		text := ""
		if lines := sup.fileLines(f.File); f.Line >= 1 && f.Line <= len(lines) {
			text = strings.Join(strings.Fields(lines[f.Line-1]), "")
		}
		key := f.Rule + "\x00" + f.File + "\x00" + text + "\x00" + f.Service
		n := seen[key]
		seen[key] = n + 1
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", key, n)))
		f.Fingerprint = hex.EncodeToString(sum[:8])
	}
}

// stopped says why the audit stopped early.
func stopped(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "the audit ran out of time (--timeout)"
	}
	return "the audit was interrupted"
}
