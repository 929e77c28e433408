package composestate

import (
	"strings"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// ComposeStickyLabel is Traefik stickiness configured by container labels.
var ComposeStickyLabel = rules.Register(&rules.Rule{
	ID:              "compose-sticky-label",
	Title:           "Traefik sticky-session label on a compose service",
	Category:        rules.Sticky,
	Characteristics: []rules.Characteristic{rules.NoClientSessionState, rules.Scalability, rules.FaultTolerance},
	Practice:        rules.AvoidStickySessions,
	Severity:        rules.Warning,
	Source:          rules.ManifestSource,
	Summary:         "Reports compose and swarm services whose Traefik labels turn on sticky cookies.",
	Rationale: `Traefik reads its configuration from container labels. A label
` + "`traefik.http.services.<name>.loadbalancer.sticky.cookie=true`" + ` (or any
` + "`…sticky.cookie.*`" + ` option, such as its name) makes Traefik pin each client to the
replica that first served it; Traefik v1 did the same with
` + "`traefik.backend.loadbalancer.stickiness=true`" + ` and the older ` + "`…sticky=true`" + `.

Sticky sessions hide state kept in one replica's memory or disk: when that
replica restarts or is scaled away its clients lose their sessions, and new
replicas take only new clients. Labels are read in both forms (a mapping and a
list of ` + "`key=value`" + ` strings), under ` + "`labels`" + ` and ` + "`deploy.labels`" + `.`,
	Fires: []string{
		"`traefik.http.services.web.loadbalancer.sticky.cookie=true`",
		"`traefik.http.services.web.loadbalancer.sticky.cookie.name: lb`",
		"`traefik.backend.loadbalancer.stickiness=true` (Traefik v1)",
	},
	Quiet:       []string{"`…sticky.cookie=false`", "other Traefik labels (routers, ports, health checks)"},
	Remediation: "Remove the sticky labels and keep session state in a backing service or a client-side token, so any replica can serve any request.",
})

// ComposeDNSRR is swarm's DNS round-robin endpoint mode.
var ComposeDNSRR = rules.Register(&rules.Rule{
	ID:              "compose-dnsrr-endpoint",
	Title:           "DNS round-robin endpoint mode",
	Category:        rules.Sticky,
	Characteristics: []rules.Characteristic{rules.Scalability, rules.FaultTolerance},
	Practice:        rules.AvoidStickySessions,
	Severity:        rules.Note,
	Source:          rules.ManifestSource,
	Summary:         "Reports compose services deployed with endpoint_mode dnsrr, which lets clients pin themselves to one replica through DNS.",
	Rationale: `With ` + "`deploy.endpoint_mode: dnsrr`" + ` the service name resolves to the replicas'
own addresses instead of a virtual IP. Clients and connection pools that
resolve once and keep the answer stay on one replica: load does not spread to
new replicas and a replica that goes away breaks its clients until they
resolve again. This is client-side pinning rather than a sticky session, so it
is a note.`,
	Fires:       []string{"`deploy: {endpoint_mode: dnsrr}`"},
	Quiet:       []string{"`endpoint_mode: vip` (the default)"},
	Remediation: "Use the default vip endpoint mode unless the clients re-resolve DNS and spread their connections.",
})

func checkLabels(s *service, r manifest.Reporter) {
	type group struct {
		first   label
		enabled bool
		name    string
	}
	var order []string
	groups := map[string]*group{}
	add := func(id string, l label, enabled bool, name string) {
		g := groups[id]
		if g == nil {
			g = &group{first: l}
			groups[id] = g
			order = append(order, id)
		}
		g.enabled = g.enabled || enabled
		if name != "" {
			g.name = name
		}
	}
	for _, l := range s.labels() {
		key := strings.ToLower(l.key)
		switch {
		case strings.HasPrefix(key, "traefik.http.services.") && strings.Contains(key, ".loadbalancer.sticky.cookie"):
			lb, opt, _ := strings.Cut(strings.TrimPrefix(key, "traefik.http.services."), ".loadbalancer.sticky.cookie")
			switch opt {
			case "":
				add("v2 "+lb, l, !isFalse(l.value), "")
			case ".name":
				add("v2 "+lb, l, true, l.value)
			default:
				if strings.HasPrefix(opt, ".") {
					add("v2 "+lb, l, true, "")
				}
			}
		case strings.HasSuffix(key, "backend.loadbalancer.stickiness") || strings.HasSuffix(key, "backend.loadbalancer.sticky"):
			add("v1 "+strings.TrimSuffix(strings.TrimSuffix(key, ".stickiness"), ".sticky"), l, isTrue(l.value), "")
		case strings.HasSuffix(key, "backend.loadbalancer.stickiness.cookiename"):
			add("v1 "+strings.TrimSuffix(key, ".stickiness.cookiename"), l, false, l.value)
		}
	}
	for _, id := range order {
		g := groups[id]
		if !g.enabled {
			continue
		}
		msg := "service " + s.name + " pins clients to one replica with a Traefik sticky cookie"
		var details []string
		if lb, ok := strings.CutPrefix(id, "v2 "); ok {
			msg += " on load balancer " + lb
		} else {
			details = append(details, "Traefik v1 stickiness")
		}
		if g.name != "" {
			details = append(details, "cookie "+g.name)
		}
		if len(details) > 0 {
			msg += " (" + strings.Join(details, ", ") + ")"
		}
		r.Report(ComposeStickyLabel, s.pos(g.first.node), msg)
	}
}

func isTrue(v string) bool  { return strings.EqualFold(strings.TrimSpace(v), "true") }
func isFalse(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "false") }

func checkEndpointMode(s *service, r manifest.Reporter) {
	deploy := manifest.Get(s.node, "deploy")
	if manifest.Str(manifest.Get(deploy, "endpoint_mode")) != "dnsrr" {
		return
	}
	r.Report(ComposeDNSRR, s.pos(manifest.Key(deploy, "endpoint_mode")),
		"service "+s.name+" uses endpoint_mode dnsrr; clients that keep the DNS answer stay on one replica")
}
