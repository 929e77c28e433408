package stickysession

import (
	"regexp"
	"strings"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// TerraformLBStickiness covers load balancer stickiness declared in
// Terraform: AWS target groups, listeners and classic ELB policies, GCP
// backend services and target pools, Azure Application Gateway and load
// balancer rules, and Kubernetes Services managed by Terraform.
var TerraformLBStickiness = sticky(&rules.Rule{
	ID:      "terraform-lb-stickiness",
	Title:   "Load balancer stickiness in Terraform",
	Summary: "Reports Terraform resources that make a load balancer pin clients: aws_lb_target_group stickiness, listener forward stickiness, classic ELB cookie stickiness policies, GCP session_affinity, Azure cookie-based affinity and source-IP distribution, Kubernetes ClientIP affinity.",
	Rationale: stickyRationale + `
The resources reported:

- ` + "`aws_lb_target_group`" + ` (and ` + "`aws_alb_target_group`" + `) with a ` + "`stickiness`" + ` block —
  its ` + "`enabled`" + ` defaults to true, so only ` + "`enabled = false`" + ` is quiet; a
  ` + "`dynamic \"stickiness\"`" + ` block too;
- ` + "`aws_lb_listener`" + ` and ` + "`aws_lb_listener_rule`" + ` forward actions with
  ` + "`stickiness { enabled = true }`" + ` (there ` + "`enabled`" + ` defaults to false);
- the classic ELB ` + "`aws_lb_cookie_stickiness_policy`" + ` and
  ` + "`aws_app_cookie_stickiness_policy`" + `;
- ` + "`google_compute_backend_service`" + `, ` + "`google_compute_region_backend_service`" + ` and
  ` + "`google_compute_target_pool`" + ` with ` + "`session_affinity`" + ` other than NONE;
- ` + "`azurerm_application_gateway`" + ` ` + "`backend_http_settings`" + ` with
  ` + "`cookie_based_affinity = \"Enabled\"`" + `, and ` + "`azurerm_lb_rule`" + ` with
  ` + "`load_distribution`" + ` SourceIP or SourceIPProtocol;
- ` + "`kubernetes_service`" + ` (` + "`_v1`" + `) with ` + "`session_affinity = \"ClientIP\"`" + `.

A setting given by a variable or another expression is reported with the
value that would pin.`,
	Fires: []string{
		"`resource \"aws_lb_target_group\" \"web\" { stickiness { type = \"lb_cookie\" } }`",
		"`resource \"aws_lb_cookie_stickiness_policy\" \"web\" { … }`",
		"`google_compute_backend_service` with `session_affinity = \"GENERATED_COOKIE\"`",
		"`azurerm_application_gateway` `backend_http_settings { cookie_based_affinity = \"Enabled\" }`",
	},
	Quiet: []string{
		"`stickiness { enabled = false }`",
		"a target group without a stickiness block",
		"a listener's forward stickiness without `enabled = true`",
		"`session_affinity = \"NONE\"`, `cookie_based_affinity = \"Disabled\"`, `load_distribution = \"Default\"`",
	},
	Remediation: "Remove the stickiness setting (or set it off) and keep session state in a backing service or a client-side token, so any instance can serve any request.",
})

func checkTerraform(f *manifest.File, r manifest.Reporter) {
	for _, res := range f.Directives {
		if res.Name != "resource" || len(res.Args) < 2 || res.Block == nil {
			continue
		}
		tf := &tfResource{f: f, r: r, block: res, addr: res.Args[0] + "." + res.Args[1]}
		switch res.Args[0] {
		case "aws_lb_target_group", "aws_alb_target_group":
			tf.targetGroup()
		case "aws_lb_listener", "aws_alb_listener", "aws_lb_listener_rule", "aws_alb_listener_rule":
			tf.listener()
		case "aws_lb_cookie_stickiness_policy":
			how := "with a load balancer cookie"
			if _, v := manifest.TFAttr(res, "cookie_expiration_period"); v != "" {
				how += " (expires after " + seconds(v) + ")"
			}
			tf.report(res, "pins clients of a classic load balancer to one instance "+how)
		case "aws_app_cookie_stickiness_policy":
			how := "with an application cookie"
			if _, v := manifest.TFAttr(res, "cookie_name"); v != "" {
				how = "with the application cookie " + v
			}
			tf.report(res, "pins clients of a classic load balancer to one instance "+how)
		case "google_compute_backend_service", "google_compute_region_backend_service", "google_compute_target_pool":
			tf.enum(res, "session_affinity", "one backend", "NONE")
		case "azurerm_application_gateway":
			for _, s := range manifest.TFBlocks(res, "backend_http_settings") {
				d, v := manifest.TFAttr(s, "cookie_based_affinity")
				name := ""
				if _, n := manifest.TFAttr(s, "name"); n != "" {
					name = " " + n
				}
				switch {
				case d == nil || strings.EqualFold(v, "Disabled"):
				case isTFExpr(v):
					tf.report(d, "has cookie_based_affinity of backend_http_settings"+name+" set by "+v+"; clients are pinned to one backend when it is \"Enabled\"")
				case strings.EqualFold(v, "Enabled"):
					tf.report(d, "pins clients to one backend with cookie-based affinity (backend_http_settings"+name+")")
				}
			}
		case "azurerm_lb_rule":
			d, v := manifest.TFAttr(res, "load_distribution")
			switch {
			case d == nil:
			case isTFExpr(v):
				tf.report(d, "has load_distribution set by "+v+"; clients are pinned to one backend when it is SourceIP or SourceIPProtocol")
			case strings.EqualFold(v, "SourceIP"), strings.EqualFold(v, "SourceIPProtocol"):
				tf.report(d, "pins clients to one backend with load_distribution "+v)
			}
		case "kubernetes_service", "kubernetes_service_v1":
			for _, spec := range manifest.TFBlocks(res, "spec") {
				d, v := manifest.TFAttr(spec, "session_affinity")
				switch {
				case d == nil || v == "None":
				case isTFExpr(v):
					tf.report(d, "has session_affinity set by "+v+"; clients are pinned to one pod when it is ClientIP")
				case v == "ClientIP":
					tf.report(d, "pins clients to one pod with session affinity ClientIP")
				}
			}
		}
	}
}

// tfResource is one resource block being checked.
type tfResource struct {
	f     *manifest.File
	r     manifest.Reporter
	block *manifest.Directive
	addr  string // aws_lb_target_group.web
}

func (tf *tfResource) report(at *manifest.Directive, msg string) {
	tf.r.Report(TerraformLBStickiness, manifest.DirectivePos(tf.f, at), tf.addr+" "+msg)
}

// targetGroup reports a stickiness block unless it is turned off: its
// enabled attribute defaults to true.
func (tf *tfResource) targetGroup() {
	for _, st := range manifest.TFBlocks(tf.block, "stickiness") {
		details := stickinessDetails(st)
		_, enabled := manifest.TFAttr(st, "enabled")
		switch {
		case enabled == "false":
		case isTFExpr(enabled):
			tf.report(st, "has stickiness"+paren(details...)+" enabled by "+enabled+"; clients are pinned to one target when it is true")
		default:
			tf.report(st, "pins clients to one target with stickiness"+paren(details...))
		}
	}
	for _, dyn := range manifest.TFBlocks(tf.block, "dynamic") {
		if len(dyn.Args) == 0 || dyn.Args[0] != "stickiness" {
			continue
		}
		content := manifest.TFBlocks(dyn, "content")
		if len(content) > 0 {
			if _, enabled := manifest.TFAttr(content[0], "enabled"); enabled == "false" {
				continue
			}
		}
		var details []string
		if len(content) > 0 {
			details = stickinessDetails(content[0])
		}
		tf.report(dyn, "pins clients to one target with a dynamic stickiness block"+paren(details...)+" when its for_each is not empty")
	}
}

// listener reports forward actions whose target group stickiness is
// turned on (there enabled defaults to false).
func (tf *tfResource) listener() {
	for _, kind := range []string{"default_action", "action"} {
		for _, action := range manifest.TFBlocks(tf.block, kind) {
			for _, fwd := range manifest.TFBlocks(action, "forward") {
				for _, st := range manifest.TFBlocks(fwd, "stickiness") {
					_, enabled := manifest.TFAttr(st, "enabled")
					var details []string
					if _, d := manifest.TFAttr(st, "duration"); d != "" {
						details = append(details, "duration "+seconds(d))
					}
					switch {
					case enabled == "true":
						tf.report(st, "pins clients to one target group of its forward "+kind+" with stickiness"+paren(details...))
					case enabled != "" && enabled != "false" && isTFExpr(enabled):
						tf.report(st, "has forward stickiness enabled by "+enabled+"; clients are pinned to one target group when it is true")
					}
				}
			}
		}
	}
}

// enum reports an attribute whose value is not the quiet one.
func (tf *tfResource) enum(block *manifest.Directive, key, target, quiet string) {
	d, v := manifest.TFAttr(block, key)
	switch {
	case d == nil || strings.EqualFold(v, quiet) || v == "null":
	case isTFExpr(v):
		tf.report(d, "has "+key+" set by "+v+"; clients are pinned to "+target+" when it is not "+quiet)
	default:
		tf.report(d, "pins clients to "+target+" with "+key+" "+v)
	}
}

func stickinessDetails(st *manifest.Directive) []string {
	var details []string
	if _, t := manifest.TFAttr(st, "type"); t != "" {
		details = append(details, t)
	}
	if _, c := manifest.TFAttr(st, "cookie_name"); c != "" {
		details = append(details, "cookie "+c)
	}
	if _, d := manifest.TFAttr(st, "cookie_duration"); d != "" {
		details = append(details, "cookie duration "+seconds(d))
	}
	return details
}

// literalRE matches the values of Terraform settings that are literals
// rather than expressions: numbers, bools, enum-like words.
var literalRE = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)

// isTFExpr reports whether an attribute value is an expression the audit
// cannot evaluate (var.sticky, local.x ? "A" : "B", "${var.x}").
func isTFExpr(v string) bool {
	return !literalRE.MatchString(v)
}

// seconds renders a number of seconds ("86400s"), or the expression as is.
func seconds(v string) string {
	if isTFExpr(v) || v == "" {
		return v
	}
	return v + "s"
}
