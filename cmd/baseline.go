package cmd

import (
	"bytes"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/stateaudit/stateaudit/internal/baseline"
	"github.com/stateaudit/stateaudit/internal/report"
)

type baselineOptions struct {
	output string
	config string
}

// newBaselineCommand writes the baseline of the current findings, so that
// `stateaudit --baseline FILE` fails CI only on findings added later.
func newBaselineCommand(stdin io.Reader) *cobra.Command {
	o := &baselineOptions{}
	c := &cobra.Command{
		Use:   "baseline [PATH...]",
		Short: "Print a baseline of the current findings, for --baseline",
		Long: `baseline audits the paths like "audit" does and prints the unsuppressed findings
as a baseline file. Committed, and passed to "stateaudit --baseline FILE", it hides
those findings, so that CI fails only on new ones. Findings are matched by
fingerprints that survive line moves and reindentation.`,
		Example: `  stateaudit baseline > .stateaudit-baseline.json
  stateaudit baseline --output .stateaudit-baseline.json ./...
  stateaudit --baseline .stateaudit-baseline.json`,
		Args:          cobra.ArbitraryArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	c.RunE = func(cmd *cobra.Command, args []string) error { return o.run(cmd, args, stdin) }
	c.Flags().StringVarP(&o.output, "output", "o", "", "write the baseline to `FILE` instead of standard output")
	c.Flags().StringVar(&o.config, "config", "", "read the configuration from `FILE` (default: .stateaudit.yaml at the audited root)")
	return c
}

func (o *baselineOptions) run(cmd *cobra.Command, args []string, stdin io.Reader) error {
	cfg, err := loadConfig(o.config, args)
	if err != nil {
		return err
	}
	// Like the report's -o: checked before the audit, written to a
	// temporary file and renamed, never through a symlink.
	var dest *report.Output
	if o.output != "" {
		if dest, err = report.CreateOutput(o.output); err != nil {
			return usagef("--output: %v", err)
		}
		defer dest.Discard()
	}
	rep, err := audit(cmd.Context(), args, stdin, cfg, nil)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := baseline.Write(&buf, rep); err != nil {
		return err
	}
	if dest == nil {
		if _, err := cmd.OutOrStdout().Write(buf.Bytes()); err != nil {
			return fmt.Errorf("writing the baseline: %w", err)
		}
	} else if err := dest.Commit(buf.Bytes()); err != nil {
		return fmt.Errorf("writing the baseline: %w", err)
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(cmd.ErrOrStderr(), "stateaudit: %s\n", report.Clean(e.String()))
	}
	if len(rep.Errors) > 0 {
		fmt.Fprintln(cmd.ErrOrStderr(), "stateaudit: some input could not be analysed: the baseline may be incomplete")
		return &exitError{ExitError}
	}
	return nil
}
