package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"
)

// benchCorpus generates a tree of manifests: files of one to a few documents
// mixing Deployments, Services and Ingresses, about 10 KiB each.
func benchCorpus(files int) (fstest.MapFS, []string, int) {
	fsys := fstest.MapFS{}
	var names []string
	total := 0
	for i := 0; i < files; i++ {
		var b bytes.Buffer
		for d := 0; b.Len() < 10<<10; d++ {
			n := i*100 + d
			switch d % 3 {
			case 0:
				fmt.Fprintf(&b, deploymentTmpl, n, n, n, n, n)
			case 1:
				fmt.Fprintf(&b, serviceTmpl, n, n)
			case 2:
				fmt.Fprintf(&b, ingressTmpl, n, n, n)
			}
		}
		name := fmt.Sprintf("k8s/svc%03d/app.yaml", i)
		fsys[name] = &fstest.MapFile{Data: b.Bytes()}
		names = append(names, name)
		total += b.Len()
	}
	return fsys, names, total
}

const serviceTmpl = `---
apiVersion: v1
kind: Service
metadata:
  name: svc-%d
  annotations:
    prometheus.io/scrape: "true"
spec:
  selector: {app: svc-%d}
  ports:
  - {name: http, port: 80, targetPort: http}
`

const ingressTmpl = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: svc-%d
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 8m
spec:
  ingressClassName: nginx
  rules:
  - host: svc-%d.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: svc-%d, port: {name: http}}}
`

// BenchmarkLoadAll measures the loader on a 500-file, ~5 MB corpus.
func BenchmarkLoadAll(b *testing.B) {
	fsys, names, total := benchCorpus(500)
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		set := LoadAll(fsys, names)
		if len(set.Errors) > 0 || len(set.Files) != len(names) {
			b.Fatalf("errors %v, files %d", set.Errors, len(set.Files))
		}
	}
}

// BenchmarkDecodeFloor is the least any loader can do on the same corpus:
// read each file and decode its documents into yaml.Node, in parallel the
// way LoadAll does. LoadAll should stay within 2× of it.
func BenchmarkDecodeFloor(b *testing.B) {
	fsys, names, total := benchCorpus(500)
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		work := make(chan string)
		var wg sync.WaitGroup
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for name := range work {
					if err := decodeOnly(fsys, name); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		for _, n := range names {
			work <- n
		}
		close(work)
		wg.Wait()
	}
}

func decodeOnly(fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// TestWriteBenchCorpus writes the benchmark corpus to $STATEAUDIT_CORPUS_DIR,
// to time whole tools on it (see docs/performance.md). It does nothing
// unless the variable is set.
func TestWriteBenchCorpus(t *testing.T) {
	dir := os.Getenv("STATEAUDIT_CORPUS_DIR")
	if dir == "" {
		t.Skip("STATEAUDIT_CORPUS_DIR not set")
	}
	fsys, names, _ := benchCorpus(500)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, fsys[name].Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
