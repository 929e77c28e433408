package report

import (
	"strings"
	"testing"
)

// TestJSONEmptyLists: consumers of stateaudit/v1 get [] for empty lists,
// never null, and the caller's report is not changed by printing it.
func TestJSONEmptyLists(t *testing.T) {
	r := &Report{}
	out := render(t, "json", r)
	for _, want := range []string{`"findings": []`, `"services": []`, `"errors": []`, `"schema": "stateaudit/v1"`} {
		if !strings.Contains(out, want) {
			t.Errorf("json lacks %s:\n%s", want, out)
		}
	}
	if r.Findings != nil || r.Services != nil || r.Errors != nil {
		t.Error("printing changed the report")
	}
}
