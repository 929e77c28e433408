package cmd_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stateaudit/stateaudit/cmd"
	"github.com/stateaudit/stateaudit/internal/config"
	"github.com/stateaudit/stateaudit/internal/report"
)

// copyFixture copies a fixture module into a fresh temporary directory, so
// a test can edit it.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("testdata", name)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func parseReport(t *testing.T, out string) report.Report {
	t.Helper()
	var rep report.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out)
	}
	return rep
}

// checkEvidence fails when a verdict cites a finding that does not count.
func checkEvidence(t *testing.T, rep report.Report) {
	t.Helper()
	for _, s := range rep.Services {
		for c, v := range s.Verdicts {
			if (v.Verdict == report.Stateful) != (len(v.Evidence) > 0) {
				t.Errorf("%s %s: verdict %s with evidence %v", s.Name, c, v.Verdict, v.Evidence)
			}
			for _, i := range v.Evidence {
				if i < 0 || i >= len(rep.Findings) || rep.Findings[i].Suppressed {
					t.Errorf("%s %s: evidence %d is not an unsuppressed finding", s.Name, c, i)
				}
			}
		}
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, ".stateaudit.yaml")
	out, stderr, code := run(t, "", "init", "--path", dir)
	if code != cmd.ExitOK || !strings.Contains(out, file) {
		t.Fatalf("init: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	c, err := config.Load(file)
	if err != nil {
		t.Fatalf("the written file does not load: %v", err)
	}
	if len(c.Rules) != 0 || c.FailOn != "" {
		t.Errorf("the written file changes settings: %+v", c)
	}
	data, _ := os.ReadFile(file)
	if !strings.Contains(string(data), "# memory-session-map: error") {
		t.Errorf("the rules are not listed:\n%s", data)
	}

	writeFile(t, file, "fail-on: note\n")
	if _, stderr, code = run(t, "", "init", "--path", dir); code != cmd.ExitError || !strings.Contains(stderr, file) || !strings.Contains(stderr, "--force") {
		t.Errorf("overwrite without --force: exit %d, stderr %q", code, stderr)
	}
	if got, _ := os.ReadFile(file); string(got) != "fail-on: note\n" {
		t.Errorf("the existing file was changed: %q", got)
	}
	if _, stderr, code = run(t, "", "init", "--path", dir, "--force"); code != cmd.ExitOK {
		t.Errorf("--force: exit %d, stderr %q", code, stderr)
	}
	if got, _ := os.ReadFile(file); string(got) != string(data) {
		t.Error("--force did not rewrite the file")
	}
	if _, stderr, code = run(t, "", "init", "--path", filepath.Join(dir, "nope")); code != cmd.ExitError || !strings.Contains(stderr, "--path") {
		t.Errorf("missing directory: exit %d, stderr %q", code, stderr)
	}
}

// TestConfigInAudit: the file at the root is read, its errors name
// file:line, and fail-on is the default of --fail-on.
func TestConfigInAudit(t *testing.T) {
	dir := copyFixture(t, "sessionmap")
	cfg := filepath.Join(dir, ".stateaudit.yaml")

	writeFile(t, cfg, "rules:\n  memory-session-mapp: off\n")
	_, stderr, code := run(t, "", dir)
	if code != cmd.ExitError || !strings.Contains(stderr, ".stateaudit.yaml:2: unknown rule \"memory-session-mapp\"") {
		t.Errorf("bad config at the root: exit %d, stderr %q", code, stderr)
	}

	writeFile(t, cfg, "fail-on: none\n")
	if _, stderr, code = run(t, "", dir); code != cmd.ExitOK {
		t.Errorf("fail-on: none from the config: exit %d, stderr %q", code, stderr)
	}
	if _, _, code = run(t, "", "--fail-on", "error", dir); code != cmd.ExitFindings {
		t.Errorf("--fail-on error over the config: exit %d", code)
	}

	other := filepath.Join(t.TempDir(), "other.yaml")
	writeFile(t, other, "fail-on: error\nexcludes: [x]\n")
	_, stderr, code = run(t, "", "--config", other, dir)
	if code != cmd.ExitError || !strings.Contains(stderr, "--config: "+other+":2: unknown key \"excludes\"") {
		t.Errorf("--config with an unknown key: exit %d, stderr %q", code, stderr)
	}
	writeFile(t, other, "fail-on: error\n")
	if _, stderr, code = run(t, "", "--config", other, dir); code != cmd.ExitFindings {
		t.Errorf("--config wins over the file at the root: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code = run(t, "", "--config", filepath.Join(dir, "missing.yaml"), dir); code != cmd.ExitError || !strings.Contains(stderr, "--config") {
		t.Errorf("--config of a missing file: exit %d, stderr %q", code, stderr)
	}
}

const sessionMain = `package main

import "net/http"

var sessions = map[string]string{}

func login(w http.ResponseWriter, r *http.Request) { sessions[r.FormValue("id")] = "x" }

func main() {
	http.HandleFunc("/login", login)
	http.ListenAndServe(":8080", nil)
}
`

// shiftedMain is sessionMain with lines inserted above the finding and the
// finding's line reindented: the baseline must still match it.
const shiftedMain = `package main

import "net/http"

// The session table.
//
// (More lines, so the finding moves.)

	var   sessions=map[string]string{}

func login(w http.ResponseWriter, r *http.Request) { sessions[r.FormValue("id")] = "x" }

func main() {
	http.HandleFunc("/login", login)
	http.ListenAndServe(":8080", nil)
}
`

// withNewFinding adds a second per-client map: a new finding.
const withNewFinding = shiftedMain + `
var carts = map[string][]string{}

func addToCart(w http.ResponseWriter, r *http.Request) {
	carts[r.FormValue("user")] = append(carts[r.FormValue("user")], r.FormValue("item"))
}

func init() { http.HandleFunc("/cart", addToCart) }
`

// TestBaselineRoundTrip: a baseline written now hides today's findings
// after the code around them moves, and lets a new finding through.
func TestBaselineRoundTrip(t *testing.T) {
	dir := copyFixture(t, "sessionmap")
	mainGo := filepath.Join(dir, "main.go")
	writeFile(t, mainGo, sessionMain)
	base := filepath.Join(t.TempDir(), "baseline.json")

	out, stderr, code := run(t, "", "baseline", dir)
	if code != cmd.ExitOK {
		t.Fatalf("baseline: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(out, `"schema": "stateaudit-baseline/v1"`) || !strings.Contains(out, `"rule": "memory-session-map"`) {
		t.Fatalf("baseline output:\n%s", out)
	}
	writeFile(t, base, out)
	// --output writes the same file.
	base2 := filepath.Join(t.TempDir(), "b2.json")
	if _, _, code := run(t, "", "baseline", "--output", base2, dir); code != cmd.ExitOK {
		t.Fatalf("baseline --output: exit %d", code)
	}
	if got, _ := os.ReadFile(base2); string(got) != out {
		t.Errorf("--output differs from stdout:\n%s", got)
	}

	writeFile(t, mainGo, shiftedMain)
	out, stderr, code = run(t, "", "--format", "json", "--baseline", base, dir)
	if code != cmd.ExitOK {
		t.Fatalf("after moving the finding: exit %d, stderr %q\n%s", code, stderr, out)
	}
	rep := parseReport(t, out)
	if len(rep.Findings) != 1 || !rep.Findings[0].Suppressed || rep.Findings[0].Justification != "baseline" || rep.Findings[0].Line != 9 {
		t.Errorf("want the moved finding (line 9) hidden by the baseline, got %+v", rep.Findings)
	}
	checkEvidence(t, rep)
	for _, s := range rep.Services {
		if s.Stateful() {
			t.Errorf("%s is still stateful with every finding baselined", s.Name)
		}
	}

	writeFile(t, mainGo, withNewFinding)
	out, stderr, code = run(t, "", "--format", "json", "--baseline", base, dir)
	if code != cmd.ExitFindings {
		t.Fatalf("with a new finding: exit %d, stderr %q", code, stderr)
	}
	rep = parseReport(t, out)
	active := rep.Active()
	if len(active) != 1 || active[0].Line <= 16 {
		t.Errorf("want only the new finding, got %+v", active)
	}
	checkEvidence(t, rep)

	// Without the baseline both count.
	out, _, _ = run(t, "", "--format", "json", dir)
	rep = parseReport(t, out)
	if n := len(rep.Active()); n != 2 {
		t.Errorf("%d findings without the baseline, want 2", n)
	}
}

func TestBaselineErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "b.json")
	writeFile(t, bad, `{"schema":"something-else","findings":[]}`)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--baseline", bad, "testdata/clean"}, "--baseline: " + bad + `: schema "something-else"`},
		{[]string{"--baseline", filepath.Join(t.TempDir(), "none.json"), "testdata/clean"}, "--baseline: reading the baseline"},
		{[]string{"baseline", "testdata/no-such-dir"}, "no-such-dir"},
	} {
		_, stderr, code := run(t, "", tc.args...)
		if code != cmd.ExitError || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, stderr, tc.want)
		}
	}
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	c := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	c.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// TestNewFromRev: only findings on lines changed since the revision count.
// The repository is the working directory's (TestGitIgnoresPlantedRepository
// says why).
func TestNewFromRev(t *testing.T) {
	hermeticGit(t)
	dir := copyFixture(t, "sessionmap")
	clean := copyFixture(t, "clean")
	mainGo := filepath.Join(dir, "main.go")
	writeFile(t, mainGo, shiftedMain)
	git(t, dir, "init", "-q")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "first")
	t.Chdir(dir)

	out, stderr, code := run(t, "", "--format", "json", "--new-from-rev", "HEAD", dir)
	if code != cmd.ExitOK {
		t.Fatalf("nothing changed: exit %d, stderr %q", code, stderr)
	}
	if rep := parseReport(t, out); len(rep.Findings) != 0 {
		t.Errorf("nothing changed, yet findings: %+v", rep.Findings)
	}
	if !strings.Contains(stderr, "1 finding on lines unchanged since HEAD not reported") {
		t.Errorf("stderr does not count the dropped finding: %q", stderr)
	}

	writeFile(t, mainGo, withNewFinding)
	out, stderr, code = run(t, "", "--format", "json", "--new-from-rev", "HEAD", dir)
	if code != cmd.ExitFindings {
		t.Fatalf("with a new finding: exit %d, stderr %q", code, stderr)
	}
	rep := parseReport(t, out)
	if len(rep.Findings) != 1 || rep.Findings[0].Line <= 16 {
		t.Errorf("want only the new finding, got %+v", rep.Findings)
	}
	checkEvidence(t, rep)

	for _, tc := range []struct{ dir, rev, want string }{
		{dir, "no-such-rev", `--new-from-rev: unknown revision "no-such-rev"`},
		{clean, "HEAD", "--new-from-rev: " + clean + " is outside the git repository of the working directory"},
	} {
		_, stderr, code := run(t, "", "--new-from-rev", tc.rev, tc.dir)
		if code != cmd.ExitError || !strings.Contains(stderr, tc.want) {
			t.Errorf("--new-from-rev %s: exit %d, stderr %q, want %q", tc.rev, code, stderr, tc.want)
		}
	}
}
