// Package processstate defines an Analyzer that finds process-local state
// that breaks scale-out: state that is correct with one replica and wrong,
// or duplicated, with two.
//
// # Analyzer processstate
//
// processstate: report process-local state that breaks scale-out
//
// A stateless service can run any number of identical replicas. This
// analyzer reports the state that makes replicas differ from each other:
//
//   - per-client rate limiters in process memory: long-lived maps of
//     golang.org/x/time/rate limiters written by handlers, and the in-memory
//     stores of ulule/limiter, tollbooth, sethvargo/go-limiter, echo and
//     fiber; go.uber.org/ratelimit as a note (rule per-instance-rate-limit);
//   - connection registries: maps and sets of websocket or network
//     connections, or of clients holding one or a channel, filled where
//     connections are accepted, so broadcasts reach only this replica's
//     clients (rule connection-registry);
//   - in-process caches (go-cache, golang-lru, bigcache, freecache,
//     ristretto, ttlcache, otter, groupcache): a note, or a warning when a
//     handler stores entries under a key taken from the request (rule
//     in-process-cache);
//   - in-process schedulers (robfig/cron, go-co-op/gocron) and ticker loops
//     doing work in a main package that serves traffic, which run once per
//     replica (rule in-process-scheduler);
//   - signing keys generated at start-up by securecookie.GenerateRandomKey or
//     crypto/rand and used for cookie stores, CSRF protection or JWTs, which
//     other replicas cannot verify (rule per-process-secret).
//
// A finding whose severity differs from its rule's default (an in-process
// cache keyed per client, go.uber.org/ratelimit) carries
// analysisutil.SeverityMarker at the end of its message.
package processstate
