package stickysession

import (
	"strings"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// IngressStickyAnnotation covers the ingress controllers configured through
// annotations on Ingress and Service objects.
var IngressStickyAnnotation = sticky(&rules.Rule{
	ID:      "ingress-sticky-annotation",
	Title:   "Ingress controller annotation that turns on sticky sessions",
	Summary: "Reports ingress-nginx, NGINX Plus, Traefik, HAProxy Ingress and HAProxy Kubernetes Ingress annotations that pin clients to one pod by cookie or by hashing.",
	Rationale: stickyRationale + `
The annotations reported, on Ingress and Service objects:

- ingress-nginx: ` + "`nginx.ingress.kubernetes.io/affinity: cookie`" + ` (with its
  ` + "`affinity-mode`" + ` and ` + "`session-cookie-*`" + ` settings, reported as one finding) and
  ` + "`nginx.ingress.kubernetes.io/upstream-hash-by`" + ` (consistent hashing on any key);
- NGINX Inc's controller: ` + "`nginx.com/sticky-cookie-services`" + `;
- Traefik: ` + "`traefik.ingress.kubernetes.io/service.sticky.cookie: \"true\"`" + ` on the
  Service, and the v1 ` + "`traefik.ingress.kubernetes.io/affinity: \"true\"`" + `;
- HAProxy Ingress: ` + "`haproxy-ingress.github.io/affinity: cookie`" + `;
- HAProxy Kubernetes Ingress: ` + "`haproxy.org/cookie-persistence`" + ` and
  ` + "`haproxy.org/load-balance`" + ` with a hashing algorithm (source, uri, url_param, hdr,
  rdp-cookie, hash).

A value filled in by a Helm action is reported as set by the chart.`,
	Fires: []string{
		"`nginx.ingress.kubernetes.io/affinity: cookie`",
		"`nginx.ingress.kubernetes.io/upstream-hash-by: $binary_remote_addr`",
		"`traefik.ingress.kubernetes.io/service.sticky.cookie: \"true\"` on a Service",
		"`haproxy.org/load-balance: source`",
	},
	Quiet: []string{
		"`session-cookie-*` annotations without `affinity: cookie`",
		"`traefik.ingress.kubernetes.io/service.sticky.cookie: \"false\"`",
		"`haproxy.org/load-balance: roundrobin` or `leastconn`",
	},
	Remediation: "Remove the affinity annotation and keep session state in a backing service or a client-side token, so any pod can serve any request.",
})

// annotation is one controller's stickiness annotation.
type annotation struct {
	key string
	// stickyWhen names the value that pins, for the "set by the chart"
	// message; "" means any value pins.
	stickyWhen string
	// sticky decides from the value; nil means any non-empty value.
	sticky func(v string) bool
	// describe writes the message after the subject.
	describe func(o *manifest.Object, v string) string
}

var ingressAnnotations = []annotation{
	{
		key: "nginx.ingress.kubernetes.io/affinity", stickyWhen: "cookie",
		sticky: func(v string) bool { return v == "cookie" },
		describe: func(o *manifest.Object, v string) string {
			const p = "nginx.ingress.kubernetes.io/"
			name := annotationOr(o, p+"session-cookie-name", "INGRESSCOOKIE")
			details := []string{"cookie " + name}
			if mode := annotationOr(o, p+"affinity-mode", ""); mode != "" {
				details = append(details, "affinity-mode "+mode)
			}
			if age := annotationOr(o, p+"session-cookie-max-age", annotationOr(o, p+"session-cookie-expires", "")); age != "" {
				details = append(details, "max-age "+age+"s")
			}
			return "pins clients to one pod with ingress-nginx cookie affinity" + paren(details...)
		},
	},
	{
		key: "nginx.ingress.kubernetes.io/upstream-hash-by",
		describe: func(o *manifest.Object, v string) string {
			subset := ""
			if s := annotationOr(o, "nginx.ingress.kubernetes.io/upstream-hash-by-subset", ""); s == "true" {
				subset = ", subset"
			}
			return "pins clients to one pod by hashing " + v + " (ingress-nginx upstream-hash-by" + subset + ")"
		},
	},
	{
		key: "nginx.com/sticky-cookie-services",
		describe: func(o *manifest.Object, v string) string {
			var services []string
			for _, part := range strings.Split(v, ";") {
				for _, w := range strings.Fields(part) {
					if s, ok := strings.CutPrefix(w, "serviceName="); ok {
						services = append(services, s)
					}
				}
			}
			return "pins clients to one pod with NGINX Plus sticky cookies" + paren(strings.Join(services, ", "))
		},
	},
	{
		key: "traefik.ingress.kubernetes.io/service.sticky.cookie", stickyWhen: `"true"`,
		sticky: truthy,
		describe: func(o *manifest.Object, v string) string {
			name := annotationOr(o, "traefik.ingress.kubernetes.io/service.sticky.cookie.name", "")
			if name != "" {
				name = "cookie " + name
			}
			return "pins clients to one pod with a Traefik sticky cookie" + paren(name)
		},
	},
	{
		key: "traefik.ingress.kubernetes.io/affinity", stickyWhen: `"true"`,
		sticky: truthy,
		describe: func(o *manifest.Object, v string) string {
			name := annotationOr(o, "traefik.ingress.kubernetes.io/session-cookie-name", "")
			if name != "" {
				name = "cookie " + name
			}
			return "pins clients to one pod with Traefik v1 affinity" + paren(name)
		},
	},
	{
		key: "haproxy-ingress.github.io/affinity", stickyWhen: "cookie",
		sticky: func(v string) bool { return v == "cookie" },
		describe: func(o *manifest.Object, v string) string {
			const p = "haproxy-ingress.github.io/"
			details := []string{"cookie " + annotationOr(o, p+"session-cookie-name", "INGRESSCOOKIE")}
			if s := annotationOr(o, p+"session-cookie-strategy", ""); s != "" {
				details = append(details, "strategy "+s)
			}
			return "pins clients to one pod with HAProxy Ingress cookie affinity" + paren(details...)
		},
	},
	{
		key: "haproxy.org/cookie-persistence",
		describe: func(o *manifest.Object, v string) string {
			return "pins clients to one pod with the HAProxy persistence cookie " + v
		},
	},
	{
		key: "haproxy.org/load-balance", stickyWhen: "a hashing algorithm such as source",
		sticky: func(v string) bool { return hashingBalance(v) },
		describe: func(o *manifest.Object, v string) string {
			return "pins clients to one pod with HAProxy load-balance " + v
		},
	},
}

// truthy is Traefik's reading of a boolean annotation.
func truthy(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "true") }

// annotationOr returns an annotation's value, or def when it is absent.
func annotationOr(o *manifest.Object, key, def string) string {
	if _, v, ok := o.Annotation(key); ok && v != "" {
		return v
	}
	return def
}

func checkAnnotations(o *manifest.Object, r manifest.Reporter) {
	if !annotated(o) {
		return
	}
	checkAnnotationTable(o, r, IngressStickyAnnotation, ingressAnnotations)
}

// annotated reports whether o is an object kind the controllers read
// stickiness annotations from.
func annotated(o *manifest.Object) bool {
	switch o.Kind {
	case "Service":
		return o.APIVersion == "v1"
	case "Ingress":
		return inGroup(o, "networking.k8s.io", "extensions")
	}
	return false
}

func checkAnnotationTable(o *manifest.Object, r manifest.Reporter, rule *rules.Rule, table []annotation) {
	for _, a := range table {
		key, v, ok := o.Annotation(a.key)
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch {
		case manifest.IsTemplated(v) && a.stickyWhen != "":
			r.Report(rule, o.Pos(key), chartSet(o, a.key, a.stickyWhen))
		case v == "" || a.sticky != nil && !a.sticky(v):
		default:
			r.Report(rule, o.Pos(key), subject(o)+" "+a.describe(o, chartValue(v)))
		}
	}
}

// chartValue shows a templated value as such in a message.
func chartValue(v string) string {
	if manifest.IsTemplated(v) {
		return "a value set by the chart"
	}
	return v
}

// hashingBalance reports whether an HAProxy balance algorithm hashes a
// property of the request, which sends the same client to the same server.
func hashingBalance(algo string) bool {
	algo = strings.ToLower(strings.TrimSpace(algo))
	for _, p := range []string{"source", "uri", "url_param", "hdr(", "hdr ", "rdp-cookie", "hash "} {
		if algo == strings.TrimRight(p, "( ") || strings.HasPrefix(algo, p) {
			return true
		}
	}
	return false
}
