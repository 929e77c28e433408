package stickysession

import (
	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// ServiceSessionAffinity is kube-proxy's own stickiness: a Service that sends
// each client IP to the same pod.
var ServiceSessionAffinity = sticky(&rules.Rule{
	ID:      "service-session-affinity",
	Title:   "Kubernetes Service with client IP session affinity",
	Summary: "Reports Services whose spec.sessionAffinity is ClientIP, which pins each client address to one pod.",
	Rationale: stickyRationale + `
A Service with ` + "`sessionAffinity: ClientIP`" + ` makes kube-proxy send every
connection from one client IP to the same pod for
` + "`sessionAffinityConfig.clientIP.timeoutSeconds`" + ` (three hours by default).
Clients behind one NAT or proxy all land on one pod, and a client whose pod goes
away loses whatever that pod kept for it.`,
	Fires:       []string{"`spec.sessionAffinity: ClientIP` on a Service"},
	Quiet:       []string{"`sessionAffinity: None` (the default)", "a Service with no sessionAffinity"},
	Remediation: "Remove sessionAffinity (or set it to None) and keep session state in a backing service or a client-side token.",
})

func checkService(o *manifest.Object, r manifest.Reporter) {
	if o.Kind != "Service" || o.APIVersion != "v1" {
		return
	}
	spec := manifest.Get(o.Node, "spec")
	key := manifest.Key(spec, "sessionAffinity")
	if key == nil {
		return
	}
	v := manifest.Str(manifest.Get(spec, "sessionAffinity"))
	switch {
	case manifest.IsTemplated(v):
		r.Report(ServiceSessionAffinity, o.Pos(key), chartSet(o, "sessionAffinity", "ClientIP"))
	case v == "ClientIP":
		timeout := "timeout 10800s"
		t := manifest.Get(spec, "sessionAffinityConfig", "clientIP", "timeoutSeconds")
		if n, ok := manifest.Int(t); ok {
			timeout = "timeout " + itoa(n) + "s"
		} else if t != nil && t.Kind == yaml.ScalarNode {
			timeout = "timeout set by the chart"
		}
		r.Report(ServiceSessionAffinity, o.Pos(key), subject(o)+" pins clients to one pod with sessionAffinity: ClientIP"+paren(timeout))
	}
}
