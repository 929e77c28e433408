// Package cmd holds stateaudit's cobra commands: flags, validation, and calls
// into the library. No analysis and no formatting happen here.
package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/stateaudit/stateaudit/internal/report"
)

// Exit codes, as documented in docs/ci.md.
const (
	// ExitOK: nothing at or above --fail-on.
	ExitOK = 0
	// ExitFindings: findings at or above --fail-on.
	ExitFindings = 1
	// ExitError: a usage error, or some input could not be analysed (the
	// report is still printed in full).
	ExitError = 2
)

// exitError carries an exit code up to Execute without printing anything:
// the report already said what there was to say.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// usageError marks errors in the command line (exit 2, with the flag named).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return &usageError{fmt.Errorf(format, args...)} }

// Execute runs the command line and returns the process exit code. Errors
// are printed once, here.
func Execute(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Messages quote the audited tree (a Go syntax error quotes source
	// text, a YAML error the configuration): each is cleaned, and all of
	// standard error passes a line guard, so that no line can carry an
	// escape sequence or start a CI runner's command.
	guard := report.NewLineGuard(stderr, false)
	defer guard.Flush()
	root := NewRootCommand(stdin, stdout, guard)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintf(guard, "stateaudit: %s\n", report.Clean(err.Error()))
	return ExitError
}

// NewRootCommand builds the command tree. `stateaudit [PATH...]` is
// `stateaudit audit [PATH...]`.
func NewRootCommand(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	audit := newAuditCommand(stdin)
	root := &cobra.Command{
		Use:   "stateaudit [PATH...]",
		Short: "Audit a system's architecture for statelessness",
		Long: `stateaudit reads a repository's Go source and deployment manifests, finds the
state that ties clients or data to one instance — in-memory sessions, sticky
sessions, node-local disk, process-local state that breaks scale-out — and
prints, per service, the stateful-vs-stateless table with evidence and remedies.

With no command, stateaudit runs "audit" on the given paths (default ".").`,
		Args:          audit.Args,
		RunE:          audit.RunE,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       Version(),
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.Flags().AddFlagSet(audit.Flags())
	root.AddCommand(audit, newRulesCommand(), newExplainCommand(), newVersionCommand(), newDocsCommand(),
		newBaselineCommand(stdin), newInitCommand())
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{err} })
	return root
}

// Version is the module version from the build info ("devel" for go run).
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
