package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// actionSteps returns the run scripts of action.yml by step id.
func actionSteps(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Runs struct {
			Steps []struct {
				ID  string `yaml:"id"`
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	steps := map[string]string{}
	for _, s := range a.Runs.Steps {
		if s.ID != "" {
			steps[s.ID] = s.Run
		}
	}
	return steps
}

// runStep runs one step's script the way a runner does (bash -e) and
// returns what it wrote to GITHUB_OUTPUT.
func runStep(t *testing.T, script, dir string, env ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "output")
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append(env, "GITHUB_OUTPUT="+out)...)
	if log, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the step failed: %v\n%s", err, log)
	} else {
		t.Logf("step log:\n%s", log)
	}
	data, _ := os.ReadFile(out)
	return string(data)
}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir, "-c", "commit.gpgsign=false"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestActionConfigFromBase runs the action's "base" and "audit" steps with
// a built stateaudit on a one-commit-deep clone of a pull request that
// switches its own audit off in .stateaudit.yaml: on a push the checked-out
// configuration counts, on a pull request the base commit is fetched and
// its configuration fails the run.
func TestActionConfigFromBase(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	for _, tool := range []string{"bash", "git"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not on PATH", tool)
		}
	}
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "stateaudit"), ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// Pin the go command's caches before HOME moves, then make git hermetic.
	goEnv, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOENV").Output()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range strings.Split(strings.TrimSpace(string(goEnv)), "\n") {
		if v != "" {
			t.Setenv([]string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOENV"}[i], v)
		}
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, who := range []string{"AUTHOR", "COMMITTER"} {
		t.Setenv("GIT_"+who+"_NAME", "t")
		t.Setenv("GIT_"+who+"_EMAIL", "t@example.com")
	}

	origin := t.TempDir()
	if err := os.CopyFS(filepath.Join(origin, "svc"), os.DirFS("cmd/testdata/sessionmap")); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(origin, "svc", ".stateaudit.yaml")
	if err := os.WriteFile(config, []byte("fail-on: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, origin, "init", "-q")
	gitIn(t, origin, "add", ".")
	gitIn(t, origin, "commit", "-q", "-m", "base")
	base := gitIn(t, origin, "rev-parse", "HEAD")
	gitIn(t, origin, "checkout", "-q", "-b", "pr")
	if err := os.WriteFile(config, []byte("exclude: [\"**\"]\nfail-on: none\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, origin, "commit", "-q", "-am", "switch the audit off")
	work := filepath.Join(t.TempDir(), "work")
	gitIn(t, origin, "clone", "-q", "--depth=1", "--branch=pr", "file://"+origin, work)
	if err := exec.Command("git", "-C", work, "cat-file", "-e", base+"^{commit}").Run(); err == nil {
		t.Fatal("the clone has the base commit already: the test checks nothing")
	}

	steps := actionSteps(t)
	audit := func(configFrom string) string {
		return runStep(t, steps["audit"], work,
			"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
			"CONFIG_FROM="+configFrom, "INPUT_WORKING_DIRECTORY=.",
			"INPUT_PATH=svc", "INPUT_FAIL_ON=error", "INPUT_SARIF=false",
			"INPUT_LOG_FORMAT=table", "INPUT_SUMMARY=false", "INPUT_ARGS=")
	}

	// A push: no base commit, the checked-out configuration.
	if out := runStep(t, steps["base"], work, "INPUT_CONFIG_FROM=auto", "BASE_SHA="); out != "" {
		t.Errorf("on a push the base step chose a revision: %q", out)
	}
	if out := audit(""); !strings.Contains(out, "exit-code=0") {
		t.Errorf("the pull request's own configuration should switch the audit off: %q", out)
	}

	// A pull request: the base commit, fetched, and its configuration.
	out := runStep(t, steps["base"], work, "INPUT_CONFIG_FROM=auto", "BASE_SHA="+base)
	if out != "rev="+base+"\n" {
		t.Fatalf("base step output %q, want rev=%s", out, base)
	}
	if err := exec.Command("git", "-C", work, "cat-file", "-e", base+"^{commit}").Run(); err != nil {
		t.Fatalf("the base commit was not fetched: %v", err)
	}
	if out := audit(base); !strings.Contains(out, "exit-code=1") {
		t.Errorf("with the base's configuration the session map must fail the run: %q", out)
	}

	// A full clone (fetch-depth: 0) has the base commit and stays full:
	// --new-from-rev needs its history.
	full := filepath.Join(t.TempDir(), "full")
	gitIn(t, origin, "clone", "-q", "--branch=pr", "file://"+origin, full)
	if out := runStep(t, steps["base"], full, "INPUT_CONFIG_FROM=auto", "BASE_SHA="+base); out != "rev="+base+"\n" {
		t.Errorf("full clone: base step output %q", out)
	}
	if shallow := gitIn(t, full, "rev-parse", "--is-shallow-repository"); shallow != "false" {
		t.Errorf("the base step made a full clone shallow")
	}
}
