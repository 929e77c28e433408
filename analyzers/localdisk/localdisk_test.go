package localdisk_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/stateaudit/stateaudit/analyzers/localdisk"
)

func TestFileWrites(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), localdisk.Analyzer, "filewrite")
}

func TestEmbeddedDatabases(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), localdisk.Analyzer, "embeddeddb")
}

func TestAliasedAndDotImports(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), localdisk.Analyzer, "aliased")
}

func TestDegraded(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), localdisk.Analyzer, "degraded")
}

// TestResult checks the writes handed to the audit engine: one per
// diagnostic, with the constant path or prefix.
func TestResult(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), localdisk.Analyzer, "filewrite", "embeddeddb")
	want := map[string]localdisk.Write{
		"/var/lib/orders/orders.json": {Call: "os.WriteFile", Rule: "local-file-write"},
		"/var/lib/orders/order-":      {Call: "os.Create", Rule: "local-file-write", Prefix: true},
		"/var/lib/orders/orders.db":   {Call: "bbolt.Open", Rule: "embedded-database"},
		"/var/lib/blobs":              {Call: "afero.NewOsFs", Rule: "local-file-write", Prefix: true},
	}
	seen := map[string]bool{}
	for _, r := range results {
		res, ok := r.Result.(*localdisk.Result)
		if !ok || res == nil {
			t.Fatalf("%s: result is %T, want *localdisk.Result", r.Pass.Pkg.Path(), r.Result)
		}
		if len(res.Writes) != len(r.Diagnostics) {
			t.Errorf("%s: %d writes for %d diagnostics", r.Pass.Pkg.Path(), len(res.Writes), len(r.Diagnostics))
		}
		for i, w := range res.Writes {
			if i < len(r.Diagnostics) && w.Pos != r.Diagnostics[i].Pos {
				t.Errorf("write %d at %v, diagnostic at %v", i, w.Pos, r.Diagnostics[i].Pos)
			}
			if i < len(r.Diagnostics) && w.Rule != r.Diagnostics[i].Category {
				t.Errorf("write %d has rule %q, diagnostic category %q", i, w.Rule, r.Diagnostics[i].Category)
			}
			exp, ok := want[w.Path]
			if !ok || seen[w.Path] {
				continue
			}
			seen[w.Path] = true
			if w.Call != exp.Call || w.Rule != exp.Rule || w.Prefix != exp.Prefix {
				t.Errorf("write of %q = %+v, want %+v", w.Path, w, exp)
			}
		}
	}
	for p := range want {
		if !seen[p] {
			t.Errorf("no write recorded for %q", p)
		}
	}
}

func TestOpenFlagVariables(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), localdisk.Analyzer, "openflags")
}

func TestScratch(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), localdisk.Analyzer, "scratch")
}
