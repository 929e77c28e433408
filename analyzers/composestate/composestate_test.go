package composestate_test

import (
	"path/filepath"
	"testing"

	"github.com/stateaudit/stateaudit/analyzers/composestate"
	"github.com/stateaudit/stateaudit/internal/manifest/manifesttest"
)

func TestCompose(t *testing.T) {
	for _, dir := range []string{"sticky", "volumes", "dockerfile"} {
		t.Run(dir, func(t *testing.T) {
			manifesttest.Run(t, filepath.Join("testdata", dir), composestate.Check)
		})
	}
}

// TestEveryRuleFires checks that each declared rule has a firing fixture.
func TestEveryRuleFires(t *testing.T) {
	seen := map[string]bool{}
	for _, dir := range []string{"sticky", "volumes", "dockerfile"} {
		c := &manifesttest.Collector{}
		composestate.Check.Run(manifesttest.Load(t, filepath.Join("testdata", dir)), c)
		for _, f := range c.Findings {
			seen[f.Rule] = true
		}
	}
	for _, r := range composestate.Rules() {
		if !seen[r.ID] {
			t.Errorf("rule %s has no firing fixture", r.ID)
		}
	}
}
