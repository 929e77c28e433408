package cmd

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stateaudit/stateaudit/analyzers"
	"github.com/stateaudit/stateaudit/internal/config"
	"github.com/stateaudit/stateaudit/internal/deploy"
	"github.com/stateaudit/stateaudit/internal/engine"
	"github.com/stateaudit/stateaudit/internal/gitdiff"
	"github.com/stateaudit/stateaudit/internal/gitrepo"
	"github.com/stateaudit/stateaudit/internal/report"
	"github.com/stateaudit/stateaudit/rules"
)

type auditOptions struct {
	format     string
	output     string
	failOn     string
	noColor    bool
	quiet      bool
	config     string
	baseline   string
	newFromRev string
	configFrom string
	links      bool
	scope      []string
	verbose    bool
	timeout    time.Duration

	// repo and configFromCommit are opened and resolved once per run.
	repo             *gitrepo.Repo
	configFromCommit string
}

func newAuditCommand(stdin io.Reader) *cobra.Command {
	o := &auditOptions{}
	c := &cobra.Command{
		Use:   "audit [PATH...]",
		Short: "Audit directories, files, Go package patterns (./...) or - (manifests on stdin)",
		Example: `  stateaudit                          # audit the current directory
  stateaudit --format json ./...      # machine-readable report
  helm template chart | stateaudit -  # rendered manifests on stdin
  stateaudit --fail-on warning k8s/   # CI: fail on warnings too
  stateaudit --baseline .stateaudit-baseline.json   # CI: only findings not in the baseline
  stateaudit --new-from-rev origin/main             # CI: only findings on changed lines
  stateaudit --config-from origin/main              # CI: configuration and baseline of the base branch`,
		Args:          cobra.ArbitraryArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	c.RunE = func(cmd *cobra.Command, args []string) error { return o.run(cmd, args, stdin) }
	f := c.Flags()
	f.StringVarP(&o.format, "format", "f", "table", "output format: "+fmt.Sprint(report.Formats()))
	f.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	f.StringVar(&o.failOn, "fail-on", "", "exit 1 when a finding is at or above this severity: error, warning, note or none (default: fail-on in the configuration, else error)")
	f.BoolVar(&o.noColor, "no-color", false, "never colour the table (also: NO_COLOR set in the environment)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print only the findings that count, without the service tables")
	f.StringVar(&o.config, "config", "", "read the configuration from `FILE` (default: .stateaudit.yaml at the audited root)")
	f.StringVar(&o.baseline, "baseline", "", "hide the findings recorded in `FILE` (written by stateaudit baseline)")
	f.StringVar(&o.newFromRev, "new-from-rev", "", "report only findings on lines changed since git revision `REV`")
	f.StringVar(&o.configFrom, "config-from", "", "read the configuration and the --baseline file from git revision `REV` (the base branch), not from the audited tree")
	f.BoolVar(&o.links, "explain-links", false, "show how Go sources were joined to workloads (table format)")
	f.DurationVar(&o.timeout, "timeout", 10*time.Minute, "stop the audit after `DURATION` and report what was analysed by then (exit 2); 0 for no limit")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "also list on standard error the files skipped, the findings set aside, the degraded packages and the tools, each with the reason")
	f.StringSliceVar(&o.scope, "scope", []string{"production"}, "scopes whose findings count: production, dev, test, example or all (others are listed in JSON, set aside)")
	return c
}

func (o *auditOptions) run(cmd *cobra.Command, args []string, stdin io.Reader) error {
	printer, err := report.Lookup(o.format)
	if err != nil {
		return usagef("--format: %v", err)
	}
	cfg, err := o.loadConfiguration(cmd.Context(), args)
	if err != nil {
		return err
	}
	failOn := o.failOn
	if !cmd.Flags().Changed("fail-on") {
		failOn = "error"
		if cfg != nil && cfg.FailOn != "" {
			failOn = cfg.FailOn
		}
	}
	threshold, err := rules.ParseSeverity(failOn)
	if err != nil {
		return usagef("--fail-on: %v", err)
	}
	base, err := o.loadBaseline(cmd.Context(), cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	var changes *gitdiff.Changes
	if o.newFromRev != "" {
		if changes, err = o.changes(cmd.Context(), args); err != nil {
			return usagef("--new-from-rev: %v", err)
		}
	}
	scopes, err := parseScopes(o.scope)
	if err != nil {
		return usagef("--scope: %v", err)
	}
	// A report that cannot be written is an error now, not after the audit.
	var dest *report.Output
	if o.output != "" {
		if dest, err = report.CreateOutput(o.output); err != nil {
			return usagef("--output: %v", err)
		}
		defer dest.Discard()
	}
	ctx := cmd.Context()
	if o.timeout < 0 {
		return usagef("--timeout: must not be negative")
	}
	if o.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.timeout)
		defer cancel()
	}
	rep, err := audit(ctx, args, stdin, cfg, scopes)
	if err != nil {
		return err
	}
	// Only what the change touched, then only what the baseline does not
	// already accept. Both keep rep.Services' evidence indexes right.
	if changes != nil {
		if n := changes.Filter(rep); n > 0 && !o.quiet {
			fmt.Fprintf(cmd.ErrOrStderr(), "stateaudit: %d %s on lines unchanged since %s not reported\n", n, plural(n, "finding"), report.Clean(o.newFromRev))
		}
	}
	if base != nil {
		base.Apply(rep)
		// With --new-from-rev most entries are out of the change: not stale.
		if stale := len(base.Stale(rep)); stale > 0 && changes == nil && !o.quiet {
			fmt.Fprintf(cmd.ErrOrStderr(), "stateaudit: %d %s of %s match no finding any more (stateaudit baseline rewrites it)\n", stale, plural(stale, "entry", "entries"), report.Clean(o.baseline))
		}
	}
	out := cmd.OutOrStdout()
	popts := report.Options{Quiet: o.quiet, Width: termWidth(), Links: o.links}
	var writeErr error
	if dest != nil {
		// Rendered in full, then renamed into place; when that fails the
		// report is not lost: it goes to standard output too.
		var buf bytes.Buffer
		if err := printer.Print(&buf, rep, popts); err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
		if err := dest.Commit(buf.Bytes()); err != nil {
			writeErr = usagef("--output: %v", err)
			if _, err := out.Write(buf.Bytes()); err != nil {
				return fmt.Errorf("writing the report: %w", err)
			}
		}
	} else {
		popts.Color = !o.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(out)
		if err := printer.Print(out, rep, popts); err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
	}
	if o.verbose {
		printVerbose(cmd.ErrOrStderr(), rep)
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(cmd.ErrOrStderr(), "stateaudit: %s\n", report.Clean(e.String()))
	}
	switch {
	case writeErr != nil:
		return writeErr
	case len(rep.Errors) > 0:
		return &exitError{ExitError}
	case threshold != rules.None && rep.Count(threshold) > 0:
		return &exitError{ExitFindings}
	}
	return nil
}

// audit runs the engine with the catalog's analyzers and checks.
func audit(ctx context.Context, args []string, stdin io.Reader, cfg *config.Config, scopes []deploy.Scope) (*report.Report, error) {
	return engine.Audit(ctx, engine.Options{
		Paths:     args,
		Stdin:     stdin,
		Analyzers: analyzers.All(),
		Checks:    analyzers.ManifestChecks(),
		Version:   Version(),
		Config:    cfg,
		Scopes:    scopes,
	})
}

// parseScopes reads --scope: scope names, or all.
func parseScopes(names []string) ([]deploy.Scope, error) {
	var out []deploy.Scope
	for _, n := range names {
		n = strings.TrimSpace(n)
		if strings.EqualFold(n, "all") {
			return deploy.Scopes, nil
		}
		s, ok := deploy.ParseScope(n)
		if !ok {
			return nil, fmt.Errorf("unknown scope %q (want production, dev, test, example or all)", n)
		}
		out = append(out, s)
	}
	return out, nil
}

// loadConfig reads --config FILE, or else the .stateaudit.yaml at the
// audited root (nil when there is none).
func loadConfig(flag string, args []string) (*config.Config, error) {
	if flag != "" {
		cfg, err := config.Load(flag)
		if err != nil {
			return nil, usagef("--config: %v", err)
		}
		return cfg, nil
	}
	return config.Find(engine.RootOf(args))
}

// plural picks the singular or plural of a noun for n; the plural defaults
// to the singular plus "s".
func plural(n int, one string, many ...string) string {
	if n == 1 {
		return one
	}
	if len(many) > 0 {
		return many[0]
	}
	return one + "s"
}

// termWidth is the width the table fits: $COLUMNS when set, else 80.
func termWidth() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n >= 40 {
		return n
	}
	return 80
}

// printVerbose lists what the report leaves out of the count, with the
// reasons: a user who wonders why a file "was not audited" finds it here.
// Every value comes from the audited tree: report.Clean keeps each on its
// line and shows escape sequences instead of sending them.
func printVerbose(w io.Writer, rep *report.Report) {
	c := report.Clean
	for _, s := range rep.Stats.Skipped {
		fmt.Fprintf(w, "stateaudit: skipped %s: %s\n", c(s.File), c(s.Reason))
	}
	for _, f := range rep.Findings {
		if f.SetAside != "" && !f.Suppressed {
			fmt.Fprintf(w, "stateaudit: set aside %s:%d %s: %s\n", c(f.File), f.Line, c(f.Rule), c(f.SetAside))
		}
	}
	for _, d := range rep.Degraded {
		fix := ""
		if d.Fix != "" {
			fix = " (fix: " + c(d.Fix) + ")"
		}
		fmt.Fprintf(w, "stateaudit: degraded %s: %s%s\n", c(d.Package), c(d.Reason), fix)
	}
	for _, t := range rep.Stats.Tools {
		fmt.Fprintf(w, "stateaudit: not a service: %s never starts a listener\n", c(t))
	}
}
