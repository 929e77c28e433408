package stickysession

import (
	"strings"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// NginxStickyUpstream covers nginx's own upstream balancing methods that
// send a client to the same server.
var NginxStickyUpstream = sticky(&rules.Rule{
	ID:      "nginx-sticky-upstream",
	Title:   "Nginx upstream that pins clients",
	Summary: "Reports nginx upstream blocks balanced with ip_hash, hash or sticky (cookie, route, learn).",
	Rationale: stickyRationale + `
In an ` + "`upstream`" + ` block (http or stream), ` + "`ip_hash`" + ` sends a client address to
the same server, ` + "`hash <key> [consistent]`" + ` does the same for any key, and
NGINX Plus's ` + "`sticky cookie|route|learn`" + ` binds a session to a server.`,
	Fires:       []string{"`ip_hash;`", "`hash $remote_addr consistent;`", "`sticky cookie srv_id expires=1h;`"},
	Quiet:       []string{"round robin (no method)", "`least_conn;`", "`random two least_conn;`", "`hash` outside an upstream block"},
	Remediation: "Balance the upstream with round robin or least_conn and keep session state in a backing service or a client-side token.",
})

func checkNginx(f *manifest.File, r manifest.Reporter) {
	var walk func(ds []*manifest.Directive)
	walk = func(ds []*manifest.Directive) {
		for _, d := range ds {
			if d.Name == "upstream" {
				checkUpstream(f, r, d)
				continue
			}
			walk(d.Block)
		}
	}
	walk(f.Directives)
}

func checkUpstream(f *manifest.File, r manifest.Reporter, up *manifest.Directive) {
	name := "upstream"
	if len(up.Args) > 0 {
		name += " " + up.Args[0]
	}
	for _, d := range up.Block {
		var how string
		switch d.Name {
		case "ip_hash":
			how = "with ip_hash"
		case "hash":
			if len(d.Args) == 0 {
				continue
			}
			how = "by hashing " + d.Args[0]
			if len(d.Args) > 1 && d.Args[1] == "consistent" {
				how += " (consistent)"
			}
		case "sticky":
			if len(d.Args) == 0 {
				continue
			}
			switch d.Args[0] {
			case "cookie":
				how = "with a sticky cookie"
				if len(d.Args) > 1 {
					how += " " + d.Args[1]
				}
			case "route":
				how = "with sticky route " + strings.Join(d.Args[1:], " ")
			case "learn":
				how = "with sticky learn"
				for _, a := range d.Args[1:] {
					if v, ok := strings.CutPrefix(a, "lookup="); ok {
						how += " on " + v
					}
				}
			default:
				continue
			}
		default:
			continue
		}
		r.Report(NginxStickyUpstream, manifest.DirectivePos(f, d), name+" pins clients to one server "+strings.TrimSpace(how))
	}
}
