package manifest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"go.yaml.in/yaml/v3"
)

// bounded runs fn and fails when it allocates more than maxMB. d is what it
// should take on an idle machine: it is logged, not asserted, because a time
// limit fails under -race and on a loaded CI runner (the benchmarks measure
// speed; go test's own -timeout catches a hang).
func bounded(t *testing.T, d time.Duration, maxMB uint64, fn func()) {
	t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	fn()
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if elapsed > d {
		t.Logf("took %v, expected under %v on an idle machine", elapsed, d)
	}
	grown := (after.TotalAlloc - before.TotalAlloc) >> 20
	t.Logf("%v, %d MiB allocated", elapsed, grown)
	if grown > maxMB {
		t.Errorf("allocated %d MiB, limit %d MiB", grown, maxMB)
	}
}

// billionLaughs is the YAML alias bomb: ten levels of ten references each
// stand for 10^10 strings when expanded. In the List form the items are the
// aliased Pod and the bomb; in the Pod form the bomb sits where checks look
// (containers, volumes).
func billionLaughs(asList bool) string {
	var b strings.Builder
	b.WriteString("lol0: &l0 {apiVersion: v1, kind: Pod, metadata: {name: lol}, spec: {containers: [{name: c, image: redis}]}}\n")
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&b, "lol%d: &l%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	if asList {
		b.WriteString("apiVersion: v1\nkind: List\nitems: [*l0, *l0, *l0, *l10]\n")
	} else {
		b.WriteString("apiVersion: v1\nkind: Pod\nmetadata: {name: bomb}\nspec: {containers: *l10, volumes: *l10}\n")
	}
	return b.String()
}

func TestBillionLaughs(t *testing.T) {
	for _, asList := range []bool{false, true} {
		src := billionLaughs(asList)
		bounded(t, 2*time.Second, 64, func() {
			f, errs := Load("bomb.yaml", []byte(src))
			if len(errs) > 0 {
				return // refusing the bomb is fine too
			}
			if f == nil || len(f.Objects) != 1 {
				t.Fatalf("want one object, got file %v", f != nil)
			}
			// What a check does: walk everything, follow paths through aliases.
			nodes := 0
			for _, d := range f.Docs {
				Walk(d, func(*yaml.Node) bool { nodes++; return true })
			}
			if nodes > 1000 {
				t.Errorf("Walk visited %d nodes of a 1 KiB file", nodes)
			}
			o := f.Objects[0]
			for _, c := range Containers(o.PodSpec()) {
				_ = Str(Get(c, "image"))
				for _, inner := range Items(c) {
					_ = Items(inner)
				}
			}
		})
	}
}

func TestAliasCycle(t *testing.T) {
	src := "apiVersion: v1\nkind: List\nitems: &items\n- &self {apiVersion: v1, kind: List, items: *items}\n- *self\n"
	bounded(t, time.Second, 16, func() {
		f, errs := Load("cycle.yaml", []byte(src))
		if f != nil && len(f.Objects) > 0 {
			t.Errorf("objects from a cycle: %s", kinds(f))
		}
		_ = errs
	})
}

func TestDeepNesting(t *testing.T) {
	const depth = 100_000
	for name, src := range map[string]string{
		"flow sequence": "apiVersion: v1\nkind: Pod\nspec: " + strings.Repeat("[", depth) + strings.Repeat("]", depth),
		"flow mapping":  "apiVersion: v1\nkind: Pod\nspec: " + strings.Repeat("{a: ", depth) + "1" + strings.Repeat("}", depth),
		"block":         "apiVersion: v1\nkind: Pod\nspec:\n" + strings.Repeat("- ", depth) + "x\n",
	} {
		bounded(t, 5*time.Second, 512, func() {
			f, errs := Load("deep.yaml", []byte(src))
			if len(errs) == 0 {
				t.Errorf("%s: no error (file %v)", name, f != nil)
				return
			}
			if errs[0].File != "deep.yaml" || !strings.Contains(errs[0].Message, "depth") {
				t.Errorf("%s: error %v, want a depth error naming the file", name, errs[0])
			}
		})
	}
}

// TestDeepButValid: just under yaml.v3's depth limit the file loads, and
// Walk gets to the bottom without recursing.
func TestDeepButValid(t *testing.T) {
	src := "apiVersion: v1\nkind: Pod\nmetadata: {name: deep}\nspec: " + strings.Repeat("[", 9000) + strings.Repeat("]", 9000) + "\n"
	f := load(t, "deep.yaml", src)
	depth := 0
	Walk(f.Objects[0].Node, func(n *yaml.Node) bool {
		if n.Kind == yaml.SequenceNode {
			depth++
		}
		return true
	})
	if depth != 9000 {
		t.Errorf("Walk saw %d sequences, want 9000", depth)
	}
}

func TestPanicBecomesError(t *testing.T) {
	var f *File
	errs := func() (errs []Error) {
		defer guard("k8s/x.yaml", &f, &errs)
		panic("boom")
	}()
	if len(errs) != 1 || errs[0].File != "k8s/x.yaml" || !strings.Contains(errs[0].Message, "boom") {
		t.Errorf("errs = %v", errs)
	}
}

func TestBinaryYAML(t *testing.T) {
	dir := t.TempDir()
	data := []byte("apiVersion: v1\nkind: Pod\n\x00\x01\x02\xff\xfe")
	if err := os.WriteFile(filepath.Join(dir, "image.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	// A binary file named .yaml (an image, a fixture) is not configuration:
	// skipped with the reason, never an error that fails the run.
	set := LoadAll(os.DirFS(dir), []string{"image.yaml"})
	if len(set.Files) != 0 || len(set.Errors) != 0 || len(set.Skipped) != 1 || set.Skipped[0].Reason != "binary file" {
		t.Errorf("files %d, errors %v, skipped %v", len(set.Files), set.Errors, set.Skipped)
	}
	// Load on its own (stdin, callers that skip ReadFile) must not panic either.
	if _, errs := Load("image.yaml", data); len(errs) == 0 {
		t.Error("control characters accepted")
	}
}

type errFS struct{ fstest.MapFS }

func (e errFS) Open(name string) (fs.File, error) {
	if name == "denied.yaml" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return e.MapFS.Open(name)
}

// Lstat fails as Open does: ReadFile looks at a file before opening it.
func (e errFS) Lstat(name string) (fs.FileInfo, error) {
	if name == "denied.yaml" {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrPermission}
	}
	return e.MapFS.Lstat(name)
}

func TestLoadAllReadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ok.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n")
	if err := os.Symlink("loop2.yaml", filepath.Join(dir, "loop1.yaml")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := os.Symlink("loop1.yaml", filepath.Join(dir, "loop2.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	set := LoadAll(os.DirFS(dir), []string{"dir.yaml", "gone.yaml", "loop1.yaml", "ok.yaml"})
	if len(set.Files) != 1 || set.Files[0].Path != "ok.yaml" {
		t.Errorf("files = %v", set.Files)
	}
	if len(set.Skipped) != 1 || set.Skipped[0].File != "dir.yaml" || set.Skipped[0].Reason != "not a regular file: a directory" {
		t.Errorf("skipped = %v", set.Skipped)
	}
	want := map[string]string{"gone.yaml": "no such file", "loop1.yaml": "symbolic links"}
	for _, e := range set.Errors {
		if w, ok := want[e.File]; !ok || !strings.Contains(e.Message, w) {
			t.Errorf("unexpected error %v", e)
		}
		delete(want, e.File)
	}
	for f := range want {
		t.Errorf("no error for %s", f)
	}

	set = LoadAll(errFS{fstest.MapFS{"ok.yaml": {Data: []byte("apiVersion: v1\nkind: Pod\n")}}}, []string{"denied.yaml", "ok.yaml"})
	if len(set.Files) != 1 || len(set.Errors) != 1 || !errors.Is(fs.ErrPermission, fs.ErrPermission) || !strings.Contains(set.Errors[0].Message, "permission denied") {
		t.Errorf("files %d, errors %v", len(set.Files), set.Errors)
	}
}

// bigMultiDoc generates about size bytes of Deployments and Services.
func bigMultiDoc(size int) []byte {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, deploymentTmpl, i, i, i, i, i)
	}
	return []byte(b.String())
}

const deploymentTmpl = `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-%d
  namespace: shop
  labels: {app: svc-%d, tier: backend}
spec:
  replicas: 3
  selector: {matchLabels: {app: svc-%d}}
  template:
    metadata: {labels: {app: svc-%d}}
    spec:
      containers:
      - name: app
        image: registry.example.com/shop/svc-%d:1.2.3
        ports: [{containerPort: 8080, name: http}]
        env:
        - {name: LOG_LEVEL, value: info}
        - {name: DB_HOST, value: postgres.shop.svc}
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
        volumeMounts: [{name: tmp, mountPath: /tmp}]
      volumes: [{name: tmp, emptyDir: {}}]
`

func TestLargeMultiDocument(t *testing.T) {
	data := bigMultiDoc(4 << 20)
	docs := strings.Count(string(data), "kind: Deployment")
	var f *File
	var errs []Error
	bounded(t, 10*time.Second, 512, func() { f, errs = Load("big.yaml", data) })
	if len(errs) > 0 || f == nil || len(f.Objects) != docs {
		t.Fatalf("errors %v, objects %d of %d", errs, len(f.Objects), docs)
	}
	last := f.Objects[len(f.Objects)-1]
	if want := len(f.Lines) - len(strings.Split(deploymentTmpl, "\n")) + 2; last.Node.Line != want {
		t.Errorf("last object at line %d, want %d", last.Node.Line, want)
	}
}

// BenchmarkLoadLargeMultiDocument loads one 20 MiB file of Deployments: the
// time per op should grow linearly with the size (compare -benchtime runs
// of bigMultiDoc sizes).
func BenchmarkLoadLargeMultiDocument(b *testing.B) {
	data := bigMultiDoc(20 << 20)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if f, errs := Load("big.yaml", data); f == nil || len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}
