package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/stateaudit/stateaudit/rules"
)

// sampleReport is a small report with every feature the printers render:
// a suppressed finding, related locations, an error, a backing service.
func sampleReport() *Report {
	r := &rules.Rule{
		ID: "sample-rule", Title: "A sample", Category: rules.Session,
		Characteristics: []rules.Characteristic{rules.NoClientSessionState, rules.Scalability},
		Practice:        rules.ExternalizeState, Severity: rules.Error, Source: rules.GoSource,
		Summary: "Reports a sample.", Rationale: "Because.", Fires: []string{"x"}, Remediation: "Do y.",
	}
	if _, ok := rules.Lookup(r.ID); !ok {
		rules.Register(r)
	}
	f1 := rules.NewFinding(r, rules.Location{File: "cmd/web/main.go", Line: 12, Column: 5}, `sessions kept "here" | <there>`)
	f1.Service, f1.Fingerprint = "web", "0123456789abcdef"
	f1.Related = []rules.Related{{Location: rules.Location{File: "k8s/web.yaml", Line: 7, Column: 3}, Message: "deployment web runs 3 replicas"}}
	f2 := rules.NewFinding(r, rules.Location{File: "k8s/web.yaml", Line: 20, Column: 1}, "suppressed one")
	f2.Service, f2.Fingerprint, f2.Suppressed, f2.Justification = "web", "fedcba9876543210", true, "single replica by design"
	f3 := rules.NewFinding(r, rules.Location{File: "-", Line: 3, Column: 1}, "from standard input, 50% sure")
	f3.Severity, f3.Fingerprint = rules.Note, "00ff00ff00ff00ff"
	return &Report{
		Schema: Schema, Tool: Tool{Name: "stateaudit", Version: "test"}, Root: ".",
		Findings: []rules.Finding{f1, f2, f3},
		Services: []Service{
			{Name: "web", Kind: "application", Sources: []string{"cmd/web"}, Manifests: []string{"k8s/web.yaml"}, Replicas: 3, Uses: []string{"redis"},
				Verdicts: map[rules.Characteristic]Verdict{
					rules.IndependentAndIsolated: {Verdict: Stateless, Evidence: []int{}},
					rules.NoClientSessionState:   {Verdict: Stateful, Evidence: []int{0}},
					rules.Scalability:            {Verdict: Stateful, Evidence: []int{0}},
					rules.FaultTolerance:         {Verdict: Stateless, Evidence: []int{}},
				}},
			{Name: "redis", Kind: "backing", Image: "redis:7", Manifests: []string{"k8s/redis.yaml"}, Verdicts: map[rules.Characteristic]Verdict{}},
		},
		Errors: []Error{{File: "k8s/broken.yaml", Line: 4, Message: "yaml: did not find expected node content"}},
	}
}

func render(t *testing.T, format string, r *Report) string {
	t.Helper()
	p, err := Lookup(format)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.Print(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// loadSARIFSchema compiles the official SARIF 2.1.0 schema, offline.
func loadSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	// The schema's $schema (draft-04) is bundled with the library; anything
	// else it would fetch is refused, so the test never reaches the network.
	c.UseLoader(offlineLoader{})
	const url = "file:///sarif-2.1.0-rtm.5.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// offlineLoader refuses every URL: a schema that needs a remote document
// fails to compile instead of downloading it.
type offlineLoader struct{}

func (offlineLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("offline: refusing to load %s", url)
}

func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	schema := loadSARIFSchema(t)
	out := render(t, "sarif", sampleReport())
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate: %v\n%s", err, out)
	}

	// The validation must be able to fail: a level SARIF does not know.
	bad := strings.Replace(out, `"level": "error"`, `"level": "fatal"`, 1)
	inst, _ = jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if schema.Validate(inst) == nil {
		t.Fatal("a SARIF log with level \"fatal\" validated: the schema check is not working")
	}
}

func TestSARIFContent(t *testing.T) {
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID              string            `json:"ruleId"`
				RuleIndex           int               `json:"ruleIndex"`
				Level               string            `json:"level"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				RelatedLocations    []any             `json:"relatedLocations"`
				Suppressions        []struct {
					Kind          string `json:"kind"`
					Justification string `json:"justification"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(render(t, "sarif", sampleReport())), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 3 {
		t.Fatalf("%d results, want 3", len(run.Results))
	}
	res := run.Results[0]
	if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
		t.Errorf("ruleIndex %d does not point at %s", res.RuleIndex, res.RuleID)
	}
	if res.Level != "error" || res.PartialFingerprints == nil || len(res.RelatedLocations) != 1 {
		t.Errorf("first result: %+v", res)
	}
	if s := run.Results[1].Suppressions; len(s) != 1 || s[0].Kind != "inSource" || s[0].Justification == "" {
		t.Errorf("suppressed result: %+v", s)
	}
	if len(run.Tool.Driver.Rules) != len(rules.All()) {
		t.Errorf("%d rules in the driver, want the whole catalog (%d)", len(run.Tool.Driver.Rules), len(rules.All()))
	}
	for _, r := range run.Tool.Driver.Rules {
		if !strings.HasSuffix(r.HelpURI, "docs/rules/"+r.ID+".md") {
			t.Errorf("%s: helpUri %s", r.ID, r.HelpURI)
		}
	}
}

func TestGitHubAnnotations(t *testing.T) {
	out := render(t, "github", sampleReport())
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "::error file=cmd/web/main.go,line=12,col=5,title=sample-rule::") {
		t.Errorf("first line: %s", lines[0])
	}
	if strings.Contains(out, "suppressed one") {
		t.Error("a suppressed finding was annotated")
	}
	if !strings.Contains(out, "50%25 sure") {
		t.Errorf("%% not escaped:\n%s", out)
	}
	if !strings.Contains(out, "::error file=k8s/broken.yaml,line=4") {
		t.Errorf("input errors are not annotated:\n%s", out)
	}
}

func TestJUnit(t *testing.T) {
	out := render(t, "junit", sampleReport())
	for _, want := range []string{`<testsuites`, `name="web"`, `<failure`, `<skipped`, `name="inputs"`, "&#34;here&#34;"} {
		if !strings.Contains(out, want) {
			t.Errorf("junit lacks %s:\n%s", want, out)
		}
	}
}

func TestMarkdown(t *testing.T) {
	out := render(t, "markdown", sampleReport())
	for _, want := range []string{"| Key characteristic | Stateful | Stateless |", "```mermaid", `[("redis")]`, `\|`} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
}
