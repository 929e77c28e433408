package cmd_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stateaudit/stateaudit/cmd"
	"github.com/stateaudit/stateaudit/internal/report"
)

// TestOutputWriteFailurePrintsReport: when the report cannot be written
// after the audit (here the file size limit makes the write fail with
// EFBIG; Go ignores SIGXFSZ), it goes to standard output, the error names
// the flag, the exit code is 2, and nothing is left in the directory.
//
// The limit applies to a whole process, so the audit runs in a child copy
// of this test binary: lowering it here would make the go test machinery's
// own writes fail too.
func TestOutputWriteFailurePrintsReport(t *testing.T) {
	if os.Getenv("STATEAUDIT_FSIZE_CHILD") != "" {
		t.Skip("in the child")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "report.json")
	child := exec.Command(os.Args[0], "-test.run=^TestOutputWriteFailureChild$")
	child.Env = append(os.Environ(), "STATEAUDIT_FSIZE_CHILD="+p)
	child.Stdin = strings.NewReader(stickyService)
	var stdout, stderr bytes.Buffer
	child.Stdout, child.Stderr = &stdout, &stderr
	err := child.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != cmd.ExitError {
		t.Fatalf("child: %v, want exit %d; stderr:\n%s", err, cmd.ExitError, stderr.String())
	}
	if !strings.HasPrefix(stderr.String(), "stateaudit: --output: ") || !strings.Contains(stderr.String(), "file too large") {
		t.Errorf("stderr %q", stderr.String())
	}
	var rep report.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil || len(rep.Findings) != 1 {
		t.Errorf("the report is not on standard output: %v\n%s", err, stdout.String())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("left in the directory: %v", entries)
	}
}

// TestOutputWriteFailureChild is the child of
// TestOutputWriteFailurePrintsReport: it lowers its own file size limit,
// audits standard input into the -o file and exits with the code.
func TestOutputWriteFailureChild(t *testing.T) {
	p := os.Getenv("STATEAUDIT_FSIZE_CHILD")
	if p == "" {
		t.Skip("run by TestOutputWriteFailurePrintsReport")
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	lim.Cur = 16
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	// The audit reads standard input only: no go command runs under the limit.
	os.Exit(cmd.Execute([]string{"--format", "json", "-o", p, "-"}, os.Stdin, os.Stdout, os.Stderr))
}
