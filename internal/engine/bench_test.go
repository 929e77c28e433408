package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/stateaudit/stateaudit/analyzers"
)

// benchModule writes a module of nPkgs packages (each with a few handlers,
// maps, file writes and helpers, about 400 lines) plus service mains that
// import them all: the shape of a mid-sized service repository.
func benchModule(b *testing.B, nPkgs int) string {
	b.Helper()
	dir := b.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("go.mod", "module example.com/big\n\ngo 1.22\n")
	var imports strings.Builder
	for i := 0; i < nPkgs; i++ {
		name := fmt.Sprintf("pkg%03d", i)
		fmt.Fprintf(&imports, "\t%s \"example.com/big/internal/%s\"\n", name, name)
		for f := 0; f < 4; f++ {
			var src strings.Builder
			fmt.Fprintf(&src, "package %s\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n\t\"os\"\n\t\"sort\"\n\t\"strings\"\n\t\"sync\"\n)\n\n", name)
			fmt.Fprintf(&src, "var mu%d sync.Mutex\nvar registry%d = map[string]int{}\n\n", f, f)
			if f == 0 && i%10 == 0 {
				src.WriteString("var sessions = map[string]string{}\n\n")
			}
			for h := 0; h < 8; h++ {
				fmt.Fprintf(&src, `// Handler%[1]d_%[2]d serves a request.
func Handler%[1]d_%[2]d(w http.ResponseWriter, r *http.Request) {
	mu%[1]d.Lock()
	defer mu%[1]d.Unlock()
	keys := make([]string, 0, len(registry%[1]d))
	for k := range registry%[1]d {
		keys = append(keys, strings.ToUpper(k))
	}
	sort.Strings(keys)
	local := map[string]int{}
	local[r.URL.Path]++
	if r.Method == http.MethodPost && false {
		os.WriteFile("/var/lib/big/out.json", nil, 0o644)
	}
	json.NewEncoder(w).Encode(keys)
}

`, f, h)
			}
			if f == 0 && i%10 == 0 {
				src.WriteString("func Login(w http.ResponseWriter, r *http.Request) { sessions[r.FormValue(\"id\")] = \"u\" }\n")
			}
			write(fmt.Sprintf("internal/%s/file%d.go", name, f), src.String())
		}
	}
	for s := 0; s < 3; s++ {
		var main strings.Builder
		fmt.Fprintf(&main, "package main\n\nimport (\n\t\"net/http\"\n%s)\n\nfunc main() {\n", imports.String())
		for i := 0; i < nPkgs; i++ {
			fmt.Fprintf(&main, "\thttp.HandleFunc(\"/p%d\", pkg%03d.Handler0_0)\n", i, i)
		}
		main.WriteString("\thttp.ListenAndServe(\":8080\", nil)\n}\n")
		write(fmt.Sprintf("cmd/svc%d/main.go", s), main.String())
	}
	return dir
}

const benchPkgs = 80

// BenchmarkGoPhase is the audit's Go phase: load, type-check and analyse.
func BenchmarkGoPhase(b *testing.B) {
	dir := benchModule(b, benchPkgs)
	as := analyzers.All()
	warm(b, dir)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := loadModule(context.Background(), dir, dir, []string{"./..."}, as)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.findings) == 0 {
			b.Fatal("no findings")
		}
	}
}

// BenchmarkGoLoadFloor only loads and type-checks the same packages with
// go/packages in the same mode: the floor the Go phase is measured against.
func BenchmarkGoLoadFloor(b *testing.B) {
	dir := benchModule(b, benchPkgs)
	warm(b, dir)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		warm(b, dir)
	}
}

func warm(b *testing.B, dir string) {
	b.Helper()
	pkgs, err := packages.Load(&packages.Config{Mode: LoadMode, Dir: dir, Env: goEnv(dir)}, "./...")
	if err != nil || len(pkgs) == 0 {
		b.Fatalf("load: %v", err)
	}
}
