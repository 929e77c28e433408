package stickysession

import (
	"strings"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// ApacheStickyBalancer covers mod_proxy_balancer's sticky sessions.
var ApacheStickyBalancer = sticky(&rules.Rule{
	ID:      "apache-sticky-balancer",
	Title:   "Apache httpd balancer with sticky sessions",
	Summary: "Reports Apache httpd mod_proxy_balancer balancers given a stickysession parameter by ProxySet, ProxyPass or ProxyPassMatch, naming the member routes it pins to.",
	Rationale: stickyRationale + `
In httpd's mod_proxy_balancer, ` + "`stickysession=NAME`" + ` (set by ` + "`ProxySet`" + ` in a
` + "`<Proxy balancer://…>`" + ` section or naming the balancer, or as a parameter of
` + "`ProxyPass`" + ` / ` + "`ProxyPassMatch`" + ` to a balancer) reads the route from the cookie or
URL parameter NAME (Tomcat's ` + "`JSESSIONID`" + ` with a jvmRoute suffix, or a
` + "`ROUTEID`" + ` cookie httpd sets itself) and sends the request to the
` + "`BalancerMember`" + ` whose ` + "`route=`" + ` matches.`,
	Fires: []string{
		"`ProxySet stickysession=ROUTEID` in `<Proxy balancer://app>` whose members set `route=`",
		"`ProxyPass / balancer://app/ stickysession=JSESSIONID|jsessionid`",
	},
	Quiet: []string{
		"a balancer with `ProxySet lbmethod=byrequests` (or bytraffic, bybusyness) and no stickysession",
		"`BalancerMember … route=` without stickysession (routes alone pin nobody)",
	},
	Remediation: "Drop stickysession (and the route cookie) so the balancer spreads requests, and keep session state in a backing service or a client-side token.",
})

func checkApache(f *manifest.File, r manifest.Reporter) {
	// The routes of each balancer's members, by lower-cased balancer name.
	routes := map[string][]string{}
	walkApache(f.Directives, func(d *manifest.Directive) {
		if !strings.EqualFold(d.Name, "BalancerMember") {
			return
		}
		bal, args := apacheBalancer(d)
		for _, a := range args {
			if v, ok := apacheParam(a, "route"); ok && v != "" && bal != "" {
				routes[strings.ToLower(bal)] = append(routes[strings.ToLower(bal)], v)
			}
		}
	})
	walkApache(f.Directives, func(d *manifest.Directive) {
		var bal string
		var args []string
		switch {
		case strings.EqualFold(d.Name, "ProxySet"):
			bal, args = apacheBalancer(d)
		case strings.EqualFold(d.Name, "ProxyPass") || strings.EqualFold(d.Name, "ProxyPassMatch"):
			for i, a := range d.Args {
				if isBalancerURL(a) {
					bal, args = balancerName(a), d.Args[i+1:]
					break
				}
			}
		default:
			return
		}
		if bal == "" {
			return
		}
		for _, a := range args {
			v, ok := apacheParam(a, "stickysession")
			if !ok || v == "" {
				continue
			}
			var details []string
			if rs := routes[strings.ToLower(bal)]; len(rs) > 0 {
				details = append(details, "member routes "+strings.Join(rs, ", "))
			}
			r.Report(ApacheStickyBalancer, manifest.DirectivePos(f, d), bal+" pins clients to one member with stickysession "+v+paren(details...))
		}
	})
}

func walkApache(ds []*manifest.Directive, fn func(*manifest.Directive)) {
	for _, d := range ds {
		fn(d)
		walkApache(d.Block, fn)
	}
}

// apacheBalancer returns the balancer a ProxySet or BalancerMember applies
// to — the one named by its first argument, else that of the enclosing
// `<Proxy balancer://…>` section — and its key=value parameters.
func apacheBalancer(d *manifest.Directive) (string, []string) {
	if len(d.Args) > 0 && isBalancerURL(d.Args[0]) {
		return balancerName(d.Args[0]), d.Args[1:]
	}
	args := d.Args
	if strings.EqualFold(d.Name, "BalancerMember") && len(args) > 0 {
		args = args[1:] // the member's URL
	}
	for p := d.Parent; p != nil; p = p.Parent {
		if (strings.EqualFold(p.Name, "<Proxy") || strings.EqualFold(p.Name, "<ProxyMatch")) && len(p.Args) > 0 && isBalancerURL(p.Args[0]) {
			return balancerName(p.Args[0]), args
		}
	}
	return "", args
}

func isBalancerURL(s string) bool {
	return len(s) > len("balancer://") && strings.EqualFold(s[:len("balancer://")], "balancer://")
}

// balancerName drops the path of a balancer URL: balancer://app/x → balancer://app.
func balancerName(url string) string {
	rest := url[len("balancer://"):]
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	return "balancer://" + rest
}

// apacheParam returns the value of a key=value parameter (keys are
// case-insensitive).
func apacheParam(arg, key string) (string, bool) {
	k, v, ok := strings.Cut(arg, "=")
	if !ok || !strings.EqualFold(k, key) {
		return "", false
	}
	return v, true
}
