package manifest

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// FuzzLoad feeds arbitrary bytes to Load under manifest, Helm template and
// JSON names. Load must not panic (its guard would turn a panic into an
// "internal error", which fails the fuzz test), every error must name the
// file, and every object must carry a position inside the file.
//
//	go test -fuzz FuzzLoad ./internal/manifest
func FuzzLoad(f *testing.F) {
	f.Add("k8s/app.yaml", multiDoc)
	f.Add("charts/c/templates/deployment.yaml", chartDeployment)
	f.Add("deploy/web.json", `{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}}]}`)
	f.Add("k8s/bomb.yaml", billionLaughs(true))
	f.Add("k8s/cycle.yaml", "apiVersion: v1\nkind: List\nitems: &i\n- &s {apiVersion: v1, kind: List, items: *i}\n")
	f.Add("k8s/broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n bad: 1\n---\napiVersion: v1\nkind: Pod\n")
	f.Add("charts/c/templates/x.yaml", "apiVersion: v1\nkind: {{ .K }}\n{{/* a\n*/}}\nspec: {{ x\n")
	f.Fuzz(func(t *testing.T, name, src string) {
		for _, rel := range []string{name, "k8s/fuzz.yaml", "chart/templates/fuzz.yaml", "fuzz.json"} {
			file, errs := Load(rel, []byte(src))
			for _, e := range errs {
				if e.File != rel {
					t.Errorf("error names %q, want %q: %v", e.File, rel, e)
				}
				if strings.Contains(e.Message, "internal error") {
					t.Fatalf("panic while loading %q: %v", rel, e)
				}
			}
			if file == nil {
				continue
			}
			lines := len(file.Lines)
			for _, o := range file.Objects {
				if o.File != file || o.Node == nil || o.Node.Line < 1 || o.Node.Line > lines {
					t.Fatalf("object %s/%s at line %d of %d", o.Kind, o.Name, o.Node.Line, lines)
				}
				// The accessors checks use must cope with any shape.
				_, _ = o.Replicas()
				for _, c := range Containers(o.PodSpec()) {
					_ = Str(Get(c, "image"))
				}
				Walk(o.Node, func(n *yaml.Node) bool { return n.Line <= lines })
			}
		}
	})
}
