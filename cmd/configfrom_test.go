package cmd_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stateaudit/stateaudit/cmd"
)

const emptyBaseline = `{"schema":"stateaudit-baseline/v1","findings":[]}` + "\n"

// gateOff is what a pull request writes to switch its own audit off.
const gateOff = "exclude: [\"**\"]\nfail-on: none\n"

// pullRequest commits the sessionmap fixture under svc with the base's
// files as branch "base", then the pull request's files on top (an empty
// content deletes a file), makes the repository the working directory and
// returns it. When the pull request writes ci/baseline.json as "ALL", it
// gets a baseline of every finding.
func pullRequest(t *testing.T, base, pr map[string]string) string {
	t.Helper()
	hermeticGit(t)
	top, _ := checkout(t)
	writeFiles(t, top, base)
	gitc(t, top, "add", ".")
	gitc(t, top, "commit", "-q", "--allow-empty", "-m", "base files")
	gitc(t, top, "branch", "base")
	t.Chdir(top)
	if pr["ci/baseline.json"] == "ALL" {
		out, stderr, code := run(t, "", "baseline", "svc")
		if code != cmd.ExitOK || !strings.Contains(out, "memory-session-map") {
			t.Fatalf("stateaudit baseline: exit %d, stderr %q\n%s", code, stderr, out)
		}
		pr["ci/baseline.json"] = out
	}
	writeFiles(t, top, pr)
	gitc(t, top, "add", "-A")
	gitc(t, top, "commit", "-q", "--allow-empty", "-m", "pull request")
	return top
}

// TestConfigFromBaseRevision: a pull request's own .stateaudit.yaml and
// baseline can switch its audit off; with --config-from they are read from
// the base revision, so the session map still fails the run.
func TestConfigFromBaseRevision(t *testing.T) {
	for _, tc := range []struct {
		name     string
		base, pr map[string]string
		args     []string
		// attack: without --config-from, the pull request passes.
		attack bool
	}{
		{"configuration and baseline rewritten",
			map[string]string{"svc/.stateaudit.yaml": "fail-on: error\n", "ci/baseline.json": emptyBaseline},
			map[string]string{"svc/.stateaudit.yaml": gateOff, "ci/baseline.json": "ALL"},
			[]string{"--baseline", "ci/baseline.json"}, true},
		{"configuration added",
			nil,
			map[string]string{"svc/.stateaudit.yaml": gateOff},
			nil, true},
		{"configuration renamed to .yml",
			map[string]string{"svc/.stateaudit.yaml": "fail-on: error\n"},
			map[string]string{"svc/.stateaudit.yaml": "", "svc/.stateaudit.yml": gateOff},
			nil, true},
		{"--config file rewritten",
			map[string]string{"ci/stateaudit.yaml": "fail-on: warning\n"},
			map[string]string{"ci/stateaudit.yaml": gateOff},
			[]string{"--config", "ci/stateaudit.yaml"}, true},
		{"baseline added",
			nil,
			map[string]string{"ci/baseline.json": "ALL"},
			[]string{"--baseline", "ci/baseline.json"}, true},
		{"baseline deleted from the working tree",
			map[string]string{"ci/baseline.json": emptyBaseline},
			map[string]string{"ci/baseline.json": ""},
			[]string{"--baseline", "ci/baseline.json"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pullRequest(t, tc.base, tc.pr)
			if tc.attack {
				if _, stderr, code := run(t, "", append(tc.args, "svc")...); code != cmd.ExitOK {
					t.Fatalf("the pull request does not switch its audit off: exit %d, stderr %q", code, stderr)
				}
			}
			args := append([]string{"--format", "json", "--config-from", "base"}, tc.args...)
			out, stderr, code := run(t, "", append(args, "svc")...)
			if code != cmd.ExitFindings {
				t.Fatalf("--config-from base: exit %d, want 1; stderr %q", code, stderr)
			}
			rep := parseReport(t, out)
			if len(rep.Findings) == 0 || rep.Findings[0].Rule != "memory-session-map" || rep.Findings[0].Suppressed {
				t.Errorf("want the session map reported and counted, got %+v", rep.Findings)
			}
			checkEvidence(t, rep)
		})
	}
}

// TestConfigFromBaselineMissing: a baseline the base revision lacks hides
// nothing, and stateaudit says so.
func TestConfigFromBaselineMissing(t *testing.T) {
	pullRequest(t, nil, map[string]string{"ci/baseline.json": "ALL"})
	_, stderr, code := run(t, "", "--config-from", "base", "--baseline", "ci/baseline.json", "svc")
	if code != cmd.ExitFindings || !strings.Contains(stderr, "--baseline ci/baseline.json is not in base (--config-from): no finding is hidden") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestConfigFromErrors: what cannot be read from the revision stops the
// run with exit 2 and names the flag.
func TestConfigFromErrors(t *testing.T) {
	huge := "fail-on: error\n" + strings.Repeat("# padding\n", 110_000) // > 1 MiB
	top := pullRequest(t,
		map[string]string{
			"svc/.stateaudit.yaml":  huge,
			"bad/.stateaudit.yaml":  "fail-on: [\n",
			"both/.stateaudit.yaml": "fail-on: error\n", "both/.stateaudit.yml": "fail-on: error\n",
			"ci/baseline.json":      "{}\n",
			"good/.stateaudit.yaml": "fail-on: error\n",
		},
		map[string]string{"svc/.stateaudit.yaml": "fail-on: error\n", "bad/.stateaudit.yaml": "fail-on: error\n"})
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--config-from", "base", "svc"}, "--config-from base: svc/.stateaudit.yaml is 1100015 bytes, more than the 1048576 read from git"},
		{[]string{"--config-from", "base", "bad"}, "--config-from base: bad/.stateaudit.yaml:"},
		{[]string{"--config-from", "base", "both"}, "both/.stateaudit.yaml and both/.stateaudit.yml exist"},
		{[]string{"--config-from", "base", "--config", "ci/none.yaml", "bad"}, "--config: ci/none.yaml: file does not exist (read from base by --config-from)"},
		{[]string{"--config-from", "base", "--baseline", "ci/baseline.json", "good"}, `--baseline: ci/baseline.json: schema ""`},
		{[]string{"--config-from", "no-such-rev", "bad"}, `--config-from: unknown revision "no-such-rev"`},
		{[]string{"--config-from=--frob", "bad"}, `--config-from: "--frob" is not a revision`},
		{[]string{"--config-from", "base", filepath.Dir(top)}, "is outside the git repository of the working directory"},
	} {
		_, stderr, code := run(t, "", tc.args...)
		if code != cmd.ExitError || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, stderr, tc.want)
		}
	}
}
