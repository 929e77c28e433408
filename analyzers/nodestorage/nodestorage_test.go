package nodestorage_test

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stateaudit/stateaudit/analyzers/nodestorage"
	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/internal/manifest/manifesttest"
	"github.com/stateaudit/stateaudit/rules"
)

func only(ids ...string) *manifest.Check { return manifesttest.Only(nodestorage.Check, ids...) }

func TestNodeStorage(t *testing.T) {
	for _, tc := range []struct {
		dir   string
		rules []string
	}{
		{"hostpath", []string{"host-path-volume", "host-path-read-only", "local-persistent-volume"}},
		{"claims", []string{"rwo-claim-replicated"}},
		{"stateful", []string{"stateful-application", "backing-service-storage", "ephemeral-backing-data"}},
		{"emptydir", []string{"emptydir-durable-data"}},
		{"rootfs", []string{"writable-root-filesystem"}},
		{"pinning", []string{"node-pinned"}},
		{"shared", []string{"shared-volume"}},
		{"helm", ruleIDs()},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			manifesttest.Run(t, filepath.Join("testdata", tc.dir), only(tc.rules...))
		})
	}
}

func ruleIDs() []string {
	var ids []string
	for _, r := range nodestorage.Rules() {
		ids = append(ids, r.ID)
	}
	return ids
}

// TestRelated checks the second location of rwo-claim-replicated: the
// claim's accessModes in another file, and the autoscaler.
func TestRelated(t *testing.T) {
	set := manifesttest.Load(t, filepath.Join("testdata", "claims"))
	c := &manifesttest.Collector{}
	only("rwo-claim-replicated").Run(set, c)
	var got []string
	for _, f := range c.Findings {
		for _, r := range f.Related {
			got = append(got, f.Pos.File+" -> "+r.File+":"+strconv.Itoa(r.Line)+" "+r.Message)
		}
	}
	want := []string{
		"workloads.yaml -> claims.yaml:7 claim uploads is ReadWriteOnce",
		"workloads.yaml -> claims.yaml:21 claim single-pod is ReadWriteOncePod",
		"workloads.yaml -> claims.yaml:27 claim scaled is ReadWriteOnce",
		"workloads.yaml -> hpa.yaml:5 horizontalpodautoscaler api scales it",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("related:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRulesValid(t *testing.T) {
	for _, r := range nodestorage.Rules() {
		if err := rules.Validate(r); err != nil {
			t.Errorf("%s: %v", r.ID, err)
		}
		if r.Source != rules.ManifestSource {
			t.Errorf("%s: source %q", r.ID, r.Source)
		}
		if got, ok := rules.Lookup(r.ID); !ok || got != r {
			t.Errorf("%s not registered", r.ID)
		}
	}
}

// TestAliasBomb runs the check over a manifest whose pod spec is an alias
// bomb: it must finish at once, looking at each written node once.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("m0: &m0 {name: d, mountPath: /data}\nv0: &v0 {name: d, emptyDir: {}}\nc0: &c0 {name: c, image: postgres, volumeMounts: [*m0, *m0]}\n")
	for i := 1; i <= 9; i++ {
		for _, p := range []string{"m", "v", "c"} {
			fmt.Fprintf(&b, "%s%d: &%s%d [%s]\n", p, i, p, i, strings.Repeat("*"+p+strconv.Itoa(i-1)+", ", 9)+"*"+p+strconv.Itoa(i-1))
		}
	}
	b.WriteString("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: bomb}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers: [*c0, *c0, *c0]\n      volumes: [*v0, *v0]\n      initContainers: *c9\n  volumeClaimTemplates: *v9\n")
	f, errs := manifest.Load("bomb.yaml", []byte(b.String()))
	if f == nil || len(errs) > 0 {
		t.Fatalf("load: %v", errs)
	}
	set := &manifest.Set{Files: []*manifest.File{f}}
	c := &manifesttest.Collector{}
	nodestorage.Check.Run(set, c) // an expansion of the bomb would not finish
	if len(c.Findings) > 10 {
		t.Errorf("%d findings from one pod:\n%s", len(c.Findings), manifesttest.String(c.Findings))
	}
}
