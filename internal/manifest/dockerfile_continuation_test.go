package manifest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDockerfileContinuationsAreLinear loads a Dockerfile whose one RUN
// instruction continues over 256 KiB of lines. Joining the lines by string
// concatenation copied the instruction once per line: 1.4 GB allocated for
// this file, and 3 minutes 20 s for 2 MB. The limit is on memory, which does
// not depend on the machine; BenchmarkDockerfileContinuations measures time.
func TestDockerfileContinuationsAreLinear(t *testing.T) {
	dir := t.TempDir()
	data := continuations(256 << 10)
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	var set *Set
	bounded(t, time.Second, 32, func() {
		set = LoadAll(os.DirFS(dir), []string{"Dockerfile"})
	})
	if len(set.Errors) > 0 || len(set.Files) != 1 {
		t.Fatalf("files %d, errors %v", len(set.Files), set.Errors)
	}
	d := set.Files[0].Directives
	if len(d) != 2 || d[1].Name != "RUN" || d[1].Line != 2 || !strings.HasSuffix(d[1].Args[len(d[1].Args)-1], "true") {
		t.Errorf("directives = %v", d)
	}
}
