package cmd_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stateaudit/stateaudit/cmd"
	"github.com/stateaudit/stateaudit/internal/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cmd.Execute(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"session map", []string{"testdata/sessionmap"}, cmd.ExitFindings},
		{"clean", []string{"testdata/clean"}, cmd.ExitOK},
		{"fail-on none", []string{"--fail-on", "none", "testdata/sessionmap"}, cmd.ExitOK},
		{"missing path", []string{"testdata/no-such-dir"}, cmd.ExitError},
		{"syntax error", []string{"testdata/syntaxerror"}, cmd.ExitError},
		{"bad format", []string{"--format", "xml", "testdata/clean"}, cmd.ExitError},
		{"bad fail-on", []string{"--fail-on", "fatal", "testdata/clean"}, cmd.ExitError},
		{"unknown flag", []string{"--frobnicate"}, cmd.ExitError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, "", tc.args...)
			if code != tc.want {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tc.want, stderr)
			}
		})
	}
}

// TestSyntaxErrorStillReports checks that a broken Go file is an error with
// file and line, and that the rest of the module is still audited.
func TestSyntaxErrorStillReports(t *testing.T) {
	out, stderr, code := run(t, "", "--format", "json", "testdata/syntaxerror")
	if code != cmd.ExitError {
		t.Fatalf("exit %d, want 2", code)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out)
	}
	if len(rep.Errors) == 0 || rep.Errors[0].File != "broken/broken.go" || rep.Errors[0].Line == 0 {
		t.Errorf("want an error at broken/broken.go:LINE, got %+v", rep.Errors)
	}
	found := false
	for _, f := range rep.Findings {
		found = found || f.Rule == "memory-session-map"
	}
	if !found {
		t.Errorf("the healthy package was not audited: %+v", rep.Findings)
	}
	if !strings.Contains(stderr, "broken/broken.go:") {
		t.Errorf("stderr does not name the file: %q", stderr)
	}
}

func TestJSONGolden(t *testing.T) {
	out, _, _ := run(t, "", "--format", "json", "../testdata/demo")
	golden(t, "../testdata/golden/demo.json", normalizeJSON(t, out))
}

func TestTableGolden(t *testing.T) {
	out, _, _ := run(t, "", "--no-color", "../testdata/demo")
	golden(t, "../testdata/golden/demo.txt", out)
}

func TestRulesAndExplain(t *testing.T) {
	out, _, code := run(t, "", "rules")
	if code != 0 || !strings.Contains(out, "memory-session-map") {
		t.Fatalf("rules: exit %d\n%s", code, out)
	}
	out, _, code = run(t, "", "rules", "--format", "json")
	var list []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) == 0 {
		t.Fatalf("rules --format json: exit %d\n%s", code, out)
	}
	out, _, code = run(t, "", "explain", "memory-session-map")
	if code != 0 {
		t.Errorf("explain: exit %d", code)
	}
	for _, want := range []string{"## Why it matters", "## What fires", "## What does not fire", "## Remediation", "Externalize state"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain lacks %q", want)
		}
	}
	if _, _, code = run(t, "", "explain", "no-such-rule"); code != cmd.ExitError {
		t.Errorf("explain of an unknown rule: exit %d", code)
	}
	if out, _, code = run(t, "", "version"); code != 0 || !strings.HasPrefix(out, "stateaudit ") {
		t.Errorf("version: %d %q", code, out)
	}
}

// normalizeJSON drops the fields that change from run to run.
func normalizeJSON(t *testing.T, s string) string {
	t.Helper()
	var rep report.Report
	if err := json.Unmarshal([]byte(s), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	rep.Stats.DurationMS = 0
	rep.Tool.Version = "test"
	b, err := json.MarshalIndent(&rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the output (go test ./cmd -update rewrites it):\n--- got\n%s", path, got)
	}
}

// TestDegradedModule audits a module whose dependency is not in the module
// cache (and cannot be fetched: the engine runs the go command with
// GOPROXY=off): library calls are still recognised from the import path, the
// package is listed as degraded, and the module is left untouched.
func TestDegradedModule(t *testing.T) {
	before, _ := os.ReadDir("testdata/degraded")
	out, stderr, code := run(t, "", "--format", "json", "testdata/degraded")
	if code != cmd.ExitOK {
		t.Fatalf("exit %d (a warning is below --fail-on error); stderr:\n%s", code, stderr)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Rule != "embedded-database" {
		t.Errorf("want the bbolt.Open finding, got %+v", rep.Findings)
	}
	if len(rep.Degraded) != 1 || rep.Degraded[0].Package != "example.com/degr" {
		t.Errorf("want example.com/degr listed as degraded, got %+v", rep.Degraded)
	}
	after, _ := os.ReadDir("testdata/degraded")
	if len(after) != len(before) {
		t.Errorf("the audit wrote into the audited module: %v", after)
	}
}

// TestTableFits80Columns: the table must read well in an 80-column terminal.
func TestTableFits80Columns(t *testing.T) {
	for _, dir := range []string{"../testdata/demo", "../testdata/boutique"} {
		out, _, _ := run(t, "", "--no-color", dir)
		checkWidth(t, dir, out)
	}
}

// checkWidth fails on lines of the tables wider than 80 columns. The
// headline, the legend and the findings are prose that terminals wrap.
func checkWidth(t *testing.T, name, out string) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		if line == "Findings" {
			return
		}
		if !strings.ContainsAny(line, "│┌└├") && !strings.HasPrefix(line, " ") {
			continue
		}
		if n := len([]rune(strings.TrimRight(line, " "))); n > 80 {
			t.Errorf("%s: line %d is %d columns wide:\n%s", name, i+1, n, line)
		}
	}
}

// TestDemoVerdicts pins the architecture view of the demo: which services
// exist, their kinds, and the verdict on each characteristic.
func TestDemoVerdicts(t *testing.T) {
	out, _, _ := run(t, "", "--format", "json", "../testdata/demo")
	var rep report.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	type want struct {
		kind     string
		stateful []string
	}
	wants := map[string]want{
		"frontend": {"application", []string{"no-client-session-state", "scalability", "fault-tolerance"}},
		"orders":   {"application", []string{"scalability", "fault-tolerance"}},
		"catalog":  {"application", nil},
		"redis":    {"backing", nil},
		"postgres": {"backing", nil},
	}
	if len(rep.Services) != len(wants) {
		t.Errorf("%d services, want %d", len(rep.Services), len(wants))
	}
	for _, s := range rep.Services {
		w, ok := wants[s.Name]
		if !ok {
			t.Errorf("unexpected service %s", s.Name)
			continue
		}
		if s.Kind != w.kind {
			t.Errorf("%s: kind %s, want %s", s.Name, s.Kind, w.kind)
		}
		if s.Kind == "backing" {
			continue
		}
		for c, v := range s.Verdicts {
			wantStateful := false
			for _, x := range w.stateful {
				wantStateful = wantStateful || string(c) == x
			}
			if (v.Verdict == report.Stateful) != wantStateful {
				t.Errorf("%s: %s is %s", s.Name, c, v.Verdict)
			}
			for _, i := range v.Evidence {
				if rep.Findings[i].Service != s.Name {
					t.Errorf("%s: evidence %d belongs to %q", s.Name, i, rep.Findings[i].Service)
				}
			}
		}
		if len(s.Links) == 0 {
			t.Errorf("%s: no link between source and manifest", s.Name)
		}
	}
}

// TestBoutique audits the Online Boutique-shaped fixture: one module per
// service, services without Go source, skaffold contexts under src/.
func TestBoutique(t *testing.T) {
	out, _, code := run(t, "", "--format", "json", "../testdata/boutique")
	if code != cmd.ExitFindings {
		t.Errorf("exit %d, want 1", code)
	}
	golden(t, "../testdata/golden/boutique.json", normalizeJSON(t, out))
	table, _, _ := run(t, "", "--no-color", "../testdata/boutique")
	golden(t, "../testdata/golden/boutique.txt", table)
}
