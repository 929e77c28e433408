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
	Summary:  "Reports package-level or long-lived struct-field maps, sync.Maps and concurrent maps that a request handler writes and that hold sessions, users, carts, tokens, logins or OAuth state, or are keyed by the client's cookie, identity header or user parameter.",
	Rationale: `A map in process memory is visible to one replica only. With more than one
replica behind a load balancer, a client's next request lands on another
instance that has never seen its session: the user is logged out, the cart is
empty. Even with one replica, a restart, a deploy or an eviction wipes every
session at once. Sticky sessions only hide the problem until the pod goes away.

The analyzer looks for maps (and ` + "`sync.Map`" + ` or concurrent-map types keyed by
string) that live as long as the process — package variables and fields of
long-lived structs — whose names or key/value types speak of sessions, users,
carts, baskets, tokens, logins or OAuth state, and that a request handler (net/http,
gin, echo, fiber, gRPC …) or a helper it calls writes to. A map whose name says
nothing is still per-client state when a handler keys it by who is asking: a
cookie's value, an identity header (` + "`X-User-ID`, `Authorization`" + `) or a user,
session or token parameter.`,
	Fires: []string{
		"`var sessions = map[string]*Session{}` written by an `http.HandlerFunc`",
		"a `carts sync.Map` field of the server struct, stored into by a gin handler",
		"`tokens map[string]string` on a gRPC server, set in its `Login` method",
		"`placed[r.Header.Get(\"X-User-ID\")] = token` in a handler, whatever the map is called",
	},
	Quiet: []string{
		"maps filled only in `init` or at declaration (route tables, registries)",
		"maps local to one request",
		"maps whose names, types and keys say nothing of clients (metrics, template caches, pages keyed by URL path)",
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
		w, ok := c.HandlerWrite()
		if !ok {
			continue
		}
		keyed := ""
		if why == "" {
			// Names say nothing of clients; the keys may: a map a handler
			// fills under the caller's cookie or X-User-ID header is
			// per-client state whatever it is called.
			if w, keyed = clientKeyed(pass, c); keyed == "" {
				continue
			}
		}
		if keyed != "" {
			analysisutil.Report(pass, MemorySessionMap, c.Ident,
				"per-client state is kept in process memory in %s, keyed by %s, written by handler %s",
				c.Place(), keyed, w.Func.Name)
			continue
		}
		analysisutil.Report(pass, MemorySessionMap, c.Ident,
			"%s are kept in process memory in %s, written by handler %s",
			why, c.Place(), w.Func.Name)
	}
}

// clientKeyed returns the first handler write that keys the container by
// the client's identity, and what identifies it. Maps of rate limiters and
// connections are left to processstate's rules.
func clientKeyed(pass *analysis.Pass, c *analysisutil.Container) (analysisutil.Write, string) {
	if processLocal(c.Elem) {
		return analysisutil.Write{}, ""
	}
	for _, w := range c.Writes {
		if !w.FromHandler || w.Func.Decl == nil {
			continue
		}
		if what, ok := analysisutil.ClientKey(pass, w.Func.Decl, w.Key); ok {
			return w, what
		}
	}
	return analysisutil.Write{}, ""
}

// processLocal reports whether map values are limiters, connections or
// channels: per-instance state that processstate reports under its own rules.
func processLocal(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, ok := t.Underlying().(*types.Chan); ok {
		return true
	}
	path, name := analysisutil.TypePath(t)
	if strings.Contains(path, "websocket") || path == "net" || strings.HasSuffix(path, "x/time/rate") {
		return true
	}
	for _, w := range analysisutil.Words(name) {
		switch w {
		case "limiter", "conn", "connection", "socket", "bucket":
			return true
		}
	}
	return false
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
