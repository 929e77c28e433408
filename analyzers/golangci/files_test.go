package golangci_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The repository-root files that wire stateaudit into CI live outside any Go
// package; they are checked here, next to the other integration.

type actionFile struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Inputs      map[string]struct {
		Description string  `yaml:"description"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name  string            `yaml:"name"`
			ID    string            `yaml:"id"`
			If    string            `yaml:"if"`
			Uses  string            `yaml:"uses"`
			Shell string            `yaml:"shell"`
			Run   string            `yaml:"run"`
			Env   map[string]string `yaml:"env"`
			With  map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func readAction(t *testing.T) actionFile {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return a
}

func TestActionYAML(t *testing.T) {
	a := readAction(t)
	if a.Name == "" || a.Description == "" {
		t.Error("action.yml needs a name and a description")
	}
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	wantDefaults := map[string]string{"path": ".", "version": "latest", "fail-on": "error", "sarif": "true", "args": ""}
	for name, want := range wantDefaults {
		in, ok := a.Inputs[name]
		if !ok {
			t.Errorf("input %s missing", name)
			continue
		}
		if in.Default == nil || *in.Default != want {
			t.Errorf("input %s: default %v, want %q", name, in.Default, want)
		}
	}
	for name, in := range a.Inputs {
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
	}
	for name, out := range a.Outputs {
		if out.Description == "" || out.Value == "" {
			t.Errorf("output %s needs a description and a value", name)
		}
	}
	var uses []string
	for i, s := range a.Runs.Steps {
		if s.Uses != "" {
			uses = append(uses, s.Uses[:strings.Index(s.Uses+"@", "@")])
			continue
		}
		if s.Shell == "" {
			t.Errorf("step %d (%s): a composite run step needs a shell", i, s.Name)
		}
		// Inputs reach scripts through env, never spliced into the script.
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %d (%s): expression inside run:, pass it through env", i, s.Name)
		}
		if bash, err := exec.LookPath("bash"); err == nil {
			if out, err := exec.Command(bash, "-n", "-c", s.Run).CombinedOutput(); err != nil {
				t.Errorf("step %d (%s): bash syntax: %v\n%s", i, s.Name, err, out)
			}
		}
	}
	for _, want := range []string{"actions/setup-go", "github/codeql-action/upload-sarif"} {
		if !slices.Contains(uses, want) {
			t.Errorf("no step uses %s: %v", want, uses)
		}
	}
	for _, s := range a.Runs.Steps {
		if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif") && s.With["category"] != "stateaudit" {
			t.Errorf("upload-sarif category = %q, want stateaudit", s.With["category"])
		}
	}
}

func TestPreCommitHooksYAML(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []map[string]any
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	if len(hooks) != 1 {
		t.Fatalf("want one hook, got %d", len(hooks))
	}
	h := hooks[0]
	for key, want := range map[string]any{"id": "stateaudit", "language": "golang", "entry": "stateaudit", "pass_filenames": false} {
		if h[key] != want {
			t.Errorf("hook %s = %v, want %v", key, h[key], want)
		}
	}
	if h["name"] == nil {
		t.Error("hook has no name")
	}
}

// fakeStateaudit records its arguments, writes --output when given, and
// exits with $FAKE_CODE unless it runs with --fail-on none, as the real
// binary would for findings.
const fakeStateaudit = `#!/bin/sh
echo "$*" >> "$FAKE_LOG"
out=; prev=; failon=
for a in "$@"; do
  case "$prev" in --output) out=$a ;; --fail-on) failon=$a ;; esac
  prev=$a
done
[ -n "$out" ] && echo '{}' > "$out"
echo "report $*"
[ "$failon" = none ] && exit 0
exit "$FAKE_CODE"
`

// TestActionAuditStep runs the action's audit script the way a runner does
// (bash -e) against a fake stateaudit: the step must survive a failing audit,
// report its code, and split path and args.
func TestActionAuditStep(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	var script string
	for _, s := range readAction(t).Runs.Steps {
		if s.ID == "audit" {
			script = s.Run
		}
	}
	if script == "" {
		t.Fatal("no step with id audit")
	}
	for _, tc := range []struct {
		name, sarif, code string
		wantCalls         []string
		wantSarif         bool
	}{
		{"sarif and findings", "true", "1", []string{
			"--format sarif --output stateaudit.sarif --fail-on warning --baseline b.json --new-from-rev origin/main -- ./... k8s",
			"--format github --no-color --fail-on none --baseline b.json --new-from-rev origin/main -- ./... k8s",
			"--format markdown --fail-on none --baseline b.json --new-from-rev origin/main -- ./... k8s",
		}, true},
		{"no sarif, error", "false", "2", []string{
			"--format github --no-color --fail-on warning --baseline b.json --new-from-rev origin/main -- ./... k8s",
			"--format markdown --fail-on none --baseline b.json --new-from-rev origin/main -- ./... k8s",
		}, false},
		{"clean", "true", "0", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			bin := filepath.Join(dir, "bin")
			if err := os.Mkdir(bin, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(bin, "stateaudit"), []byte(fakeStateaudit), 0o755); err != nil {
				t.Fatal(err)
			}
			scriptFile := filepath.Join(dir, "step.sh")
			if err := os.WriteFile(scriptFile, []byte(script), 0o644); err != nil {
				t.Fatal(err)
			}
			work := filepath.Join(dir, "work")
			if err := os.Mkdir(work, 0o755); err != nil {
				t.Fatal(err)
			}
			output, summary, log := filepath.Join(dir, "output"), filepath.Join(dir, "summary"), filepath.Join(dir, "log")
			cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", scriptFile)
			cmd.Dir = work
			cmd.Env = append(os.Environ(),
				"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
				"FAKE_LOG="+log, "FAKE_CODE="+tc.code,
				"GITHUB_OUTPUT="+output, "GITHUB_STEP_SUMMARY="+summary,
				"INPUT_PATH=./... k8s", "INPUT_FAIL_ON=warning", "INPUT_SARIF="+tc.sarif,
				"INPUT_LOG_FORMAT=github", "INPUT_SUMMARY=true",
				"INPUT_ARGS=--baseline b.json  --new-from-rev origin/main",
			)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("the step itself failed: %v\n%s", err, out)
			}
			outputs, _ := os.ReadFile(output)
			if want := "exit-code=" + tc.code + "\n"; !strings.Contains(string(outputs), want) {
				t.Errorf("GITHUB_OUTPUT = %q, want %q", outputs, want)
			}
			if got := strings.Contains(string(outputs), "sarif-file=stateaudit.sarif"); got != tc.wantSarif {
				t.Errorf("sarif-file output = %v, want %v (%q)", got, tc.wantSarif, outputs)
			}
			calls, _ := os.ReadFile(log)
			if tc.wantCalls != nil {
				if got := strings.Split(strings.TrimSuffix(string(calls), "\n"), "\n"); !slices.Equal(got, tc.wantCalls) {
					t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.wantCalls, "\n"))
				}
			}
			if s, _ := os.ReadFile(summary); !strings.HasPrefix(string(s), "report --format markdown") {
				t.Errorf("job summary = %q, want the markdown report", s)
			}
		})
	}
}
