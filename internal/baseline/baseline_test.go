package baseline_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stateaudit/stateaudit/internal/baseline"
	"github.com/stateaudit/stateaudit/internal/report"
	"github.com/stateaudit/stateaudit/rules"
)

func finding(rule, file, fp string, suppressed bool) rules.Finding {
	return rules.Finding{Rule: rule, Location: rules.Location{File: file}, Fingerprint: fp, Message: rule + " here", Severity: rules.Error,
		Service: "web", Characteristics: []rules.Characteristic{rules.Scalability}, Suppressed: suppressed}
}

func sample() *report.Report {
	return &report.Report{
		Findings: []rules.Finding{
			finding("b-rule", "z.go", "f3", false),
			finding("a-rule", "a.go", "f1", false),
			finding("a-rule", "a.go", "f1", false),
			finding("c-rule", "m.go", "f9", true),
		},
		Services: []report.Service{{Name: "web", Verdicts: map[rules.Characteristic]report.Verdict{
			rules.Scalability: {Verdict: report.Stateful, Evidence: []int{0, 1, 2}},
		}}},
	}
}

func TestWriteIsSortedAndSkipsSuppressed(t *testing.T) {
	var buf bytes.Buffer
	if err := baseline.Write(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var b baseline.Baseline
	if err := json.Unmarshal(buf.Bytes(), &b); err != nil {
		t.Fatal(err)
	}
	if b.Schema != baseline.Schema {
		t.Errorf("schema %q", b.Schema)
	}
	var got []string
	for _, e := range b.Findings {
		got = append(got, e.File+"/"+e.Fingerprint)
	}
	if strings.Join(got, " ") != "a.go/f1 a.go/f1 z.go/f3" {
		t.Errorf("entries %v", got)
	}
	// An empty report writes an empty list, not null.
	buf.Reset()
	if err := baseline.Write(&buf, &report.Report{}); err != nil || !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("empty baseline: %v\n%s", err, buf.String())
	}
}

func load(t *testing.T, content string) (*baseline.Baseline, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "b.json")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return baseline.Load(p)
}

// TestApplyCountsOccurrences: a fingerprint recorded once hides one finding,
// and the verdicts drop the hidden evidence.
func TestApplyCountsOccurrences(t *testing.T) {
	b, err := load(t, `{"schema":"stateaudit-baseline/v1","findings":[
		{"rule":"a-rule","file":"a.go","fingerprint":"f1","message":""},
		{"rule":"b-rule","file":"z.go","fingerprint":"f3","message":""},
		{"rule":"gone","file":"old.go","fingerprint":"f7","message":""}]}`)
	if err != nil {
		t.Fatal(err)
	}
	rep := sample()
	if n := b.Apply(rep); n != 2 {
		t.Errorf("Apply hid %d, want 2", n)
	}
	var state []string
	for _, f := range rep.Findings {
		state = append(state, f.Fingerprint+":"+map[bool]string{true: "hidden", false: "shown"}[f.Suppressed]+":"+f.Justification)
	}
	want := "f3:hidden:baseline f1:hidden:baseline f1:shown: f9:hidden:"
	if strings.Join(state, " ") != want {
		t.Errorf("got %v\nwant %s", state, want)
	}
	v := rep.Services[0].Verdicts[rules.Scalability]
	if v.Verdict != report.Stateful || len(v.Evidence) != 1 || v.Evidence[0] != 2 {
		t.Errorf("verdict %+v, want stateful on finding 2 only", v)
	}
	if stale := b.Stale(rep); len(stale) != 1 || stale[0].Fingerprint != "f7" {
		t.Errorf("stale %+v", stale)
	}
	// Hiding the last evidence makes the verdict stateless.
	b2 := &baseline.Baseline{Findings: []baseline.Entry{{Fingerprint: "f1"}}}
	b2.Apply(rep)
	if v := rep.Services[0].Verdicts[rules.Scalability]; v.Verdict != report.Stateless || len(v.Evidence) != 0 {
		t.Errorf("verdict %+v, want stateless", v)
	}
}

func TestRefreshVerdictsRemap(t *testing.T) {
	rep := sample()
	// Drop finding 0: 1→0, 2→1, 3→2.
	rep.Findings = rep.Findings[1:]
	rep.RefreshVerdicts([]int{-1, 0, 1, 2})
	if v := rep.Services[0].Verdicts[rules.Scalability]; len(v.Evidence) != 2 || v.Evidence[0] != 0 || v.Evidence[1] != 1 {
		t.Errorf("evidence %v, want [0 1]", v.Evidence)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct{ name, content, want string }{
		{"syntax", "{\n\"schema\": \"stateaudit-baseline/v1\",\n\"findings\": [,]}", "b.json:3: "},
		{"type", "{\"schema\": \"stateaudit-baseline/v1\",\n\"findings\": {}}", "b.json:2: "},
		{"schema", `{"schema":"stateaudit/v1","findings":[]}`, `schema "stateaudit/v1" is not a stateaudit baseline`},
		{"no fingerprint", `{"schema":"stateaudit-baseline/v1","findings":[{"rule":"r","file":"f"}]}`, "finding 1 (r in f) has no fingerprint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := load(t, tc.content); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := baseline.Load(filepath.Join(t.TempDir(), "none.json")); err == nil || !strings.Contains(err.Error(), "none.json") {
		t.Errorf("missing file: %v", err)
	}
}

// TestParse: a baseline from bytes (--config-from reads it from git) is
// checked like a file.
func TestParse(t *testing.T) {
	b, err := baseline.Parse("base:b.json", []byte(`{"schema":"stateaudit-baseline/v1","findings":[{"rule":"r","file":"a.go","fingerprint":"f"}]}`))
	if err != nil || len(b.Findings) != 1 || b.Path != "base:b.json" {
		t.Errorf("Parse = %+v, %v", b, err)
	}
	if _, err := baseline.Parse("b.json", []byte("{\n\"schema\": 1}")); err == nil || !strings.HasPrefix(err.Error(), "b.json:2:") {
		t.Errorf("bad baseline: %v", err)
	}
}
