package stickysession

import (
	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// MeshSessionAffinity covers Istio: consistent-hash load balancing in a
// DestinationRule and the persistent-session labels of a Service.
var MeshSessionAffinity = sticky(&rules.Rule{
	ID:      "mesh-session-affinity",
	Title:   "Service mesh consistent hashing or persistent sessions",
	Summary: "Reports Istio DestinationRules with consistent-hash load balancing and Services labelled istio.io/persistent-session or istio.io/persistent-session-header.",
	Rationale: stickyRationale + `
Istio pins clients when a DestinationRule's ` + "`loadBalancer.consistentHash`" + ` hashes
a header, a cookie, the source IP or a query parameter — at
` + "`spec.trafficPolicy`" + `, in a subset's ` + "`trafficPolicy`" + ` or in ` + "`portLevelSettings[]`" + ` — and
when a Service carries the ` + "`istio.io/persistent-session`" + ` (cookie) or
` + "`istio.io/persistent-session-header`" + ` label. Linkerd has no sticky sessions.`,
	Fires: []string{
		"DestinationRule `trafficPolicy: {loadBalancer: {consistentHash: {httpCookie: {name: user}}}}`",
		"Service label `istio.io/persistent-session: session-cookie`",
	},
	Quiet:       []string{"DestinationRule `loadBalancer: {simple: ROUND_ROBIN}` or `LEAST_REQUEST`"},
	Remediation: "Use a simple load-balancing policy such as LEAST_REQUEST and keep session state in a backing service or a client-side token.",
})

// consistentHashFields describe what an Istio consistent hash keys on.
var consistentHashFields = [][2]string{
	{"httpHeaderName", "header"}, {"httpCookie", "cookie"}, {"useSourceIp", "source IP"},
	{"httpQueryParameterName", "query parameter"},
}

func checkMesh(o *manifest.Object, r manifest.Reporter) {
	switch {
	case o.Kind == "DestinationRule" && inGroup(o, "networking.istio.io"):
		spec := manifest.Get(o.Node, "spec")
		host := manifest.Str(manifest.Get(spec, "host"))
		checkTrafficPolicy(o, r, manifest.Get(spec, "trafficPolicy"), "host "+host)
		for _, s := range manifest.Items(manifest.Get(spec, "subsets")) {
			checkTrafficPolicy(o, r, manifest.Get(s, "trafficPolicy"), "subset "+manifest.Str(manifest.Get(s, "name")))
		}
	case o.Kind == "Service" && o.APIVersion == "v1":
		for _, label := range []struct{ key, what string }{
			{"istio.io/persistent-session", "cookie"},
			{"istio.io/persistent-session-header", "header"},
		} {
			labels := o.Labels()
			key := manifest.Key(labels, label.key)
			if key == nil {
				continue
			}
			v := manifest.Str(manifest.Get(labels, label.key))
			r.Report(MeshSessionAffinity, o.Pos(key), subject(o)+" pins clients to one pod with an Istio persistent session on "+label.what+" "+chartValue(v))
		}
	}
}

// checkTrafficPolicy reports consistent hashing in a traffic policy and in
// its port-level settings.
func checkTrafficPolicy(o *manifest.Object, r manifest.Reporter, tp *yaml.Node, where string) {
	if tp == nil {
		return
	}
	consistentHash(o, r, manifest.Get(tp, "loadBalancer"), where)
	for _, p := range manifest.Items(manifest.Get(tp, "portLevelSettings")) {
		port := manifest.Str(manifest.Get(p, "port", "number"))
		consistentHash(o, r, manifest.Get(p, "loadBalancer"), where+" port "+port)
	}
}

func consistentHash(o *manifest.Object, r manifest.Reporter, lb *yaml.Node, where string) {
	key := manifest.Key(lb, "consistentHash")
	if key == nil {
		return
	}
	details := describeFields(manifest.Get(lb, "consistentHash"), consistentHashFields...)
	r.Report(MeshSessionAffinity, o.Pos(key), subject(o)+" pins clients to one pod of "+where+" with Istio consistent hashing"+paren(details...))
}
