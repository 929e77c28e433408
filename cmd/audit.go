package cmd

import (
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/stateaudit/stateaudit/analyzers"
	"github.com/stateaudit/stateaudit/internal/engine"
	"github.com/stateaudit/stateaudit/internal/report"
	"github.com/stateaudit/stateaudit/rules"
)

type auditOptions struct {
	format  string
	output  string
	failOn  string
	noColor bool
	quiet   bool
}

func newAuditCommand(stdin io.Reader) *cobra.Command {
	o := &auditOptions{}
	c := &cobra.Command{
		Use:   "audit [PATH...]",
		Short: "Audit directories, files, Go package patterns (./...) or - (manifests on stdin)",
		Example: `  stateaudit                          # audit the current directory
  stateaudit --format json ./...      # machine-readable report
  helm template chart | stateaudit -  # rendered manifests on stdin
  stateaudit --fail-on warning k8s/   # CI: fail on warnings too`,
		Args:          cobra.ArbitraryArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	c.RunE = func(cmd *cobra.Command, args []string) error { return o.run(cmd, args, stdin) }
	f := c.Flags()
	f.StringVarP(&o.format, "format", "f", "table", "output format: "+fmt.Sprint(report.Formats()))
	f.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	f.StringVar(&o.failOn, "fail-on", "error", "exit 1 when a finding is at or above this severity: error, warning, note or none")
	f.BoolVar(&o.noColor, "no-color", false, "never colour the table (also: NO_COLOR set in the environment)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print only the findings that count, without the service tables")
	return c
}

func (o *auditOptions) run(cmd *cobra.Command, args []string, stdin io.Reader) error {
	printer, err := report.Lookup(o.format)
	if err != nil {
		return usagef("--format: %v", err)
	}
	threshold, err := rules.ParseSeverity(o.failOn)
	if err != nil {
		return usagef("--fail-on: %v", err)
	}
	rep, err := engine.Audit(cmd.Context(), engine.Options{
		Paths:     args,
		Stdin:     stdin,
		Analyzers: analyzers.All(),
		Checks:    analyzers.ManifestChecks(),
		Version:   Version(),
	})
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	popts := report.Options{Quiet: o.quiet, Width: termWidth()}
	if o.output != "" {
		file, err := os.Create(o.output)
		if err != nil {
			return usagef("--output: %v", err)
		}
		defer file.Close()
		out = file
	} else {
		popts.Color = !o.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(out)
	}
	if err := printer.Print(out, rep, popts); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if o.output != "" {
		if f, ok := out.(*os.File); ok {
			if err := f.Close(); err != nil {
				return fmt.Errorf("writing the report: %w", err)
			}
		}
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(cmd.ErrOrStderr(), "stateaudit: %s\n", e.String())
	}
	switch {
	case len(rep.Errors) > 0:
		return &exitError{ExitError}
	case threshold != rules.None && rep.Count(threshold) > 0:
		return &exitError{ExitFindings}
	}
	return nil
}

// termWidth is the width the table fits: $COLUMNS when set, else 80.
func termWidth() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n >= 40 {
		return n
	}
	return 80
}
