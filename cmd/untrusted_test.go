package cmd_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/stateaudit/stateaudit/cmd"
)

// hostileTree writes a repository built to attack the CI job that audits
// it: a Go syntax error whose message quotes a raw string holding a
// workflow command on a line of its own, a Service whose name carries a
// terminal hyperlink, a screen clear, a line break and logging commands,
// and broken manifests whose file names do the same.
func hostileTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":  "module example.com/hostile\n\ngo 1.22\n",
		"main.go": "package main\n\nvar x = 1 `\n::error title=pwned::from a Go literal\n`\n\nfunc main() {}\n",
		"k8s/svc.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n" +
			`  name: "web\e]8;;https://evil.example\e\\click\e]8;;\e\\\e[2J\n::warning::from a YAML value ##[add-mask]x"` + "\n" +
			"spec:\n  sessionAffinity: ClientIP\n  selector: {app: web}\n",
		"k8s/evil\n::error::from a file name.yaml":     "apiVersion: v1\nkind: Service\nmetadata: {name: [\n",
		"k8s/\x1b]0;title\x07\x1b[8mhidden\u202e.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: [\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// githubOwn is a line the github format writes itself.
var githubOwn = regexp.MustCompile(`^::(error|warning|notice)( [^:]*)?::`)

// logCommand is a runner logging command, read anywhere in a line.
var logCommand = regexp.MustCompile(`##[A-Za-z]*\[`)

// TestHostileTreeCannotCommandTheRunner audits the hostile tree in every
// format, verbose: no line on standard output or standard error may carry
// a control character (an escape sequence reaching the terminal), start
// with "::" (a workflow command the Actions runner executes), or hold
// "##[" (a logging command) — except the github format's own commands.
func TestHostileTreeCannotCommandTheRunner(t *testing.T) {
	dir := hostileTree(t)
	for _, format := range []string{"table", "markdown", "junit", "json", "sarif", "github"} {
		t.Run(format, func(t *testing.T) {
			stdout, stderr, code := run(t, "", "--format", format, "--verbose", dir)
			if code != cmd.ExitError {
				t.Errorf("exit %d, want 2 (inputs not analysed)", code)
			}
			checkOutput(t, "stdout", stdout, format == "github")
			checkOutput(t, "stderr", stderr, false)
			// The attack was read, and is shown rather than obeyed.
			if !strings.Contains(stderr, "found `\\n::error title=pwned::from a Go literal\\n`") {
				t.Errorf("stderr does not show the syntax error escaped:\n%s", stderr)
			}
			if !strings.Contains(stderr, `k8s/evil\n::error::from a file name.yaml`) {
				t.Errorf("stderr does not show the file name escaped:\n%s", stderr)
			}
		})
	}
	stdout, _, _ := run(t, "", "--no-color", dir)
	for _, want := range []string{`\x1b]8;;https://evil.example\x1b\click`, `\x1b[2J\n::warning::from a YAML value #\x23[add-mask]x`, `\x1b]0;title\x07\x1b[8mhidden\u202e.yaml`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table does not show %s:\n%s", want, stdout)
		}
	}
}

func checkOutput(t *testing.T, name, out string, commands bool) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		for _, r := range line {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x202e {
				t.Errorf("%s line %d holds %U: %q", name, i+1, r, line)
				break
			}
		}
		if strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") && !(commands && githubOwn.MatchString(line)) {
			t.Errorf("%s line %d starts a workflow command: %q", name, i+1, line)
		}
		if m := logCommand.FindString(line); m != "" {
			t.Errorf("%s line %d holds the logging command %q: %q", name, i+1, m, line)
		}
	}
}

// TestErrorMessagesAreCleaned: an error that ends the run (here, a path
// given on the command line) is printed cleaned too.
func TestErrorMessagesAreCleaned(t *testing.T) {
	_, stderr, code := run(t, "", "--format", "nope\n::error::flag\x1b[2J", ".")
	if code != cmd.ExitError {
		t.Fatalf("exit %d", code)
	}
	checkOutput(t, "stderr", stderr, false)
	if !strings.Contains(stderr, `\n::error::flag\x1b[2J`) {
		t.Errorf("stderr: %q", stderr)
	}
}
