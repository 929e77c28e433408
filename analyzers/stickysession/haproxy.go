package stickysession

import (
	"strings"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// HAProxyStickyBackend covers HAProxy's persistence: hashing balance
// algorithms, persistence cookies and stick tables.
var HAProxyStickyBackend = sticky(&rules.Rule{
	ID:      "haproxy-sticky-backend",
	Title:   "HAProxy backend that pins clients",
	Summary: "Reports HAProxy backends, listen and defaults sections that balance by source, uri, url_param, hdr, rdp-cookie or hash, insert a persistence cookie, or stick clients with a stick table.",
	Rationale: stickyRationale + `
In haproxy.cfg, ` + "`balance source`" + ` (and ` + "`uri`" + `, ` + "`url_param`" + `, ` + "`hdr(…)`" + `,
` + "`rdp-cookie`" + `, ` + "`hash <expr>`" + `) hashes a property of the request to choose the
server, ` + "`cookie <name> insert|rewrite|prefix`" + ` writes the chosen server into a
cookie, and ` + "`stick on`" + ` / ` + "`stick match`" + ` look the client up in a stick table.
A stick table used only for rate limiting (` + "`http-request track-sc0`" + `) pins nobody.`,
	Fires:       []string{"`balance source`", "`cookie SERVERID insert indirect nocache`", "`stick on src` with a `stick-table`"},
	Quiet:       []string{"`balance roundrobin`, `leastconn`, `random`", "a stick-table that only tracks request rates"},
	Remediation: "Balance with roundrobin or leastconn, drop the persistence cookie and stick rules, and keep session state in a backing service or a client-side token.",
})

func checkHAProxy(f *manifest.File, r manifest.Reporter) {
	for _, sec := range f.Directives {
		switch sec.Name {
		case "backend", "listen", "defaults":
		default:
			continue
		}
		name := sec.Name
		if len(sec.Args) > 0 {
			name += " " + sec.Args[0]
		} else {
			name += " section"
		}
		table := false
		for _, d := range sec.Block {
			if d.Name == "stick-table" {
				table = true
			}
		}
		for _, d := range sec.Block {
			var how string
			switch d.Name {
			case "balance":
				if len(d.Args) == 0 || !hashingBalance(strings.Join(d.Args, " ")) {
					continue
				}
				how = "with balance " + strings.Join(d.Args, " ")
			case "cookie":
				if len(d.Args) < 2 || !hasAny(d.Args[1:], "insert", "rewrite", "prefix") {
					continue
				}
				how = "with the persistence cookie " + d.Args[0] + " (" + firstOf(d.Args[1:], "insert", "rewrite", "prefix") + ")"
			case "stick":
				if len(d.Args) < 2 || d.Args[0] != "on" && d.Args[0] != "match" {
					continue
				}
				how = "with stick " + d.Args[0] + " " + d.Args[1]
				if t := argAfter(d.Args, "table"); t != "" {
					how += " (stick table " + t + ")"
				} else if table {
					how += " (stick table of the section)"
				}
			default:
				continue
			}
			r.Report(HAProxyStickyBackend, manifest.DirectivePos(f, d), name+" pins clients to one server "+how)
		}
	}
}

func hasAny(args []string, words ...string) bool { return firstOf(args, words...) != "" }

func firstOf(args []string, words ...string) string {
	for _, a := range args {
		for _, w := range words {
			if a == w {
				return w
			}
		}
	}
	return ""
}

func argAfter(args []string, word string) string {
	for i, a := range args {
		if a == word && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}
