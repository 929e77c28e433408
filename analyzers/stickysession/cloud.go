package stickysession

import (
	"encoding/json"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// CloudLBStickiness covers the cloud load balancers that Kubernetes objects
// configure: AWS ALB and NLB target groups, GKE backend services and Azure
// Application Gateway.
var CloudLBStickiness = sticky(&rules.Rule{
	ID:      "cloud-lb-stickiness",
	Title:   "Cloud load balancer stickiness",
	Summary: "Reports AWS Load Balancer Controller target group stickiness, GKE BackendConfig and GCPBackendPolicy session affinity, and Azure Application Gateway cookie-based affinity.",
	Rationale: stickyRationale + `
The settings reported:

- AWS Load Balancer Controller: ` + "`stickiness.enabled=true`" + ` in
  ` + "`alb.ingress.kubernetes.io/target-group-attributes`" + ` (Ingress or Service) or
  ` + "`service.beta.kubernetes.io/aws-load-balancer-target-group-attributes`" + ` (NLB),
  and ` + "`targetGroupStickinessConfig.enabled: true`" + ` in an
  ` + "`alb.ingress.kubernetes.io/actions.*`" + ` action;
- GKE: BackendConfig ` + "`spec.sessionAffinity.affinityType`" + ` and GCPBackendPolicy
  ` + "`spec.default.sessionAffinity.type`" + ` other than NONE (CLIENT_IP, GENERATED_COOKIE,
  HTTP_COOKIE, HEADER_FIELD, CLIENT_IP_PORT_PROTO …);
- Azure Application Gateway Ingress Controller:
  ` + "`appgw.ingress.kubernetes.io/cookie-based-affinity: \"true\"`" + `.`,
	Fires: []string{
		"`alb.ingress.kubernetes.io/target-group-attributes: stickiness.enabled=true,stickiness.lb_cookie.duration_seconds=60`",
		"BackendConfig `sessionAffinity: {affinityType: GENERATED_COOKIE}`",
		"`appgw.ingress.kubernetes.io/cookie-based-affinity: \"true\"`",
	},
	Quiet: []string{
		"`stickiness.enabled=false`",
		"`affinityType: NONE`",
		"target group attributes without stickiness (deregistration delay, slow start)",
	},
	Remediation: "Turn the load balancer's stickiness off and keep session state in a backing service or a client-side token, so any instance can serve any request.",
})

var cloudAnnotations = []annotation{
	{
		key: "appgw.ingress.kubernetes.io/cookie-based-affinity", stickyWhen: `"true"`,
		sticky: truthy,
		describe: func(o *manifest.Object, v string) string {
			return "pins clients to one pod with Application Gateway cookie-based affinity"
		},
	},
}

// targetGroupAnnotations are the AWS Load Balancer Controller annotations
// that hold a comma-separated key=value list of target group attributes.
var targetGroupAnnotations = []struct{ key, lb string }{
	{"alb.ingress.kubernetes.io/target-group-attributes", "ALB"},
	{"service.beta.kubernetes.io/aws-load-balancer-target-group-attributes", "NLB"},
}

func checkCloud(o *manifest.Object, r manifest.Reporter) {
	switch {
	case annotated(o):
		checkAnnotationTable(o, r, CloudLBStickiness, cloudAnnotations)
		checkTargetGroups(o, r)
		checkALBActions(o, r)
	case o.Kind == "BackendConfig" && inGroup(o, "cloud.google.com"):
		aff := manifest.Get(o.Node, "spec", "sessionAffinity")
		details := []string{}
		if ttl, ok := manifest.Int(manifest.Get(aff, "affinityCookieTtlSec")); ok {
			details = append(details, "cookie ttl "+itoa(ttl)+"s")
		}
		checkGCPAffinity(o, r, aff, "affinityType", "BackendConfig session affinity", details)
	case o.Kind == "GCPBackendPolicy" && inGroup(o, "networking.gke.io"):
		aff := manifest.Get(o.Node, "spec", "default", "sessionAffinity")
		var details []string
		if ttl, ok := manifest.Int(manifest.Get(aff, "cookieTtlSec")); ok {
			details = append(details, "cookie ttl "+itoa(ttl)+"s")
		}
		checkGCPAffinity(o, r, aff, "type", "GCPBackendPolicy session affinity", details)
	}
}

func checkGCPAffinity(o *manifest.Object, r manifest.Reporter, aff *yaml.Node, field, what string, details []string) {
	key := manifest.Key(aff, field)
	if key == nil {
		return
	}
	v := manifest.Str(manifest.Get(aff, field))
	switch {
	case manifest.IsTemplated(v):
		r.Report(CloudLBStickiness, o.Pos(key), chartSet(o, field, "anything but NONE"))
	case v == "" || strings.EqualFold(v, "NONE"):
	default:
		r.Report(CloudLBStickiness, o.Pos(key), subject(o)+" pins clients to one backend with GKE "+what+" "+v+paren(details...))
	}
}

// checkTargetGroups parses the target group attribute lists.
func checkTargetGroups(o *manifest.Object, r manifest.Reporter) {
	for _, tg := range targetGroupAnnotations {
		key, v, ok := o.Annotation(tg.key)
		if !ok {
			continue
		}
		attrs := map[string]string{}
		for _, kv := range strings.Split(v, ",") {
			k, val, _ := strings.Cut(kv, "=")
			attrs[strings.TrimSpace(k)] = strings.TrimSpace(val)
		}
		enabled := attrs["stickiness.enabled"]
		switch {
		case manifest.IsTemplated(enabled) || enabled == "" && manifest.IsTemplated(v):
			r.Report(CloudLBStickiness, o.Pos(key), chartSet(o, tg.key, "stickiness.enabled=true"))
		case strings.EqualFold(enabled, "true"):
			details := []string{}
			if t := attrs["stickiness.type"]; t != "" {
				details = append(details, t)
			}
			for _, d := range []string{"stickiness.lb_cookie.duration_seconds", "stickiness.app_cookie.duration_seconds"} {
				if s := attrs[d]; s != "" {
					details = append(details, s+"s")
				}
			}
			if c := attrs["stickiness.app_cookie.cookie_name"]; c != "" {
				details = append(details, "cookie "+c)
			}
			r.Report(CloudLBStickiness, o.Pos(key), subject(o)+" turns on "+tg.lb+" target group stickiness"+paren(details...))
		}
	}
}

// checkALBActions reads the JSON of alb.ingress.kubernetes.io/actions.NAME
// annotations for forward actions with target group stickiness.
func checkALBActions(o *manifest.Object, r manifest.Reporter) {
	const prefix = "alb.ingress.kubernetes.io/actions."
	for _, kv := range manifest.Pairs(o.Annotations()) {
		name, ok := strings.CutPrefix(kv[0].Value, prefix)
		if !ok {
			continue
		}
		var action struct {
			ForwardConfig struct {
				TargetGroupStickinessConfig *struct {
					Enabled         bool `json:"enabled"`
					DurationSeconds int  `json:"durationSeconds"`
				} `json:"targetGroupStickinessConfig"`
			} `json:"forwardConfig"`
		}
		if json.Unmarshal([]byte(manifest.Str(kv[1])), &action) != nil {
			continue
		}
		s := action.ForwardConfig.TargetGroupStickinessConfig
		if s == nil || !s.Enabled {
			continue
		}
		var details []string
		if s.DurationSeconds > 0 {
			details = append(details, itoa(s.DurationSeconds)+"s")
		}
		r.Report(CloudLBStickiness, o.Pos(kv[0]), subject(o)+" turns on target group stickiness in ALB action "+name+paren(details...))
	}
}
