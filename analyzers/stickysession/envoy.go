package stickysession

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// EnvoyHashPolicy covers Envoy's own session affinity: consistent hashing
// of a request property and the stateful session filter.
var EnvoyHashPolicy = sticky(&rules.Rule{
	ID:      "envoy-hash-policy",
	Title:   "Envoy route hashing or stateful sessions that pin clients",
	Summary: "Reports Envoy routes whose hash_policy feeds a RING_HASH or MAGLEV cluster, and the envoy.filters.http.stateful_session HTTP filter.",
	Rationale: stickyRationale + `
In an Envoy static configuration, a route's ` + "`hash_policy`" + ` (a header, a cookie,
the source IP, a query parameter) chooses the upstream host when the route's
cluster balances with ` + "`lb_policy: RING_HASH`" + ` or ` + "`MAGLEV`" + ` (or the
equivalent ` + "`load_balancing_policy`" + ` extension): the same client lands on the same
host. The ` + "`envoy.filters.http.stateful_session`" + ` filter goes further and records
the chosen host in a cookie or header, overriding the load balancer.
A hash policy on a round-robin cluster is ignored, and a ring-hash cluster
without a hash policy hashes nothing: neither pins clients.

Envoy configs are read from envoy.yaml (envoy.yml, *.envoy.yaml, envoy.json),
from any YAML file with a top-level ` + "`static_resources`" + `, and from the literal
blocks of a Kubernetes ConfigMap that hold one.`,
	Fires: []string{
		"route `hash_policy: [{cookie: {name: session, ttl: 3600s}}]` to a cluster with `lb_policy: RING_HASH`",
		"route `hash_policy: [{connection_properties: {source_ip: true}}]` to a MAGLEV cluster",
		"HTTP filter `envoy.filters.http.stateful_session` with a cookie-based session state",
	},
	Quiet: []string{
		"`hash_policy` on a route to a ROUND_ROBIN or LEAST_REQUEST cluster",
		"a RING_HASH or MAGLEV cluster no route hashes for",
		"a route to a cluster the file does not define (CDS, cluster_header)",
	},
	Remediation: "Balance with ROUND_ROBIN or LEAST_REQUEST, drop the hash policy and the stateful session filter, and keep session state in a backing service or a client-side token.",
})

func checkEnvoy(f *manifest.File, r manifest.Reporter) {
	for _, doc := range f.Docs {
		checkEnvoyDoc(f, r, doc)
	}
}

// checkEnvoyConfigMap checks the Envoy configs a ConfigMap carries as
// literal block scalars (`envoy.yaml: |`), the usual way Envoy is deployed
// on Kubernetes, with positions in the ConfigMap's file.
func checkEnvoyConfigMap(o *manifest.Object, r manifest.Reporter) {
	if o.Kind != "ConfigMap" || o.APIVersion != "v1" {
		return
	}
	for _, kv := range manifest.Pairs(manifest.Get(o.Node, "data")) {
		v := kv[1]
		if v.Kind != yaml.ScalarNode || v.Style&yaml.LiteralStyle == 0 || !strings.Contains(v.Value, "static_resources") {
			continue
		}
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(v.Value), &doc); err != nil || len(doc.Content) == 0 {
			continue
		}
		// The block's text starts on the line after `|`, indented like its
		// first non-blank line (Lines is 0-based, v.Line 1-based).
		indent := 0
		for i := v.Line; i < len(o.File.Lines); i++ {
			if line := strings.TrimRight(o.File.Lines[i], " \r"); line != "" {
				indent = len(line) - len(strings.TrimLeft(line, " "))
				break
			}
		}
		manifest.Walk(&doc, func(n *yaml.Node) bool {
			n.Line += v.Line
			n.Column += indent
			return true
		})
		checkEnvoyDoc(o.File, r, &doc)
	}
}

func checkEnvoyDoc(f *manifest.File, r manifest.Reporter, root *yaml.Node) {
	// The hashing clusters of the config, by name, with their policy.
	hashing := map[string]string{}
	for _, c := range manifest.Items(manifest.Get(root, "static_resources", "clusters")) {
		if policy := envoyHashingPolicy(c); policy != "" {
			hashing[manifest.Str(manifest.Get(c, "name"))] = policy
		}
	}
	manifest.Walk(root, func(n *yaml.Node) bool {
		if n.Kind != yaml.MappingNode {
			return true
		}
		if action := manifest.Get(n, "route"); manifest.Get(action, "hash_policy") != nil {
			checkEnvoyRoute(f, r, n, action, hashing)
		}
		if manifest.Str(manifest.Get(n, "name")) == "envoy.filters.http.stateful_session" ||
			strings.HasSuffix(manifest.Str(manifest.Get(n, "typed_config", "@type")), ".stateful_session.v3.StatefulSession") {
			checkStatefulSession(f, r, n)
		}
		return true
	})
}

// envoyHashingPolicy returns the policy of a cluster that balances by
// consistent hashing, or "".
func envoyHashingPolicy(cluster *yaml.Node) string {
	if p := strings.ToUpper(manifest.Str(manifest.Get(cluster, "lb_policy"))); p == "RING_HASH" || p == "MAGLEV" {
		return p
	}
	for _, p := range manifest.Items(manifest.Get(cluster, "load_balancing_policy", "policies")) {
		switch t := manifest.Str(manifest.Get(p, "typed_config", "@type")); {
		case strings.HasSuffix(t, ".ring_hash.v3.RingHash"):
			return "RING_HASH"
		case strings.HasSuffix(t, ".maglev.v3.Maglev"):
			return "MAGLEV"
		}
	}
	return ""
}

func checkEnvoyRoute(f *manifest.File, r manifest.Reporter, route, action *yaml.Node, hashing map[string]string) {
	var targets []string
	add := func(name string) {
		if p, ok := hashing[name]; ok && name != "" {
			targets = append(targets, "cluster "+name+" ("+p+")")
		}
	}
	add(manifest.Str(manifest.Get(action, "cluster")))
	for _, wc := range manifest.Items(manifest.Get(action, "weighted_clusters", "clusters")) {
		add(manifest.Str(manifest.Get(wc, "name")))
	}
	if len(targets) == 0 {
		return // the hash policy is ignored, or the cluster is not in this file
	}
	var keys []string
	for _, h := range manifest.Items(manifest.Get(action, "hash_policy")) {
		switch {
		case manifest.Get(h, "header") != nil:
			keys = append(keys, "header "+manifest.Str(manifest.Get(h, "header", "header_name")))
		case manifest.Get(h, "cookie") != nil:
			k := "cookie " + manifest.Str(manifest.Get(h, "cookie", "name"))
			if ttl := manifest.Str(manifest.Get(h, "cookie", "ttl")); ttl != "" {
				k += " (generated, ttl " + ttl + ")"
			}
			keys = append(keys, k)
		case manifest.Get(h, "connection_properties") != nil:
			if b, ok := manifest.Bool(manifest.Get(h, "connection_properties", "source_ip")); ok && b {
				keys = append(keys, "the source IP")
			}
		case manifest.Get(h, "query_parameter") != nil:
			keys = append(keys, "query parameter "+manifest.Str(manifest.Get(h, "query_parameter", "name")))
		case manifest.Get(h, "filter_state") != nil:
			keys = append(keys, "filter state "+manifest.Str(manifest.Get(h, "filter_state", "key")))
		}
	}
	what := "hashes requests"
	if len(keys) > 0 {
		what += " on " + strings.Join(keys, ", ")
	}
	r.Report(EnvoyHashPolicy, manifest.At(f, manifest.Key(action, "hash_policy")),
		envoyRouteName(route)+" "+what+" to pin clients to one host of "+strings.Join(targets, ", "))
}

// envoyRouteName describes a route by its name or match: "route prefix /api".
func envoyRouteName(route *yaml.Node) string {
	if name := manifest.Str(manifest.Get(route, "name")); name != "" {
		return "route " + name
	}
	for _, k := range []string{"prefix", "path", "path_separated_prefix"} {
		if v := manifest.Get(route, "match", k); v != nil {
			return "route " + k + " " + manifest.Str(v)
		}
	}
	if re := manifest.Str(manifest.Get(route, "match", "safe_regex", "regex")); re != "" {
		return "route regex " + re
	}
	return "route"
}

func checkStatefulSession(f *manifest.File, r manifest.Reporter, filter *yaml.Node) {
	if b, ok := manifest.Bool(manifest.Get(filter, "disabled")); ok && b {
		return // a filter disabled by default, enabled per route elsewhere
	}
	state := manifest.Get(filter, "typed_config", "session_state", "typed_config")
	var details []string
	if c := manifest.Str(manifest.Get(state, "cookie", "name")); c != "" {
		details = append(details, "cookie "+c)
	}
	if h := manifest.Str(manifest.Get(state, "header", "name")); h != "" {
		details = append(details, "header "+h)
	}
	at := manifest.Get(filter, "name")
	if manifest.Str(at) == "" {
		at = manifest.Get(filter, "typed_config", "@type")
	}
	r.Report(EnvoyHashPolicy, manifest.At(f, at), "http filter envoy.filters.http.stateful_session pins each session to one upstream host"+paren(details...))
}
