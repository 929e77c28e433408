package processstate_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
	"github.com/stateaudit/stateaudit/analyzers/processstate"
	"github.com/stateaudit/stateaudit/rules"
)

// TestAnalyzer loads every fixture in one go (one `go list`, one
// type-check of net/http): each rule family has its own package under
// testdata/src, with the cases that fire and the look-alikes that must not.
// The degraded package imports libraries that have no stub, so their calls
// are recognised from the import table and the messages say so.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), processstate.Analyzer,
		"ratelimit", "tollboothwrap", // per-instance-rate-limit
		"connregistry",                        // connection-registry
		"cache",                               // in-process-cache
		"scheduler", "tickerlib", "batchmain", // in-process-scheduler
		"secret",   // per-process-secret
		"degraded", // every family, without types
	)
}

// TestRules checks that every rule the analyzer reports is in its Doc.
func TestRules(t *testing.T) {
	for _, r := range processstate.Rules() {
		if r.Category != rules.Other {
			t.Errorf("%s: category %q, want other", r.ID, r.Category)
		}
		if !strings.Contains(processstate.Analyzer.Doc, r.ID) {
			t.Errorf("%s is missing from the analyzer's Doc", r.ID)
		}
	}
}

// TestSeverityVariants checks that the variant messages read back as the
// engine will read them.
func TestSeverityVariants(t *testing.T) {
	for _, tc := range []struct {
		msg      string
		sev      rules.Severity
		degraded bool
	}{
		{"cache entries are kept in process memory by cache.New", 0, false},
		{"per-client cache entries are kept in process memory by lru.New, stored by handler h under a key taken from the request (severity: warning)", rules.Warning, false},
		{"process-wide rate limit of ratelimit.New is enforced per replica: the real limit is rate × replicas (severity: note)" + analysisutil.DegradedSuffix, rules.Note, true},
	} {
		text, sev, degraded := analysisutil.ParseMessage(tc.msg)
		if sev != tc.sev || degraded != tc.degraded || strings.Contains(text, "(") {
			t.Errorf("ParseMessage(%q) = %q, %v, %v; want severity %v, degraded %v", tc.msg, text, sev, degraded, tc.sev, tc.degraded)
		}
	}
}
