package cmd_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stateaudit/stateaudit/cmd"
	"github.com/stateaudit/stateaudit/internal/report"
)

// TestPrecisionFamilies audits a repository shaped like the real ones where
// most warnings pointed at test environments, examples, one-shot commands,
// tools and sibling deployments. Each case is a finding that must count and
// a look-alike that must be set aside (listed in JSON, weighing on nothing).
func TestPrecisionFamilies(t *testing.T) {
	out, stderr, code := run(t, "", "--format", "json", "testdata/precision")
	if code != cmd.ExitFindings {
		t.Fatalf("exit %d, want %d (findings, no errors); stderr:\n%s", code, cmd.ExitFindings, stderr)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	type key struct{ rule, file string }
	got := map[key]string{} // set_aside, or "counts" when one of them counts
	for _, f := range rep.Findings {
		v := "counts"
		if f.SetAside != "" {
			v = f.SetAside
		}
		if f.Scope == "" {
			t.Errorf("%s %s:%d has no scope", f.Rule, f.File, f.Line)
		}
		if got[key{f.Rule, f.File}] != "counts" {
			got[key{f.Rule, f.File}] = v
		}
	}
	counts := []key{
		{"memory-session-map", "main.go"},               // written by the serving path's handler
		{"service-session-affinity", "k8s/app.yaml"},    // production manifests
		{"compose-bind-mount", "docker-compose.yml"},    // the default compose project
		{"sticky-session-crutch", "k8s/app.yaml"},       // correlation inside one unit
		{"writable-root-filesystem", "apps/a/web.yaml"}, // sibling deployments both audited …
		{"writable-root-filesystem", "apps/b/web.yaml"}, // … as two services
		// A chart whose values turn stickiness and hostPort on: the
		// findings point at the template lines.
		{"ingress-sticky-annotation", "charts/sticky-on/templates/ingress.yaml"},
		{"node-pinned", "charts/sticky-on/templates/deployment.yaml"},
	}
	for _, k := range counts {
		if v, ok := got[k]; !ok || v != "counts" {
			t.Errorf("%s at %s: %q, want it to count", k.rule, k.file, v)
		}
	}
	aside := map[key]string{
		{"local-file-write", "main.go"}:                                                 `one-shot command "export"`,
		{"local-file-write", "tools/seed/main.go"}:                                      "not in code a service runs",
		{"memory-session-map", "examples/demo-app/main.go"}:                             "example scope: under examples/",
		{"compose-bind-mount", "test/e2e/docker-compose.yml"}:                           "test scope: under test/",
		{"compose-bind-mount", "docker-compose.yml#debug"}:                              "",
		{"writable-root-filesystem", "charts/app/templates/hook.yaml"}:                  "test scope: Helm test hook",
		{"writable-root-filesystem", "charts/app/templates/tests/test-connection.yaml"}: "test scope: under tests/",
		{"service-session-affinity", "clusters/laptop/web.yaml"}:                        "dev scope: beside a kind cluster config",
	}
	for k, want := range aside {
		if want == "" {
			continue
		}
		if v, ok := got[k]; !ok || !strings.Contains(v, want) {
			t.Errorf("%s at %s: %q, want it set aside with %q", k.rule, k.file, v, want)
		}
	}
	// The same chart with the knobs off by default says nothing.
	for k := range got {
		if k.file == "charts/app/templates/ingress.yaml" || k.file == "charts/app/templates/deployment.yaml" {
			t.Errorf("%s at %s: a knob that is off by default fired", k.rule, k.file)
		}
	}
	// The dev-profile compose service is set aside, the default one counts.
	devProfile := false
	for _, f := range rep.Findings {
		if f.Rule == "compose-bind-mount" && f.File == "docker-compose.yml" && strings.Contains(f.SetAside, "compose profile debug") {
			devProfile = true
		}
	}
	if !devProfile {
		t.Error("the bind mount of the debug-profile service is not set aside")
	}
	// A service that mounts the repository's test data is a test harness.
	fixtures := false
	for _, f := range rep.Findings {
		if f.File == "docker-compose.yml" && f.Service == "ldap" && strings.Contains(f.SetAside, "test scope: mounts ./testdata/ldap/db") {
			fixtures = true
		}
	}
	if !fixtures {
		t.Error("the bind mount of test data is not set aside")
	}
	// Two sibling units each have a Deployment "web": the claim of one is
	// never joined to the replicas of the other.
	if _, ok := got[key{"rwo-claim-replicated", "apps/b/web.yaml"}]; ok {
		t.Error("a claim was joined across units")
	}
	svcs := map[string]report.Service{}
	for _, s := range rep.Services {
		svcs[s.Name] = s
	}
	for name, scope := range map[string]string{"shop-web": "production", "pinned-web": "production", "precision": "production", "web": "production", "web (apps/b)": "production", "demo-app": "example", "app": "test", "debugger": "dev"} {
		s, ok := svcs[name]
		if !ok {
			t.Errorf("no service %q; have %v", name, keys(svcs))
			continue
		}
		if s.Scope != scope || s.SetAside != (scope != "production") {
			t.Errorf("service %s: scope %q set aside %v, want %q", name, s.Scope, s.SetAside, scope)
		}
	}
	if _, ok := svcs["v2"]; ok {
		t.Error("the module's major version named a service")
	}
	if _, ok := svcs["seed"]; ok {
		t.Error("a tool under tools/ is a service")
	}
	// Broken files that are not deployed are skipped with the reason, not errors.
	if len(rep.Errors) != 0 {
		t.Errorf("errors: %+v", rep.Errors)
	}
	skipped := map[string]string{}
	for _, s := range rep.Stats.Skipped {
		skipped[s.File] = s.Reason
	}
	for file, why := range map[string]string{
		"test/fixtures/broken.yaml": "broken, in test scope",
		"deploy/app.yaml.tmpl.yaml": "Go template outside a Helm chart",
	} {
		if !strings.Contains(skipped[file], why) {
			t.Errorf("%s: skipped %q, want %q", file, skipped[file], why)
		}
	}
	if r, ok := skipped["Dockerfile.dockerignore"]; ok {
		t.Errorf("Dockerfile.dockerignore read as a Dockerfile: %s", r)
	}
}

// TestPrecisionTable checks the human report: set-aside findings are not
// listed, the headline says how many there are and how to see them.
func TestPrecisionTable(t *testing.T) {
	out, _, _ := run(t, "", "testdata/precision")
	if !strings.Contains(out, "findings set aside (") || !strings.Contains(out, "--scope all") {
		t.Errorf("no set-aside note:\n%s", out)
	}
	if strings.Contains(out, "examples/demo-app") || strings.Contains(out, "test/e2e") {
		t.Errorf("set-aside findings listed:\n%s", out)
	}
	all, _, code := run(t, "", "--scope", "production,example", "testdata/precision")
	if code != cmd.ExitFindings || !strings.Contains(all, "examples/demo-app/main.go") {
		t.Errorf("--scope production,example does not count the example (exit %d):\n%s", code, all)
	}
}

// TestEverythingExample checks that auditing a tree that is all examples
// says so instead of printing nothing.
func TestEverythingExample(t *testing.T) {
	out, _, _ := run(t, "", "testdata/precision")
	if strings.Contains(out, "nothing production to judge") {
		t.Errorf("a tree with production services reported as all examples:\n%s", out)
	}
	out, _, code := run(t, "", "--config", "testdata/precision-all-examples.yaml", "testdata/precision")
	if code != cmd.ExitOK || !strings.Contains(out, "nothing production to judge") {
		t.Errorf("exit %d; want the all-examples note:\n%s", code, out)
	}
}

func keys(m map[string]report.Service) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestNewerGoRequired audits a module whose go.mod asks for a Go newer than
// the installed one: no toolchain download, no error, the code analysed and
// the report saying how.
func TestNewerGoRequired(t *testing.T) {
	before, _ := os.ReadFile("testdata/newergo/go.mod")
	out, stderr, code := run(t, "", "--format", "json", "testdata/newergo")
	if code != cmd.ExitFindings {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, cmd.ExitFindings, stderr)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) > 0 || len(rep.Degraded) != 1 || !strings.Contains(rep.Degraded[0].Reason, "requires go 1.99.0") {
		t.Errorf("errors %+v, degraded %+v", rep.Errors, rep.Degraded)
	}
	if len(rep.Findings) == 0 || rep.Findings[0].Rule != "memory-session-map" {
		t.Errorf("findings %+v", rep.Findings)
	}
	if after, _ := os.ReadFile("testdata/newergo/go.mod"); string(after) != string(before) {
		t.Error("the audited go.mod was rewritten")
	}
}

// TestVerbose checks that --verbose lists, on standard error, every file
// skipped and every finding set aside, with the reason.
func TestVerbose(t *testing.T) {
	out, stderr, _ := run(t, "", "-v", "testdata/precision")
	for _, want := range []string{
		"skipped test/fixtures/broken.yaml: broken, in test scope",
		"set aside main.go:31 local-file-write: run only by the one-shot command",
		"not a service: tools/seed never starts a listener",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(out, "skipped test/fixtures") {
		t.Error("the verbose list went to standard output")
	}
}

// TestServiceNames checks that a main at the module root is named after the
// binary its Dockerfile builds, never after the module's major version.
func TestServiceNames(t *testing.T) {
	out, _, _ := run(t, "", "--format", "json", "testdata/binname")
	var rep report.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Services) != 1 || rep.Services[0].Name != "notes-server" {
		t.Errorf("services %+v, want one named notes-server", rep.Services)
	}
}

// TestTimeout checks that --timeout bounds a run: what was audited before
// the limit (the manifests) is reported, the Go modules left are errors
// naming the limit, and the exit code is 2.
func TestTimeout(t *testing.T) {
	out, _, code := run(t, "", "--format", "json", "--timeout", "1ns", "../testdata/demo")
	if code != cmd.ExitError {
		t.Errorf("exit %d, want 2", code)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("no report: %v\n%s", err, out)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].File != "go.mod" || !strings.Contains(rep.Errors[0].Message, "--timeout") {
		t.Errorf("errors %+v", rep.Errors)
	}
	manifests := 0
	for _, f := range rep.Findings {
		if f.Package == "" {
			manifests++
		}
	}
	if manifests == 0 {
		t.Error("the manifests audited before the limit are not reported")
	}
	if _, _, code := run(t, "", "--timeout", "-1s", "../testdata/demo"); code != cmd.ExitError {
		t.Errorf("a negative timeout: exit %d", code)
	}
}
