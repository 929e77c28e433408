package stickysession

import (
	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// GatewaySessionPersistence covers the Gateway API's session persistence
// (experimental channel).
var GatewaySessionPersistence = sticky(&rules.Rule{
	ID:      "gateway-session-persistence",
	Title:   "Gateway API session persistence",
	Summary: "Reports Gateway API HTTPRoute and GRPCRoute rules, BackendLBPolicy and XBackendTrafficPolicy objects that set sessionPersistence.",
	Rationale: stickyRationale + `
The Gateway API's experimental ` + "`sessionPersistence`" + ` (type Cookie or Header) asks
the gateway to send a session's requests to the backend that served the first
one: on ` + "`spec.rules[]`" + ` of an HTTPRoute or GRPCRoute, or on ` + "`spec`" + ` of a
BackendLBPolicy (` + "`gateway.networking.k8s.io/v1alpha2`" + `) or XBackendTrafficPolicy
(` + "`gateway.networking.x-k8s.io`" + `).`,
	Fires:       []string{"HTTPRoute rule with `sessionPersistence: {sessionName: cart, type: Cookie}`"},
	Quiet:       []string{"route rules without sessionPersistence"},
	Remediation: "Remove sessionPersistence and keep session state in a backing service or a client-side token.",
})

func checkGatewayAPI(o *manifest.Object, r manifest.Reporter) {
	if !inGroup(o, "gateway.networking.k8s.io", "gateway.networking.x-k8s.io") {
		return
	}
	switch o.Kind {
	case "HTTPRoute", "GRPCRoute":
		for i, rule := range manifest.Items(manifest.Get(o.Node, "spec", "rules")) {
			name := manifest.Str(manifest.Get(rule, "name"))
			if name == "" {
				name = itoa(i + 1)
			}
			sessionPersistence(o, r, rule, " rule "+name)
		}
	case "BackendLBPolicy", "XBackendTrafficPolicy", "BackendTrafficPolicy":
		sessionPersistence(o, r, manifest.Get(o.Node, "spec"), "")
	}
}

func sessionPersistence(o *manifest.Object, r manifest.Reporter, n *yaml.Node, where string) {
	key := manifest.Key(n, "sessionPersistence")
	if key == nil {
		return
	}
	sp := manifest.Get(n, "sessionPersistence")
	typ := manifest.Str(manifest.Get(sp, "type"))
	if typ == "" {
		typ = "Cookie" // the API's default
	}
	details := []string{"type " + typ}
	if name := manifest.Str(manifest.Get(sp, "sessionName")); name != "" {
		details = append(details, "session "+name)
	}
	if t := manifest.Str(manifest.Get(sp, "absoluteTimeout")); t != "" {
		details = append(details, "timeout "+t)
	}
	r.Report(GatewaySessionPersistence, o.Pos(key), subject(o)+where+" pins clients to one backend with Gateway API sessionPersistence"+paren(details...))
}
