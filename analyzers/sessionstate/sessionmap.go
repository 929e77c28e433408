package sessionstate

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
	"github.com/stateaudit/stateaudit/rules"
)

// MemorySessionMap is the hand-rolled session store: a long-lived map that
// handlers fill with per-client entries.
var MemorySessionMap = rules.Register(&rules.Rule{
	ID:       "memory-session-map",
	Title:    "Session state in a process-local map",
	Category: rules.Session,
	Characteristics: []rules.Characteristic{
		rules.NoClientSessionState, rules.Scalability, rules.FaultTolerance,
	},
	Practice: rules.ExternalizeState,
	Severity: rules.Error,
	Source:   rules.GoSource,
	Summary:  "Reports package-level or long-lived struct-field maps, sync.Maps and concurrent maps that hold sessions, users, carts, tokens, logins or OAuth state and are written by a request handler.",
	Rationale: `A map in process memory is visible to one replica only. With more than one
replica behind a load balancer, a client's next request lands on another
instance that has never seen its session: the user is logged out, the cart is
empty. Even with one replica, a restart, a deploy or an eviction wipes every
session at once. Sticky sessions only hide the problem until the pod goes away.

The analyzer looks for maps (and ` + "`sync.Map`" + ` or concurrent-map types keyed by
string) that live as long as the process — package variables and fields of
long-lived structs — whose names or key/value types speak of sessions, users,
carts, baskets, tokens, logins or OAuth state, and that a request handler (net/http,
gin, echo, fiber, gRPC …) or a helper it calls writes to.`,
	Fires: []string{
		"`var sessions = map[string]*Session{}` written by an `http.HandlerFunc`",
		"a `carts sync.Map` field of the server struct, stored into by a gin handler",
		"`tokens map[string]string` on a gRPC server, set in its `Login` method",
	},
	Quiet: []string{
		"maps filled only in `init` or at declaration (route tables, registries)",
		"maps local to one request",
		"maps whose names and types say nothing of clients (metrics, template caches)",
	},
	Remediation: "Keep sessions in a backing service such as Redis or a database, or in a signed client-side cookie or token, so any replica can serve any request.",
})

// sessionWords are the identifier words that mark a map as per-client state.
var sessionWords = map[string]bool{
	"session": true, "sessions": true, "sess": true, "sid": true, "sids": true,
	"user": true, "users": true, "cart": true, "carts": true, "basket": true, "baskets": true,
	"token": true, "tokens": true, "login": true, "logins": true, "logged": true,
	"oauth": true, "csrf": true, "jwt": true, "jwts": true,
	"refresh": true, "principal": true, "principals": true, "account": true, "accounts": true,
}

func checkSessionMaps(pass *analysis.Pass) {
	oauth := importsOAuth(pass.Pkg)
	for _, c := range analysisutil.Containers(pass) {
		why := sessionReason(c, oauth)
		if why == "" {
			continue
		}
		w, ok := c.HandlerWrite()
		if !ok {
			continue
		}
		what := "package-level"
		if c.Field {
			what = "field of " + c.Owner + ","
		}
		kind := "map"
		switch c.Kind {
		case analysisutil.SyncMap:
			kind = "sync.Map"
		case analysisutil.Concurrent:
			kind = "concurrent map"
		}
		analysisutil.Report(pass, MemorySessionMap, c.Ident,
			"%s are kept in process memory in %s %s %s, written by handler %s",
			why, what, kind, c.Ident.Name, w.Func.Name)
	}
}

// sessionReason says what the container holds when its name or types speak
// of per-client state, or "" when they do not.
func sessionReason(c *analysisutil.Container, oauth bool) string {
	names := []string{c.Ident.Name}
	for _, t := range []types.Type{c.Key, c.Elem} {
		if _, n := analysisutil.TypePath(t); n != "" {
			names = append(names, n)
		}
	}
	for _, name := range names {
		for _, w := range analysisutil.Words(name) {
			if sessionWords[w] {
				return noun(w)
			}
			if (w == "state" || w == "states") && (oauth || strings.Contains(strings.ToLower(name), "oauth")) {
				return "OAuth states"
			}
		}
	}
	return ""
}

func noun(w string) string {
	switch w {
	case "sess", "sid", "sids", "session", "sessions", "logged":
		return "sessions"
	case "jwt", "jwts", "token", "tokens", "refresh":
		return "tokens"
	case "oauth":
		return "OAuth states"
	case "csrf":
		return "CSRF tokens"
	}
	if strings.HasSuffix(w, "s") {
		return w
	}
	return w + "s"
}

func importsOAuth(pkg *types.Package) bool {
	if pkg == nil {
		return false
	}
	for _, imp := range pkg.Imports() {
		if strings.Contains(imp.Path(), "oauth") {
			return true
		}
	}
	return false
}
