package stickysession

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// ProxyStickyPolicy covers proxies configured by their own custom
// resources: Traefik, Kong, Contour and Emissary-ingress.
var ProxyStickyPolicy = sticky(&rules.Rule{
	ID:      "proxy-sticky-policy",
	Title:   "Proxy load-balancing policy that pins clients",
	Summary: "Reports Traefik IngressRoute and TraefikService sticky cookies, Kong consistent hashing and sticky sessions, Contour Cookie and RequestHash strategies, and Emissary ring_hash or maglev policies keyed on a client.",
	Rationale: stickyRationale + `
The custom resources reported:

- Traefik (` + "`traefik.io`" + `, older ` + "`traefik.containo.us`" + `): IngressRoute
  ` + "`spec.routes[].services[].sticky.cookie`" + `, TraefikService
  ` + "`spec.weighted.sticky.cookie`" + ` and ` + "`spec.weighted.services[].sticky.cookie`" + `;
- Kong: KongIngress ` + "`upstream.hash_on`" + ` other than none, KongUpstreamPolicy
  ` + "`spec.algorithm: sticky-sessions`" + ` or ` + "`consistent-hashing`" + `, or ` + "`spec.hashOn`" + `
  with no other algorithm;
- Contour HTTPProxy: ` + "`spec.routes[].loadBalancerPolicy.strategy`" + ` Cookie or
  RequestHash (with its ` + "`requestHashPolicies`" + `);
- Emissary-ingress / Ambassador: Mapping ` + "`spec.load_balancer`" + ` and Module
  ` + "`spec.config.load_balancer`" + ` with policy ring_hash or maglev keyed on a cookie,
  a header or the source IP.`,
	Fires: []string{
		"IngressRoute service with `sticky: {cookie: {name: lb}}`",
		"KongUpstreamPolicy `algorithm: consistent-hashing` with `hashOn: {input: ip}`",
		"HTTPProxy route `loadBalancerPolicy: {strategy: Cookie}`",
		"Mapping `load_balancer: {policy: ring_hash, cookie: {name: sticky}}`",
	},
	Quiet: []string{
		"Kong `hash_on: none`, `algorithm: round-robin` or `least-connections`",
		"Contour `strategy: RoundRobin`, `WeightedLeastRequest`, `Random`",
		"Emissary `policy: round_robin` or `least_request`",
	},
	Remediation: "Use a load-balancing policy that does not pin clients (round robin, least request) and keep session state in a backing service or a client-side token.",
})

func checkProxies(o *manifest.Object, r manifest.Reporter) {
	switch {
	case inGroup(o, "traefik.io", "traefik.containo.us"):
		checkTraefik(o, r)
	case inGroup(o, "configuration.konghq.com"):
		checkKong(o, r)
	case o.Kind == "HTTPProxy" && inGroup(o, "projectcontour.io"):
		checkContour(o, r)
	case inGroup(o, "getambassador.io"):
		checkEmissary(o, r)
	}
}

func checkTraefik(o *manifest.Object, r manifest.Reporter) {
	spec := manifest.Get(o.Node, "spec")
	switch o.Kind {
	case "IngressRoute":
		for _, route := range manifest.Items(manifest.Get(spec, "routes")) {
			for _, svc := range manifest.Items(manifest.Get(route, "services")) {
				traefikSticky(o, r, svc, "service "+manifest.Str(manifest.Get(svc, "name")))
			}
		}
	case "TraefikService":
		w := manifest.Get(spec, "weighted")
		traefikSticky(o, r, w, "its weighted services")
		for _, svc := range manifest.Items(manifest.Get(w, "services")) {
			traefikSticky(o, r, svc, "service "+manifest.Str(manifest.Get(svc, "name")))
		}
	}
}

// traefikSticky reports n.sticky.cookie, which turns stickiness on by its
// presence (even empty).
func traefikSticky(o *manifest.Object, r manifest.Reporter, n *yaml.Node, target string) {
	sticky := manifest.Get(n, "sticky")
	key := manifest.Key(sticky, "cookie")
	if key == nil {
		return
	}
	var details []string
	if name := manifest.Str(manifest.Get(sticky, "cookie", "name")); name != "" {
		details = append(details, "cookie "+name)
	}
	r.Report(ProxyStickyPolicy, o.Pos(key), subject(o)+" pins clients to one pod with a Traefik sticky cookie on "+target+paren(details...))
}

// kongHashFields describe Kong's hash inputs (KongUpstreamPolicy hashOn).
var kongHashFields = [][2]string{
	{"input", ""}, {"header", "header"}, {"cookie", "cookie"}, {"queryArg", "query argument"},
	{"uriCapture", "URI capture"}, {"path", "path"},
}

func checkKong(o *manifest.Object, r manifest.Reporter) {
	switch o.Kind {
	case "KongIngress":
		up := manifest.Get(o.Node, "upstream")
		key := manifest.Key(up, "hash_on")
		v := manifest.Str(manifest.Get(up, "hash_on"))
		switch {
		case key == nil || v == "none" || v == "":
		case manifest.IsTemplated(v):
			r.Report(ProxyStickyPolicy, o.Pos(key), chartSet(o, "upstream.hash_on", "anything but none"))
		default:
			what := v
			switch v {
			case "header":
				what += " " + manifest.Str(manifest.Get(up, "hash_on_header"))
			case "cookie":
				what += " " + manifest.Str(manifest.Get(up, "hash_on_cookie"))
			}
			r.Report(ProxyStickyPolicy, o.Pos(key), subject(o)+" pins clients to one pod by hashing on "+strings.TrimSpace(what)+" (Kong upstream hash_on)")
		}
	case "KongUpstreamPolicy":
		spec := manifest.Get(o.Node, "spec")
		algoKey := manifest.Key(spec, "algorithm")
		algo := manifest.Str(manifest.Get(spec, "algorithm"))
		hashOn := manifest.Get(spec, "hashOn")
		details := describeFields(hashOn, kongHashFields...)
		if c := manifest.Str(manifest.Get(spec, "stickySessions", "cookie")); c != "" {
			details = append(details, "cookie "+c)
		}
		switch {
		case algo == "sticky-sessions" || algo == "consistent-hashing":
			r.Report(ProxyStickyPolicy, o.Pos(algoKey), subject(o)+" pins clients to one pod with Kong algorithm "+algo+paren(details...))
		case manifest.IsTemplated(algo):
			r.Report(ProxyStickyPolicy, o.Pos(algoKey), chartSet(o, "algorithm", "sticky-sessions or consistent-hashing"))
		case algo == "" && hashOn != nil:
			r.Report(ProxyStickyPolicy, o.Pos(manifest.Key(spec, "hashOn")), subject(o)+" pins clients to one pod by hashing with Kong hashOn"+paren(details...))
		}
	}
}

func checkContour(o *manifest.Object, r manifest.Reporter) {
	for _, route := range manifest.Items(manifest.Get(o.Node, "spec", "routes")) {
		lb := manifest.Get(route, "loadBalancerPolicy")
		key := manifest.Key(lb, "strategy")
		v := manifest.Str(manifest.Get(lb, "strategy"))
		switch {
		case key == nil:
		case manifest.IsTemplated(v):
			r.Report(ProxyStickyPolicy, o.Pos(key), chartSet(o, "loadBalancerPolicy.strategy", "Cookie or RequestHash"))
		case v == "Cookie":
			r.Report(ProxyStickyPolicy, o.Pos(key), subject(o)+" pins clients to one pod with Contour strategy Cookie")
		case v == "RequestHash":
			var details []string
			for _, p := range manifest.Items(manifest.Get(lb, "requestHashPolicies")) {
				details = append(details, describeFields(p, [2]string{"hashSourceIP", "source IP"})...)
				if h := manifest.Str(manifest.Get(p, "headerHashOptions", "headerName")); h != "" {
					details = append(details, "header "+h)
				}
				if q := manifest.Str(manifest.Get(p, "queryParameterHashOptions", "parameterName")); q != "" {
					details = append(details, "query parameter "+q)
				}
			}
			r.Report(ProxyStickyPolicy, o.Pos(key), subject(o)+" pins clients to one pod with Contour strategy RequestHash"+paren(details...))
		}
	}
}

func checkEmissary(o *manifest.Object, r manifest.Reporter) {
	var lb *yaml.Node
	switch o.Kind {
	case "Mapping":
		lb = manifest.Get(o.Node, "spec", "load_balancer")
	case "Module":
		lb = manifest.Get(o.Node, "spec", "config", "load_balancer")
	default:
		return
	}
	key := manifest.Key(lb, "policy")
	policy := manifest.Str(manifest.Get(lb, "policy"))
	if key == nil || policy != "ring_hash" && policy != "maglev" {
		return
	}
	details := describeFields(lb, [2]string{"cookie", "cookie"}, [2]string{"header", "header"}, [2]string{"source_ip", "source IP"})
	if len(details) == 0 {
		return // nothing to hash on: Envoy spreads requests
	}
	r.Report(ProxyStickyPolicy, o.Pos(key), subject(o)+" pins clients to one pod with Emissary load_balancer policy "+policy+paren(details...))
}
