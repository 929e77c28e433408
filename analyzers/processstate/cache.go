package processstate

import (
	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
	"github.com/stateaudit/stateaudit/rules"
)

// InProcessCache is a cache whose entries live in one replica's memory.
var InProcessCache = rules.Register(&rules.Rule{
	ID:       "in-process-cache",
	Title:    "Cache kept in process memory",
	Category: rules.Other,
	Characteristics: []rules.Characteristic{
		rules.Scalability, rules.NoClientSessionState,
	},
	Practice: rules.BackingServices,
	Severity: rules.Note,
	Source:   rules.GoSource,
	Summary:  "Reports in-process caches (go-cache, golang-lru, bigcache, freecache, ristretto, ttlcache, otter, groupcache), as a warning when a handler stores entries keyed by something taken from the request.",
	Rationale: `Each replica fills its own in-process cache. For immutable data, or data read
through from a database, that costs only memory and a cold start: the finding is
a note. For mutable data the replicas drift apart — an update written through
one pod is still stale on the others until their entries expire — and every
replica added divides the hit rate, which weighs on **scalability**.

When a request handler stores entries under a key taken from the request (the
client's IP, user ID, API key, cookie), the cache holds per-client state: the
client sees it only while the load balancer keeps sending it to the same pod,
and loses it on restart. That is client session state by another name, so the
finding becomes a warning and weighs on **no client session state** too.

The analyzer reports the constructors of patrickmn/go-cache, hashicorp/golang-lru
(v1 and v2, with its ARC, 2Q and expirable variants), allegro/bigcache,
coocood/freecache, dgraph-io/ristretto, jellydator/ttlcache, maypok86/otter and
golang/groupcache, and follows the variable the cache is stored in to its
` + "`Set`" + `/` + "`Add`" + `/` + "`Put`" + ` calls.`,
	Fires: []string{
		"`cache.New(5*time.Minute, 10*time.Minute)` (go-cache), as a note",
		"`lru.New[string, *Profile](1024)` stored into by a handler under `r.Header.Get(\"X-User\")`, as a warning",
		"`ristretto.NewCache`, `bigcache.New`, `freecache.NewCache`, `ttlcache.New`, `otter.MustBuilder`, `groupcache.NewGroup`",
	},
	Quiet: []string{
		"plain maps used as caches (reported by the session and map rules when they hold client state)",
		"caches from backing services (Redis, memcached clients)",
	},
	Remediation: "Keep mutable or per-client cached data in a shared cache such as Redis or memcached, and reserve in-process caches for immutable or read-through data.",
})

// cacheConstructors maps each in-process cache constructor to the name a
// finding uses.
var cacheConstructors = map[string]string{
	"github.com/patrickmn/go-cache.New":     "cache.New",
	"github.com/patrickmn/go-cache.NewFrom": "cache.NewFrom",

	"github.com/hashicorp/golang-lru.New":                 "lru.New",
	"github.com/hashicorp/golang-lru.NewWithEvict":        "lru.NewWithEvict",
	"github.com/hashicorp/golang-lru.NewARC":              "lru.NewARC",
	"github.com/hashicorp/golang-lru.New2Q":               "lru.New2Q",
	"github.com/hashicorp/golang-lru.New2QParams":         "lru.New2QParams",
	"github.com/hashicorp/golang-lru/simplelru.NewLRU":    "simplelru.NewLRU",
	"github.com/hashicorp/golang-lru/v2.New":              "lru.New",
	"github.com/hashicorp/golang-lru/v2.NewWithEvict":     "lru.NewWithEvict",
	"github.com/hashicorp/golang-lru/v2.New2Q":            "lru.New2Q",
	"github.com/hashicorp/golang-lru/v2.New2QParams":      "lru.New2QParams",
	"github.com/hashicorp/golang-lru/v2/simplelru.NewLRU": "simplelru.NewLRU",
	"github.com/hashicorp/golang-lru/v2/expirable.NewLRU": "expirable.NewLRU",
	"github.com/hashicorp/golang-lru/arc/v2.NewARC":       "arc.NewARC",
	"github.com/allegro/bigcache.NewBigCache":             "bigcache.NewBigCache",
	"github.com/allegro/bigcache/v2.NewBigCache":          "bigcache.NewBigCache",
	"github.com/allegro/bigcache/v3.New":                  "bigcache.New",
	"github.com/allegro/bigcache/v3.NewBigCache":          "bigcache.NewBigCache",
	"github.com/coocood/freecache.NewCache":               "freecache.NewCache",
	"github.com/dgraph-io/ristretto.NewCache":             "ristretto.NewCache",
	"github.com/dgraph-io/ristretto/v2.NewCache":          "ristretto.NewCache",
	"github.com/jellydator/ttlcache/v2.NewCache":          "ttlcache.NewCache",
	"github.com/jellydator/ttlcache/v3.New":               "ttlcache.New",
	"github.com/maypok86/otter.MustBuilder":               "otter.MustBuilder",
	"github.com/maypok86/otter.NewBuilder":                "otter.NewBuilder",
	"github.com/maypok86/otter/v2.New":                    "otter.New",
	"github.com/maypok86/otter/v2.Must":                   "otter.Must",
	"github.com/golang/groupcache.NewGroup":               "groupcache.NewGroup",
	"github.com/golang/groupcache/lru.New":                "lru.New",
}

// cacheWrites are the method names that store an entry under a key passed
// as the first argument.
var cacheWrites = map[string]bool{
	"Set": true, "SetDefault": true, "SetWithTTL": true, "Add": true, "Replace": true,
	"Put": true, "Store": true, "ContainsOrAdd": true, "PeekOrAdd": true, "Increment": true,
	"IncrementInt": true, "Append": true, "Compute": true, "SetIfAbsent": true,
}

func checkCaches(ix *index) {
	for _, s := range ix.sites {
		name, ok := lookup(cacheConstructors, s)
		if !ok {
			continue
		}
		if handler, ok := ix.perClientWrite(s); ok {
			analysisutil.ReportCallSeverity(ix.pass, InProcessCache, rules.Warning, s.call, s.callee,
				"per-client cache entries are kept in process memory by %s, stored by handler %s under a key taken from the request",
				name, handler)
			continue
		}
		analysisutil.ReportCall(ix.pass, InProcessCache, s.call, s.callee,
			"cache entries are kept in process memory by %s", name)
	}
}

// perClientWrite finds a store into the cache made by s whose key comes from
// the request a handler serves, and names the handler.
func (ix *index) perClientWrite(s *site) (string, bool) {
	calls, _ := ix.methodCalls(s)
	for _, w := range calls {
		if !cacheWrites[methodName(w.call)] || len(w.call.Args) == 0 {
			continue
		}
		req, handler := ix.requestVars(w)
		if handler == "" || len(req) == 0 {
			continue
		}
		if ix.derivedFrom(w.call.Args[0], req) {
			return handler, true
		}
	}
	return "", false
}
