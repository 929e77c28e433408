package cmd_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigShapesTheAudit checks each engine-side setting of
// .stateaudit.yaml on a copy of the demo: rules off and re-graded, excluded
// paths, an explicit service link (which renames the service), and an extra
// backing-service image (TestConfigBackingImages).
func TestConfigShapesTheAudit(t *testing.T) {
	dir := copyFixture(t, "../../testdata/demo")
	writeFile(t, filepath.Join(dir, ".stateaudit.yaml"), `rules:
  local-file-write: off
  emptydir-durable-data: note
exclude:
  - k8s/backing.yaml
services:
  - name: shop-web
    source: cmd/frontend
    workload: frontend
`)
	out, stderr, code := run(t, "", "--format", "json", dir)
	if code != 1 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	rep := parseReport(t, out)
	checkEvidence(t, rep)
	services := map[string]string{}
	for _, s := range rep.Services {
		services[s.Name] = s.Kind
		if s.Name == "shop-web" && (len(s.Links) == 0 || s.Links[0].Source != "cmd/frontend") {
			t.Errorf("shop-web links: %+v", s.Links)
		}
	}
	if _, ok := services["shop-web"]; !ok {
		t.Errorf("the services entry did not rename frontend: %v", services)
	}
	if _, ok := services["frontend"]; ok {
		t.Errorf("frontend still listed under its workload name: %v", services)
	}
	if _, ok := services["redis"]; ok {
		t.Errorf("k8s/backing.yaml was not excluded: %v", services)
	}
	for _, f := range rep.Findings {
		switch {
		case f.Rule == "local-file-write":
			t.Errorf("a rule switched off still reports: %s:%d", f.File, f.Line)
		case f.Rule == "emptydir-durable-data" && f.Severity.String() != "note":
			t.Errorf("emptydir-durable-data is %s, want note", f.Severity)
		case f.File == "k8s/backing.yaml":
			t.Errorf("finding in an excluded file: %s", f.Message)
		case f.Service == "frontend":
			t.Errorf("finding still attributed to frontend: %s", f.Message)
		}
	}
}

// TestConfigBackingImages: an image the configuration names is a backing
// service, stateful by design, like postgres.
func TestConfigBackingImages(t *testing.T) {
	dir := copyFixture(t, "../../testdata/boutique")
	writeFile(t, filepath.Join(dir, ".stateaudit.yaml"), "backing-images: [cartservice]\n")
	out, _, _ := run(t, "", "--format", "json", dir)
	for _, s := range parseReport(t, out).Services {
		if s.Name == "cartservice" && s.Kind != "backing" {
			t.Errorf("cartservice is %s, want backing", s.Kind)
		}
	}
}

func TestExplainLinks(t *testing.T) {
	out, _, _ := run(t, "", "--no-color", "--explain-links", "../testdata/demo")
	for _, want := range []string{"How sources and manifests were joined", "frontend: cmd/frontend ⇄ k8s/frontend.yaml", "whose cmd/frontend/Dockerfile builds cmd/frontend"} {
		if !strings.Contains(out, want) {
			t.Errorf("--explain-links output lacks %q", want)
		}
	}
}
