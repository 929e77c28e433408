package localdisk_test

import (
	"go/token"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/stateaudit/stateaudit/analyzers/localdisk"
	"github.com/stateaudit/stateaudit/rules"
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
// diagnostic that keeps data, with the constant path or prefix and the
// severity; derived files reported as notes are left out.
func TestResult(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), localdisk.Analyzer, "filewrite", "embeddeddb", "derived", "requests")
	want := map[string]localdisk.Write{
		"os.WriteFile /var/lib/orders/orders.json": {Call: "os.WriteFile", Rule: "local-file-write", Severity: rules.Warning},
		"os.Create /var/lib/orders/order-":         {Call: "os.Create", Rule: "local-file-write", Prefix: true, Severity: rules.Warning},
		"bbolt.Open /var/lib/orders/orders.db":     {Call: "bbolt.Open", Rule: "embedded-database", Severity: rules.Warning},
		"afero.NewOsFs /var/lib/blobs":             {Call: "afero.NewOsFs", Rule: "local-file-write", Prefix: true, Severity: rules.Warning},
		"os.MkdirAll /var/lib/orders":              {Call: "os.MkdirAll", Rule: "local-file-write", Severity: rules.Note},
		"os.Create /var/lib/app/uploads":           {Call: "os.Create", Rule: "local-file-write", Prefix: true, Severity: rules.Warning},
		"os.WriteFile /var/lib/app/kv":             {Call: "os.WriteFile", Rule: "local-file-write", Prefix: true, Severity: rules.Warning},
	}
	derived := []string{"/etc/proxy/proxy.conf", "/etc/app/ssl", "/var/lib/app/tls.key", "/run/app/app.pid", "/app/healthy", "/var/run/app/sockets"}
	seen := map[string]bool{}
	for _, r := range results {
		res, ok := r.Result.(*localdisk.Result)
		if !ok || res == nil {
			t.Fatalf("%s: result is %T, want *localdisk.Result", r.Pass.Pkg.Path(), r.Result)
		}
		diags := map[token.Pos]string{}
		for _, d := range r.Diagnostics {
			diags[d.Pos] = d.Category
		}
		for _, w := range res.Writes {
			cat, ok := diags[w.Pos]
			if !ok {
				t.Errorf("write %+v has no diagnostic", w)
				continue
			}
			if w.Rule != cat {
				t.Errorf("write %+v has rule %q, diagnostic category %q", w, w.Rule, cat)
			}
			if slices.Contains(derived, w.Path) {
				t.Errorf("derived file %q is in the result", w.Path)
			}
			key := w.Call + " " + w.Path
			exp, ok := want[key]
			if !ok || seen[key] {
				continue
			}
			seen[key] = true
			if w.Call != exp.Call || w.Rule != exp.Rule || w.Prefix != exp.Prefix || w.Severity != exp.Severity {
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

func TestLogSinks(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), localdisk.Analyzer, "logsink")
}

func TestScratch(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), localdisk.Analyzer, "scratch")
}

func TestDerivedFiles(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), localdisk.Analyzer, "derived")
}

func TestRequestDriven(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), localdisk.Analyzer, "requests")
}

func TestOpenFlagVariables(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), localdisk.Analyzer, "openflags")
}
