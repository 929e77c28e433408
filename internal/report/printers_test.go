package report

import (
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/stateaudit/stateaudit/rules"
)

// Edge cases of the four CI printers, beyond sampleReport's happy path.

func TestFormatsListsEveryPrinter(t *testing.T) {
	got := Formats()
	for _, want := range []string{"github", "json", "junit", "markdown", "sarif", "table"} {
		if !slices.Contains(got, want) {
			t.Errorf("Formats() = %v, lacks %s", got, want)
		}
	}
}

// edgeReport adds what sampleReport lacks: a finding without a line, one of
// a rule missing from the catalog, one without a service, a degraded
// package, an error without a file, and awkward characters everywhere.
func edgeReport() *Report {
	r := sampleReport()
	noLine := r.Findings[0]
	noLine.File, noLine.Line, noLine.Column, noLine.Related = "go.mod", 0, 0, nil
	noLine.Service, noLine.Message = "", "whole-file finding, with: colons"
	unknown := noLine
	unknown.Rule, unknown.Severity, unknown.File, unknown.Line = "not-in-catalog", rules.Warning, "k8s/a,b:c.yaml", 2
	r.Findings = append(r.Findings, noLine, unknown)
	r.Errors = append(r.Errors, Error{Message: "internal error in manifest check x: boom\nsecond line"})
	r.Degraded = []Degraded{{Package: "example.com/degr", Reason: "no module cache"}}
	r.Services = append(r.Services, Service{Name: `odd|name"[x]`, Kind: "application", Uses: []string{"kafka"},
		Verdicts: map[rules.Characteristic]Verdict{rules.Scalability: {Verdict: Stateful, Evidence: []int{0}}}})
	return r
}

type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID                   string `json:"id"`
					Name                 string `json:"name"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Properties struct {
						Tags []string `json:"tags"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful        bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Level     string            `json:"level"`
				Locations []json.RawMessage `json:"locations"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

func decodeSARIF(t *testing.T, r *Report) sarifDoc {
	t.Helper()
	var doc sarifDoc
	if err := json.Unmarshal([]byte(render(t, "sarif", r)), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestSARIFEdgeCases(t *testing.T) {
	r := edgeReport()
	out := render(t, "sarif", r)
	schema := loadSARIFSchema(t)
	inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("edge-case SARIF does not validate: %v\n%s", err, out)
	}
	// A result without a message must not validate either.
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(m); err != nil {
		t.Fatalf("decoded document does not validate: %v", err)
	}
	delete(m["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any), "message")
	if schema.Validate(m) == nil {
		t.Error("a result without a message validated")
	}

	run := decodeSARIF(t, r).Runs[0]
	byID := map[string]int{}
	for i, rule := range run.Tool.Driver.Rules {
		byID[rule.ID] = i
	}
	sample := run.Tool.Driver.Rules[byID["sample-rule"]]
	if sample.Name != "SampleRule" || sample.DefaultConfiguration.Level != "error" ||
		!slices.Equal(sample.Properties.Tags, []string{"session", "no-client-session-state", "scalability", "statelessness"}) {
		t.Errorf("sample-rule descriptor: %+v", sample)
	}
	if _, ok := byID["not-in-catalog"]; !ok {
		t.Error("a finding of a rule outside the catalog got no rule descriptor")
	}
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex %d does not point at %s", res.RuleIndex, res.RuleID)
		}
	}
	stdin := run.Results[2].Locations[0].PhysicalLocation
	if stdin.ArtifactLocation.URI != "stdin" || stdin.ArtifactLocation.URIBaseID != "" || stdin.Region == nil || stdin.Region.StartLine != 3 {
		t.Errorf("standard input location: %+v", stdin)
	}
	if reg := run.Results[3].Locations[0].PhysicalLocation.Region; reg != nil {
		t.Errorf("a finding without a line has a region: %+v", reg)
	}
	if uri := run.Results[4].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "k8s/a,b:c.yaml" {
		t.Errorf("uri %q", uri)
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 3 {
		t.Fatalf("invocation: %+v", inv)
	}
	if n := inv.ToolExecutionNotifications; n[0].Level != "error" || len(n[0].Locations) != 1 || len(n[1].Locations) != 0 || n[2].Level != "warning" {
		t.Errorf("notifications: %+v", n)
	}
}

// TestSARIFPaths checks what URIs are relative to: the working directory
// when the audited root is inside it (GitHub resolves URIs against the
// checkout), else the audited root itself.
func TestSARIFPaths(t *testing.T) {
	for _, tc := range []struct {
		root, uri, base string
	}{
		{".", "cmd/web/main.go", ""},
		{"services/shop", "services/shop/cmd/web/main.go", ""},
		{"../elsewhere", "cmd/web/main.go", ""},
		{"/srv/repo", "cmd/web/main.go", "file:///srv/repo/"},
		{"/srv/my repo", "cmd/web/main.go", "file:///srv/my%20repo/"},
	} {
		r := sampleReport()
		r.Root = tc.root
		run := decodeSARIF(t, r).Runs[0]
		loc := run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation
		if loc.URI != tc.uri || loc.URIBaseID != "%SRCROOT%" {
			t.Errorf("root %s: uri %q base %q, want %q relative to %%SRCROOT%%", tc.root, loc.URI, loc.URIBaseID, tc.uri)
		}
		base, ok := run.OriginalURIBaseIDs["%SRCROOT%"]
		if !ok || base.URI != tc.base {
			t.Errorf("root %s: %%SRCROOT%% = %+v, want uri %q", tc.root, base, tc.base)
		}
	}
}

func TestSARIFBaselineSuppression(t *testing.T) {
	r := sampleReport()
	r.Findings[1].Justification = BaselineJustification
	out := render(t, "sarif", r)
	if !strings.Contains(out, `"kind": "external"`) || strings.Contains(out, `"kind": "inSource"`) {
		t.Errorf("a baseline suppression is not external:\n%s", out)
	}
}

func TestGitHubEscapingAndLevels(t *testing.T) {
	r := edgeReport()
	r.Root = "sub/dir"
	out := render(t, "github", r)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	want := []string{
		"::error file=sub/dir/cmd/web/main.go,line=12,col=5,title=sample-rule::sessions kept \"here\" | <there>%0Asee sub/dir/k8s/web.yaml:7: deployment web runs 3 replicas%0ADo y. (stateaudit explain sample-rule)",
		"::notice title=sample-rule::from standard input, 50%25 sure%0ADo y. (stateaudit explain sample-rule) (stdin:3:1)",
		"::error file=sub/dir/go.mod,title=sample-rule::whole-file finding, with: colons%0ADo y. (stateaudit explain sample-rule)",
		"::warning file=sub/dir/k8s/a%2Cb%3Ac.yaml,line=2,title=not-in-catalog::whole-file finding, with: colons%0ADo y. (stateaudit explain not-in-catalog)",
		"::error file=sub/dir/k8s/broken.yaml,line=4,title=stateaudit::yaml: did not find expected node content",
		"::error title=stateaudit::internal error in manifest check x: boom%0Asecond line",
		"::warning title=stateaudit::example.com/degr analysed with partial types: no module cache",
		"stateaudit sub/dir: 2 services, 2 stateful · 4 findings (2 errors, 1 warning, 1 note), 1 suppressed · 2 inputs not analysed",
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, lines[i], want[i])
		}
	}
}

func TestGitHubEscapers(t *testing.T) {
	if got := escapeData("a%b\r\nc:d,e"); got != "a%25b%0D%0Ac:d,e" {
		t.Errorf("escapeData: %q", got)
	}
	if got := escapeProperty("a%b\r\nc:d,e"); got != "a%25b%0D%0Ac%3Ad%2Ce" {
		t.Errorf("escapeProperty: %q", got)
	}
	// A newline in the root must not start a command of its own.
	r := sampleReport()
	r.Root = "x\n::add-mask::y"
	for _, line := range strings.Split(render(t, "github", r), "\n") {
		if strings.HasPrefix(line, "::add-mask") {
			t.Errorf("injected command: %q", line)
		}
	}
}

type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Props    []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			File      string `xml:"file,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitStructure(t *testing.T) {
	r := edgeReport()
	r.Findings[0].Message += " \x00\x1b]]> end" // characters XML cannot carry, and a CDATA end
	r.Root = "sub"
	out := render(t, "junit", r)
	if !strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration:\n%s", out)
	}
	var doc junitDoc
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	var names []string
	for _, s := range doc.Suites {
		names = append(names, s.Name)
	}
	if want := []string{"web", "redis", `odd|name"[x]`, "(no service)", "inputs"}; !slices.Equal(names, want) {
		t.Fatalf("suites %q, want %q", names, want)
	}
	web, redis, odd, none, inputs := doc.Suites[0], doc.Suites[1], doc.Suites[2], doc.Suites[3], doc.Suites[4]
	if web.Tests != 2 || web.Failures != 1 || web.Skipped != 1 {
		t.Errorf("web counts: %d tests, %d failures, %d skipped", web.Tests, web.Failures, web.Skipped)
	}
	c := web.Cases[0]
	if c.Classname != "sample-rule" || c.Name != "cmd/web/main.go:12:5" || c.File != "sub/cmd/web/main.go" || c.Failure == nil || c.Failure.Type != "error" {
		t.Errorf("web case: %+v", c)
	}
	if !strings.Contains(c.Failure.Text, "see k8s/web.yaml:7: deployment web runs 3 replicas") || !strings.Contains(c.Failure.Text, "Do y.") {
		t.Errorf("failure text: %q", c.Failure.Text)
	}
	if !strings.Contains(c.Failure.Message, "]]> end") {
		t.Errorf("failure message lost text: %q", c.Failure.Message)
	}
	if s := web.Cases[1].Skipped; s == nil || s.Message != "suppressed: single replica by design" {
		t.Errorf("suppressed case: %+v", web.Cases[1])
	}
	if len(web.Props) == 0 || web.Props[0].Name != "kind" || web.Props[0].Value != "application" {
		t.Errorf("web properties: %+v", web.Props)
	}
	if redis.Tests != 1 || redis.Cases[0].Name != "no findings" || redis.Cases[0].Failure != nil {
		t.Errorf("a service without findings should pass one case: %+v", redis)
	}
	if odd.Tests != 1 || odd.Cases[0].Name != "no findings" {
		t.Errorf("odd service: %+v", odd)
	}
	// The note (stdin) passes with its text as output; the rest fail.
	if none.Tests != 3 || none.Failures != 2 {
		t.Errorf("(no service): %d tests, %d failures", none.Tests, none.Failures)
	}
	note := none.Cases[0]
	if note.Failure != nil || !strings.Contains(note.SystemOut, "note: from standard input") || note.File != "-" {
		t.Errorf("note case: %+v", note)
	}
	if inputs.Tests != 2 || inputs.Failures != 2 || inputs.Cases[0].Name != "k8s/broken.yaml:4" || inputs.Cases[1].Name != "audit" {
		t.Errorf("inputs suite: %+v", inputs)
	}
	if doc.Tests != 2+1+1+3+2 || doc.Failures != 1+2+2 || doc.Skipped != 1 {
		t.Errorf("totals: %d tests, %d failures, %d skipped", doc.Tests, doc.Failures, doc.Skipped)
	}
}

func TestMarkdownDetails(t *testing.T) {
	out := render(t, "markdown", edgeReport())
	for _, want := range []string{
		"## ✗ stateaudit: 2 of 2 services stateful\n",
		"Audited `.` · 4 findings (2 errors, 1 warning, 1 note), 1 suppressed · 2 inputs not analysed",
		"| web | application | 3 | ✓ | ✗ stateful | ✗ stateful | ✓ |",
		"| redis | backing | - | _by design_ |",
		`| odd\|name"\[x\] | application | - |`,
		"| No Client Session State | ✗ session state kept on the server instance<br>`sample-rule` `cmd/web/main.go:12` | |",
		"| Independent and Isolated | | ✓ services operate independently |",
		"- **Externalize state**: Do y.",
		"**Backing services, stateful by design:** redis (`redis:7`)",
		"```mermaid\nflowchart LR\n",
		`  s0["web"]`,
		`  s1[("redis")]`,
		`  s2["odd#124;name#34;#91;x#93;"]`,
		`  s3[("kafka")]`,
		"  s0 --> s1\n  s2 --> s3\n",
		"  class s0,s2 stateful\n",
		"  class s1,s3 backing\n",
		"<details>\n<summary>4 findings</summary>\n\n",
		"- **error** `sample-rule` `cmd/web/main.go:12:5`: sessions kept \"here\" \\| &lt;there&gt; (web)\n  - see `k8s/web.yaml:7`: deployment web runs 3 replicas\n",
		"<summary>1 suppressed</summary>",
		"  - reason: single replica by design",
		"**Not analysed**\n\n- `k8s/broken.yaml:4`: yaml: did not find expected node content\n- internal error in manifest check x: boom second line\n",
		"**Analysed with partial types**\n\n- `example.com/degr`: no module cache",
		"<sub>stateaudit test ·",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(out, "class  stateless") || strings.Contains(out, "class stateless") {
		t.Errorf("empty class line:\n%s", out)
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}
}

func TestMarkdownQuietAndClean(t *testing.T) {
	r := sampleReport()
	p, _ := Lookup("markdown")
	var b strings.Builder
	if err := p.Print(&b, r, Options{Quiet: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "mermaid") || strings.Contains(b.String(), "| Key characteristic") || !strings.Contains(b.String(), "<details>") {
		t.Errorf("quiet markdown:\n%s", b.String())
	}
	clean := &Report{Root: ".", Tool: Tool{Version: "test"}, Services: []Service{{Name: "api", Kind: "application"}}}
	out := render(t, "markdown", clean)
	for _, want := range []string{"## ✓ stateaudit: 1 service, all stateless", "No findings: every service audited is stateless.", "class s0 stateless"} {
		if !strings.Contains(out, want) {
			t.Errorf("clean markdown lacks %q:\n%s", want, out)
		}
	}
}

func TestMarkdownEscapers(t *testing.T) {
	for in, want := range map[string]string{
		"a|b":          `a\|b`,
		"*x* _y_ [z]":  `\*x\* \_y\_ \[z\]`,
		"<b>&amp;":     "&lt;b&gt;&amp;amp;",
		"two\nlines\r": "two lines ",
		`back\slash`:   `back\\slash`,
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tc := range []struct {
		in   string
		cell bool
		want string
	}{
		{"a|b", true, `a\|b`}, // escaped text: see mdCode
		{"a|b", false, "`a|b`"},
		{"x`y", false, "``x`y``"},
		{"`x", false, "`` `x ``"},
	} {
		if got := mdCode(tc.in, tc.cell); got != tc.want {
			t.Errorf("mdCode(%q, %v) = %q, want %q", tc.in, tc.cell, got, tc.want)
		}
	}
	if got := mermaidLabel(`a"b#c(d)<e>`); got != "a#34;b#35;c#40;d#41;#60;e#62;" {
		t.Errorf("mermaidLabel: %q", got)
	}
}

func TestCamelCase(t *testing.T) {
	for in, want := range map[string]string{"memory-session-map": "MemorySessionMap", "rwo-claim-replicated": "RwoClaimReplicated", "x": "X"} {
		if got := camelCase(in); got != want {
			t.Errorf("camelCase(%q) = %q, want %q", in, got, want)
		}
	}
}
