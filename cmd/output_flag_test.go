package cmd_test

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stateaudit/stateaudit/cmd"
	"github.com/stateaudit/stateaudit/internal/report"
)

// stickyService is a manifest read from standard input: an audit that
// starts no go command, with one finding.
const stickyService = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  sessionAffinity: ClientIP\n  selector: {app: web}\n"

// victim is a file the runner can write that the report must never touch.
func victim(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "victim")
	if err := os.WriteFile(p, []byte("precious\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func checkVictim(t *testing.T, p string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil || string(b) != "precious\n" {
		t.Errorf("the victim was changed: %q, %v", b, err)
	}
}

// stdinReader records whether the audit read standard input: a refused
// --output must stop the run before the audit starts.
type stdinReader struct {
	r    io.Reader
	read bool
}

func (s *stdinReader) Read(p []byte) (int, error) {
	s.read = true
	return s.r.Read(p)
}

// runRefused audits stdin with args and checks that the run stopped before
// the audit (standard input unread, nothing on standard output) with exit
// 2 and one error line naming the flag and saying want.
func runRefused(t *testing.T, stdin, want string, args ...string) {
	t.Helper()
	in := &stdinReader{r: strings.NewReader(stdin)}
	var out, errb bytes.Buffer
	code := cmd.Execute(append(args, "-"), in, &out, &errb)
	if code != cmd.ExitError {
		t.Errorf("exit %d, want 2", code)
	}
	if in.read || out.Len() > 0 {
		t.Errorf("the audit ran (stdin read: %v) and printed:\n%s", in.read, out.String())
	}
	stderr := errb.String()
	if !strings.HasPrefix(stderr, "stateaudit: --output: ") || !strings.Contains(stderr, want) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr %q, want one line about --output saying %q", stderr, want)
	}
}

// TestOutputRefusesSymlink: a symlink committed under the report's name
// (here, pointing at a file the runner can write) is not followed.
func TestOutputRefusesSymlink(t *testing.T) {
	dir := t.TempDir()
	v := victim(t, dir)
	link := filepath.Join(dir, "stateaudit.sarif")
	if err := os.Symlink(v, link); err != nil {
		t.Fatal(err)
	}
	runRefused(t, stickyService, "is a symbolic link", "--format", "sarif", "-o", link)
	checkVictim(t, v)
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v %v", fi, err)
	}
	// A dangling link would create the file it points at.
	dangling := filepath.Join(dir, "report.json")
	if err := os.Symlink(filepath.Join(dir, "created"), dangling); err != nil {
		t.Fatal(err)
	}
	runRefused(t, stickyService, "is a symbolic link", "--format", "json", "--output", dangling)
	if _, err := os.Lstat(filepath.Join(dir, "created")); err == nil {
		t.Error("the dangling symlink's target was created")
	}
	checkNoTemp(t, dir)
}

// TestOutputRefusesSymlinkedDirectory: a committed directory symlink on
// the way to the report, inside the working directory, is not followed
// either.
func TestOutputRefusesSymlinkedDirectory(t *testing.T) {
	dir := t.TempDir()
	elsewhere := t.TempDir()
	v := victim(t, elsewhere)
	if err := os.Symlink(elsewhere, filepath.Join(dir, "reports")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	runRefused(t, stickyService, "is a symbolic link", "--format", "json", "-o", "reports/victim")
	checkVictim(t, v)
	checkNoTemp(t, elsewhere)
}

func TestOutputRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	runRefused(t, stickyService, "is a directory", "-o", filepath.Join(dir, "out"))
	checkNoTemp(t, dir)
}

// TestOutputUnwritableFailsBeforeAudit: a directory that does not exist or
// cannot take a file is an error before the audit runs.
func TestOutputUnwritableFailsBeforeAudit(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	broken := "apiVersion: v1\nkind: Service\nmetadata: {name: [\n"
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(dir, "missing", "report.json"), "no such file or directory"},
		{filepath.Join(file, "report.json"), "not a directory"},
	} {
		runRefused(t, broken, tc.want, "--format", "json", "-o", tc.path)
	}
	if os.Geteuid() == 0 {
		t.Log("running as root: a read-only directory is writable")
		return
	}
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	runRefused(t, broken, "permission denied", "--format", "json", "-o", filepath.Join(ro, "report.json"))
}

// TestOutputReplacesRegularFile: the ordinary case, an old report
// replaced, its permissions kept, nothing else left in the directory.
func TestOutputReplacesRegularFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "report.json")
	if err := os.WriteFile(p, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, stickyService, "--format", "json", "-o", p, "-")
	if code != cmd.ExitOK || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var rep report.Report
	if err := json.Unmarshal(b, &rep); err != nil || len(rep.Findings) != 1 {
		t.Errorf("report: %v\n%s", err, b)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", fi.Mode())
	}
	checkNoTemp(t, dir)
}

// checkNoTemp: no temporary file is left behind.
func checkNoTemp(t *testing.T, dir string) {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

// TestBaselineOutputRefusesSymlink: `stateaudit baseline -o` follows the
// same rules as the report's -o: a committed symlink named like the
// baseline never makes the run overwrite its target.
func TestBaselineOutputRefusesSymlink(t *testing.T) {
	dir := t.TempDir()
	target := victim(t, dir)
	link := filepath.Join(dir, ".stateaudit-baseline.json")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	_, stderr, code := run(t, stickyService, "baseline", "-o", link, "-")
	if code != cmd.ExitError || !strings.Contains(stderr, "--output") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	checkVictim(t, target)
}
