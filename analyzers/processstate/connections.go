package processstate

import (
	"go/ast"
	"go/types"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
	"github.com/stateaudit/stateaudit/rules"
)

// ConnectionRegistry is the hub of a chat or notification server: the set of
// connected clients that broadcasts loop over.
var ConnectionRegistry = rules.Register(&rules.Rule{
	ID:       "connection-registry",
	Title:    "Client connections registered in process memory",
	Category: rules.Other,
	Characteristics: []rules.Characteristic{
		rules.IndependentAndIsolated, rules.Scalability,
	},
	Practice: rules.BackingServices,
	Severity: rules.Warning,
	Source:   rules.GoSource,
	Summary:  "Reports long-lived maps and sets of websocket or network connections, or of client structs holding a connection or a channel, that are filled where connections are accepted or by a request handler and that messages are sent through.",
	Rationale: `A broadcast that loops over an in-memory set of connections reaches only the
clients connected to this replica. With two replicas, half of the chat room
never sees a message, a notification sent by one pod misses the users attached
to the other, and adding replicas splits the audience further. Teams then pin
clients to a pod with sticky sessions, which couples every client to the life
of one instance. This weighs on **independence and isolation** (replicas must
share who is connected to deliver anything) and on **scalability**.

The analyzer reports package-level variables and long-lived struct fields of
map, ` + "`sync.Map`" + ` or concurrent-map type whose keys or values are gorilla,
coder or nhooyr websocket connections, ` + "`net.Conn`" + `s, or client structs holding
one of them or a channel, when they are written in a function that accepts a
connection (` + "`Upgrade`" + `, ` + "`Accept`" + `), in a function that calls it or that it calls,
or by a request handler. A set of real connections filled anywhere in a package
that accepts connections (the hub goroutine of the gorilla chat example) is
reported too. A registry counts only when the package sends through it: a
function that reads it also writes to a connection, sends on a channel, or
calls a send, write, publish or broadcast method. A set of connections kept
only to close them on shutdown reaches no client.`,
	Fires: []string{
		"`clients map[*websocket.Conn]bool` of a hub, added to in the handler that calls `upgrader.Upgrade`",
		"`var conns = map[string]net.Conn{}` filled after `ln.Accept()`",
		"`h.clients[client] = true` in the hub's run loop, where `Client` holds a `*websocket.Conn` and a `send chan []byte`",
		"a map of subscriber channels written by a server-sent-events handler",
	},
	Quiet: []string{
		"a connection held in a local variable for the life of one request",
		"maps of channels that no handler or accepting function writes",
		"maps filled only in `init`",
		"open connections tracked for a graceful shutdown or a gauge: closed and counted, never written to",
		"connections this process dials out (a client pool), and work queues holding a wake-up channel",
	},
	Remediation: "Fan messages out through a shared pub/sub backing service such as Redis, NATS or a managed websocket gateway, so every replica delivers to its own clients.",
})

// connTypes are the connection types, by package path and type name, with
// the noun the message uses.
var connTypes = map[string]string{
	"github.com/gorilla/websocket.Conn":         "websocket connections",
	"github.com/coder/websocket.Conn":           "websocket connections",
	"nhooyr.io/websocket.Conn":                  "websocket connections",
	"golang.org/x/net/websocket.Conn":           "websocket connections",
	"net.Conn":                                  "network connections",
	"net.TCPConn":                               "network connections",
	"net.UnixConn":                              "network connections",
	"crypto/tls.Conn":                           "network connections",
	"github.com/gofiber/websocket/v2.Conn":      "websocket connections",
	"github.com/gofiber/contrib/websocket.Conn": "websocket connections",
}

// acceptors are the method and function names that hand out a connection.
var acceptors = map[string]bool{"Upgrade": true, "Accept": true, "AcceptTCP": true, "AcceptUnix": true}

func checkConnectionRegistries(ix *index) {
	related, accepts := ix.acceptingFuncs()
	dials := ix.dialingFuncs()
	for _, c := range ix.containers {
		ts := []types.Type{c.Key, c.Elem}
		if c.Elem == nil || types.IsInterface(c.Elem) {
			ts = append(ts, ix.storedTypes(c)...)
		}
		what, real := "", false
		for _, t := range ts {
			if w, r := ix.connKind(t, 0, map[types.Type]bool{}); w != "" && (what == "" || r && !real) {
				what, real = w, r
			}
		}
		if what == "" {
			continue
		}
		pool := false
		for _, w := range c.Writes {
			pool = pool || w.Func.Decl != nil && dials[w.Func.Decl] && !related[w.Func.Decl]
		}
		if pool || !ix.sendsThrough(c) {
			// A registry matters for the clients it reaches: one the
			// package never sends through (a tracker of open
			// connections for a graceful shutdown, a count for a gauge)
			// keeps no client state.
			// Connections this process dials out are a client pool, not
			// the clients of the service, wherever they are removed.
			continue
		}
		for _, w := range c.Writes {
			if w.Func.Init || w.Func.Decl == nil {
				continue
			}
			if !real && !related[w.Func.Decl] && !subscriberName(c.Ident.Name) {
				// Channels alone are clients only where connections are
				// accepted or when the registry is named for them: a
				// map of work queues with a wake-up channel is not.
				continue
			}
			if related[w.Func.Decl] || w.FromHandler || real && accepts {
				analysisutil.Report(ix.pass, ConnectionRegistry, c.Ident,
					"%s are registered in process memory in %s, written by %s",
					what, c.Place(), writer(w))
				break
			}
		}
	}
}

// acceptingFuncs returns the declarations that accept a connection, with the
// functions of this package they call and that call them, and whether the
// package accepts connections at all.
func (ix *index) acceptingFuncs() (map[*ast.FuncDecl]bool, bool) {
	decls := map[*types.Func]*ast.FuncDecl{}
	for _, f := range ix.files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fn, ok := ix.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					decls[fn] = fd
				}
			}
		}
	}
	accepting := map[*ast.FuncDecl]bool{}
	for _, s := range ix.sites {
		if ix.acceptsConn(s) {
			if d := enclosingDecl(s.stack); d != nil {
				accepting[d] = true
			}
		}
	}
	related := map[*ast.FuncDecl]bool{}
	for d := range accepting {
		related[d] = true
	}
	for _, s := range ix.sites {
		callee := decls[s.callee.Func]
		if callee == nil {
			continue
		}
		caller := enclosingDecl(s.stack)
		switch {
		case accepting[caller]:
			related[callee] = true
		case accepting[callee] && caller != nil:
			related[caller] = true
		}
	}
	return related, len(accepting) > 0
}

// acceptsConn reports whether the call hands out a connection: an Upgrade or
// Accept whose results include a connection type, or any such name when
// types are missing.
func (ix *index) acceptsConn(s *site) bool {
	if !acceptors[methodName(s.call)] {
		return false
	}
	t := ix.pass.TypesInfo.TypeOf(s.call)
	if t == nil || t == types.Typ[types.Invalid] {
		return true
	}
	if tup, ok := t.(*types.Tuple); ok {
		for i := 0; i < tup.Len(); i++ {
			if _, real := ix.connKind(tup.At(i).Type(), 0, map[types.Type]bool{}); real {
				return true
			}
		}
		return false
	}
	_, real := ix.connKind(t, 0, map[types.Type]bool{})
	return real
}

// connKind says what connections t holds: a connection type itself, a
// channel, or a struct of this package (two levels deep), slice or map
// holding one. real is false when only channels were found.
func (ix *index) connKind(t types.Type, depth int, seen map[types.Type]bool) (what string, real bool) {
	if t == nil || depth > 3 || seen[t] {
		return "", false
	}
	seen[t] = true
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if path, name := analysisutil.TypePath(t); path != "" {
		if w, ok := connTypes[path+"."+name]; ok {
			return w, true
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != ix.pass.Pkg {
			return "", false // a library type: its channels (time.Timer.C) are not clients
		}
	}
	var inner []types.Type
	switch u := t.Underlying().(type) {
	case *types.Chan:
		return "client channels", false
	case *types.Slice:
		inner = []types.Type{u.Elem()}
	case *types.Array:
		inner = []types.Type{u.Elem()}
	case *types.Map:
		inner = []types.Type{u.Key(), u.Elem()}
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			inner = append(inner, u.Field(i).Type())
		}
	}
	for _, it := range inner {
		if w, r := ix.connKind(it, depth+1, seen); w != "" && (what == "" || r && !real) {
			what, real = w, r
		}
	}
	return what, real
}

// dialers are the calls that open an outgoing connection.
var dialers = map[string]bool{"Dial": true, "DialContext": true, "DialTLS": true, "DialTLSContext": true, "DialTimeout": true}

// dialingFuncs returns the declarations that dial out.
func (ix *index) dialingFuncs() map[*ast.FuncDecl]bool {
	out := map[*ast.FuncDecl]bool{}
	for _, s := range ix.sites {
		if dialers[methodName(s.call)] {
			if d := enclosingDecl(s.stack); d != nil {
				out[d] = true
			}
		}
	}
	return out
}

// subscriberWords name registries of clients: a map of channels called
// subscribers, listeners or streams is one even outside an accept.
var subscriberWords = map[string]bool{
	"client": true, "clients": true, "subscriber": true, "subscribers": true, "subscription": true, "subscriptions": true,
	"listener": true, "listeners": true, "watcher": true, "watchers": true, "stream": true, "streams": true,
	"conn": true, "conns": true, "connection": true, "connections": true, "peer": true, "peers": true,
	"socket": true, "sockets": true, "session": true, "sessions": true, "observer": true, "observers": true,
	"sub": true, "subs": true, "hub": true,
}

func subscriberName(name string) bool {
	for _, w := range analysisutil.Words(name) {
		if subscriberWords[w] {
			return true
		}
	}
	return false
}

// sendWords are the words of the calls that reach a client: writing to a
// connection, sending on a stream or channel, publishing, broadcasting.
var sendWords = map[string]bool{
	"write": true, "writes": true, "send": true, "sends": true, "publish": true, "broadcast": true,
	"emit": true, "notify": true, "push": true, "deliver": true, "dispatch": true, "fanout": true,
}

// sendsThrough reports whether the package sends through the registry: a
// function that reads it (ranges over it, indexes it, or calls Load or
// Range on it) also writes to a connection, sends on a channel, or calls a
// send, write, publish or broadcast method. When types are missing it
// answers yes.
func (ix *index) sendsThrough(c *analysisutil.Container) bool {
	if c.Obj == nil {
		return true
	}
	for _, f := range ix.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || !ix.reads(fd.Body, c.Obj) {
				continue
			}
			if sends(fd.Body) {
				return true
			}
		}
	}
	return false
}

// reads reports whether body uses the container's variable or field other
// than as the target of an assignment.
func (ix *index) reads(body *ast.BlockStmt, obj *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.Ident:
			found = ix.pass.TypesInfo.Uses[x] == obj
		case *ast.SelectorExpr:
			if sel := ix.pass.TypesInfo.Selections[x]; sel != nil && sel.Obj() == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

// sends reports whether body sends something somewhere: a channel send or
// a call whose name speaks of sending or writing.
func sends(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.SendStmt:
			found = true
		case *ast.CallExpr:
			name := methodName(x)
			for _, w := range analysisutil.Words(name) {
				found = found || sendWords[w]
			}
		}
		return !found
	})
	return found
}
