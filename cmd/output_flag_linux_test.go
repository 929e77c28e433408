package cmd_test

import (
	"encoding/json"
	"os"
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
func TestOutputWriteFailurePrintsReport(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "report.json")
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	// The audit reads standard input only: no go command runs under the limit.
	limited := old
	limited.Cur = 16
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limited); err != nil {
		t.Skip(err)
	}
	stdout, stderr, code := run(t, stickyService, "--format", "json", "-o", p, "-")
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	if code != cmd.ExitError {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.HasPrefix(stderr, "stateaudit: --output: ") || !strings.Contains(stderr, "file too large") {
		t.Errorf("stderr %q", stderr)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || len(rep.Findings) != 1 {
		t.Errorf("the report is not on standard output: %v\n%s", err, stdout)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("left in the directory: %v", entries)
	}
}
