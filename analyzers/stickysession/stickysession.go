package stickysession

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// Check reports load balancer, proxy and mesh settings that pin a client to
// one instance.
var Check = &manifest.Check{
	Name:  "stickysession",
	Rules: Rules(),
	Run:   run,
}

// Rules returns the rules this check reports.
func Rules() []*rules.Rule {
	return []*rules.Rule{
		ServiceSessionAffinity, IngressStickyAnnotation, CloudLBStickiness, ProxyStickyPolicy,
		MeshSessionAffinity, GatewaySessionPersistence, NginxStickyUpstream, HAProxyStickyBackend,
		ApacheStickyBalancer, EnvoyHashPolicy, TerraformLBStickiness,
	}
}

// sticky fills in the metadata every rule of the family shares.
func sticky(r *rules.Rule) *rules.Rule {
	r.Category = rules.Sticky
	r.Characteristics = []rules.Characteristic{rules.NoClientSessionState, rules.Scalability, rules.FaultTolerance}
	r.Practice = rules.AvoidStickySessions
	r.Severity = rules.Warning
	r.Source = rules.ManifestSource
	return rules.Register(r)
}

// stickyRationale is the paragraph every rule of the family opens with.
const stickyRationale = `Sticky sessions send every request of a client to the instance that served
its first one. They are how a service that keeps session state in process
memory or on local disk keeps working behind more than one replica — and they
only hide that state: when the pinned instance restarts, is rescheduled or is
scaled away, its clients lose their sessions. Load also stops spreading
evenly: new replicas receive only new clients, and a hot client stays on one
instance. Twelve-factor calls sticky sessions "a violation of twelve-factor"
that "should never be used or relied upon".
`

func run(set *manifest.Set, r manifest.Reporter) {
	for _, f := range set.Files {
		switch f.Format {
		case manifest.Kubernetes:
			for _, o := range f.Objects {
				checkService(o, r)
				checkAnnotations(o, r)
				checkCloud(o, r)
				checkProxies(o, r)
				checkMesh(o, r)
				checkGatewayAPI(o, r)
				checkEnvoyConfigMap(o, r)
			}
		case manifest.Nginx:
			checkNginx(f, r)
		case manifest.HAProxy:
			checkHAProxy(f, r)
		case manifest.Apache:
			checkApache(f, r)
		case manifest.Envoy:
			checkEnvoy(f, r)
		case manifest.Terraform:
			checkTerraform(f, r)
		}
	}
}

// subject names an object at the start of a message: "service web",
// "httpproxy shop".
func subject(o *manifest.Object) string {
	name := o.Name
	switch {
	case name == "":
		name = "(unnamed)"
	case manifest.IsTemplated(name):
		name = "(name set by the chart)"
	}
	return strings.ToLower(o.Kind) + " " + name
}

// inGroup reports whether the object's apiVersion belongs to one of the API
// groups ("traefik.io" matches "traefik.io/v1alpha1").
func inGroup(o *manifest.Object, groups ...string) bool {
	group, _, _ := strings.Cut(o.APIVersion, "/")
	for _, g := range groups {
		if group == g {
			return true
		}
	}
	return false
}

// chartSet is the message for a stickiness setting whose value a Helm action
// fills in: the audit cannot know it, so it says when it would pin.
func chartSet(o *manifest.Object, setting, stickyWhen string) string {
	return subject(o) + " has " + setting + " set by the chart; clients are pinned to one instance when it is " + stickyWhen
}

// describeFields describes the settings of n named by fields, each a pair
// of YAML key and label: `true` gives the label alone ("source IP"), another
// scalar the label and value ("header x-user"), a mapping the label and its
// name field ("cookie SESSION"); unset and `false` fields are left out.
func describeFields(n *yaml.Node, fields ...[2]string) []string {
	var out []string
	for _, f := range fields {
		v := manifest.Get(n, f[0])
		switch {
		case v == nil:
		case v.Kind == yaml.ScalarNode && v.Value == "false":
		case v.Kind == yaml.ScalarNode && v.Value == "true":
			out = append(out, f[1])
		case v.Kind == yaml.ScalarNode:
			out = append(out, strings.TrimSpace(f[1]+" "+v.Value))
		case v.Kind == yaml.MappingNode:
			out = append(out, strings.TrimSpace(f[1]+" "+manifest.Str(manifest.Get(v, "name"))))
		default:
			out = append(out, f[1])
		}
	}
	return out
}

// paren wraps details in " (…)", or returns "" when there are none.
func paren(details ...string) string {
	var keep []string
	for _, d := range details {
		if d = strings.TrimSpace(d); d != "" {
			keep = append(keep, d)
		}
	}
	if len(keep) == 0 {
		return ""
	}
	return " (" + strings.Join(keep, ", ") + ")"
}

func itoa(n int) string { return strconv.Itoa(n) }
