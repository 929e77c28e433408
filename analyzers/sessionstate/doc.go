// Package sessionstate defines an Analyzer that finds client session state
// kept inside one service instance.
//
// # Analyzer sessionstate
//
// sessionstate: report session state kept in process memory or on local disk
//
// A stateless service keeps no client session between requests: each request
// carries what it needs (a signed cookie, a token) or the session lives in a
// backing service every replica reaches. This analyzer reports:
//
//   - hand-rolled session maps: package-level variables and struct fields of
//     map, sync.Map or concurrent-map type whose names or key/value types
//     speak of sessions, users, carts, tokens, logins or OAuth state, and
//     which a request handler writes to (rule memory-session-map);
//   - session libraries left on their in-memory store (rule
//     memory-session-store): scs.New() whose Store is never assigned, the
//     scs, gin-contrib and quasoft memstores, Fiber v2/v3 session.New,
//     NewStore and NewWithStore and gofiber/session with no Storage (or
//     Provider) in their Config, beego's "memory" provider and SessionOn
//     left on the default provider, go-session's NewManager and InitManager
//     without SetStore, and iris sessions.New without UseDatabase;
//   - session stores on the node's own disk (rule local-session-store):
//     gorilla and gin-contrib filesystem stores, the scs badgerstore,
//     boltstore, buntdbstore, leveldbstore and sqlite3store, beego's "file"
//     provider and iris's sessiondb/boltdb and sessiondb/badger.
//
// Library calls are matched by their resolved callee, so aliased and dot
// imports work; when a library's types are missing, calls are recognised
// from the file's import table and the message says so. Stores handed to
// echo-contrib session.Middleware or gin-contrib sessions.Sessions are judged
// by their constructor, or by their type when it was built elsewhere.
//
// Maps filled only in init or at declaration, request-scoped values and
// maps that no handler writes are not reported, nor are cookie stores,
// stores in backing services (Redis, SQL databases), and library
// configurations the analyzer cannot see (a Config returned by a function,
// options passed as a slice).
package sessionstate
