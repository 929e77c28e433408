package manifest

import (
	"strings"
	"testing"
	"time"
)

// TestNewParsersStayLinear feeds the Apache and Terraform parsers large
// pathological inputs: each must finish quickly (no quadratic rescans, no
// deep recursion).
func TestNewParsersStayLinear(t *testing.T) {
	const size = 512 << 10
	for name, parse := range map[string]func(*File, []byte) []Error{"httpd.conf": parseApache, "main.tf": parseTerraform} {
		for _, unit := range []string{"\\\n", "<a>\n", "</a>\n", "<a>\n</b>\n", "a {\n", "}\n", "a = [\n", "a = \"${", "x = 1\n", "\"", "a = <<E\n", "/*", "# c\n", "a \"b\" "} {
			src := []byte(strings.Repeat(unit, size/len(unit)))
			start := time.Now()
			parse(&File{Path: name}, src)
			if d := time.Since(start); d > 3*time.Second {
				// Logged, not failed: a time limit flakes under -race and load.
				t.Logf("%s: %d bytes of %q took %v", name, len(src), unit, d)
			}
		}
	}
}

func TestClassifyEnvoy(t *testing.T) {
	envoy := "static_resources:\n  clusters:\n  - name: app\n"
	for _, tc := range []struct {
		rel, src string
		want     Format
		ok       bool
	}{
		{"envoy.yaml", "admin:\n  address: {}\n", Envoy, true},
		{"deploy/front.envoy.yaml", envoy, Envoy, true},
		{"proxy/config.yaml", envoy, Envoy, true},
		{"proxy/envoy.json", `{"static_resources": {"clusters": []}}`, Envoy, true},
		// A Deployment of Envoy named envoy.yaml, and a ConfigMap embedding
		// its config, are Kubernetes objects.
		{"k8s/envoy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: envoy\n", Kubernetes, true},
		{"k8s/cm.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  envoy.yaml: |\n    static_resources:\n      clusters: []\n", Kubernetes, true},
		{"chart/templates/envoy.yaml", envoy, Kubernetes, true},
		{"compose.yaml", "services:\n  envoy:\n    image: envoyproxy/envoy\nstatic_resources: {}\n", Compose, true},
		{"app/config.yaml", "database:\n  static_resources_dir: x\n", "", false},
	} {
		got, ok := Classify(tc.rel, []byte(tc.src))
		if ok != tc.ok || got != tc.want {
			t.Errorf("Classify(%q) = %q, %v; want %q, %v", tc.rel, got, ok, tc.want, tc.ok)
		}
	}
	f := load(t, "envoy.yaml", envoy)
	if len(f.Docs) != 1 || len(f.Objects) != 0 || Get(f.Docs[0].Content[0], "static_resources", "clusters") == nil {
		t.Errorf("envoy.yaml: %d docs, %d objects", len(f.Docs), len(f.Objects))
	}
}
