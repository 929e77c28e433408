package sessionstate_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/stateaudit/stateaudit/analyzers/sessionstate"
)

func TestSessionMaps(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sessionstate.Analyzer, "sessionmap")
}

func TestSessionStores(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sessionstate.Analyzer,
		"stores/scs", "stores/scsdot", "stores/gin", "stores/gorilla", "stores/fiber",
		"stores/beego", "stores/beegoredis", "stores/beegofile", "stores/gosession",
		"stores/iris", "stores/scsreturn", "stores/degraded")
}
