package processstate

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
	"github.com/stateaudit/stateaudit/rules"
)

// PerInstanceRateLimit is a rate limit whose counters live in one replica.
var PerInstanceRateLimit = rules.Register(&rules.Rule{
	ID:       "per-instance-rate-limit",
	Title:    "Rate limit counted in process memory",
	Category: rules.Other,
	Characteristics: []rules.Characteristic{
		rules.Scalability, rules.FaultTolerance,
	},
	Practice: rules.BackingServices,
	Severity: rules.Warning,
	Source:   rules.GoSource,
	Summary:  "Reports per-client rate limiters kept in process memory: long-lived maps of golang.org/x/time/rate limiters written by request handlers, and the in-memory stores of ulule/limiter, tollbooth, sethvargo/go-limiter, echo and fiber.",
	Rationale: `A rate limiter that counts in process memory counts only the requests that
reach this replica. Behind a load balancer with N replicas a client gets N times
the limit it was promised, and the effective limit changes every time the
deployment scales. A restart or a deploy forgets every counter, so a client
that was throttled starts afresh. This weighs on **scalability** (the limit is
not a property of the service any more but of its replica count) and on
**fault tolerance** (state is lost with the instance).

The analyzer reports maps, ` + "`sync.Map`" + `s and concurrent maps of
` + "`*rate.Limiter`" + ` (or of structs holding one) that live as long as the process
and that a request handler writes — the per-IP or per-user limiter idiom — and
the in-memory stores of rate-limit libraries: ulule/limiter's ` + "`memory.NewStore`" + `,
tollbooth's limiters (an in-process TTL cache per key), sethvargo/go-limiter's
` + "`memorystore.New`" + `, echo's ` + "`NewRateLimiterMemoryStore`" + ` and fiber's limiter
middleware without a ` + "`Storage`" + `.

` + "`go.uber.org/ratelimit.New`" + ` is a process-wide pacer, not a per-client limit;
it is reported as a note, because the rate it enforces is multiplied by the
number of replicas.`,
	Fires: []string{
		"`var visitors = map[string]*rate.Limiter{}` filled by a middleware keyed by the client IP",
		"a `sync.Map` field storing a struct holding a `*rate.Limiter` per API key from a handler",
		"`memory.NewStore()` (ulule/limiter), `tollbooth.NewLimiter`, `memorystore.New`, `middleware.NewRateLimiterMemoryStore`",
		"fiber `limiter.New()` or `limiter.New(limiter.Config{Max: 10})` with no `Storage`",
		"`ratelimit.New(100)` (go.uber.org/ratelimit), as a note",
	},
	Quiet: []string{
		"a single package-level `rate.NewLimiter` that paces outgoing calls",
		"ulule/limiter's Redis store and fiber's limiter with a `Storage`",
		"maps of limiters filled only at start-up",
	},
	Remediation: "Count rate limits in a backing service every replica shares, such as a Redis-backed limiter store, or enforce them at the gateway.",
})

// memoryLimiters are constructors of per-key limiters that count in memory.
var memoryLimiters = map[string]string{
	"github.com/ulule/limiter/v3/drivers/store/memory.NewStore":            "memory.NewStore",
	"github.com/ulule/limiter/v3/drivers/store/memory.NewStoreWithOptions": "memory.NewStoreWithOptions",
	"github.com/sethvargo/go-limiter/memorystore.New":                      "memorystore.New",
}

// tollboothWrappers take a tollbooth limiter made elsewhere; they are
// reported only when the package makes no tollbooth limiter itself.
var tollboothWrappers = map[string]string{}

// fiberLimiters default to per-process memory unless Config.Storage is set.
var fiberLimiters = map[string]string{
	"github.com/gofiber/fiber/v2/middleware/limiter.New": "limiter.New",
	"github.com/gofiber/fiber/v3/middleware/limiter.New": "limiter.New",
}

const uberRateLimit = "go.uber.org/ratelimit.New"

func init() {
	tollbooth := []string{"", "/v5", "/v6", "/v7", "/v8"}
	for _, k := range versions("github.com/didip/tollbooth", tollbooth, "NewLimiter") {
		memoryLimiters[k] = "tollbooth.NewLimiter"
	}
	for _, sfx := range tollbooth {
		memoryLimiters["github.com/didip/tollbooth"+sfx+"/limiter.New"] = "limiter.New"
	}
	for _, k := range versions("github.com/didip/tollbooth", tollbooth, "LimitHandler", "LimitFuncHandler", "HTTPMiddleware", "LimitByKeys", "LimitByRequest") {
		tollboothWrappers[k] = "tollbooth." + lastName(k)
	}
	for _, v := range []string{"v4", "v5"} {
		for _, n := range []string{"NewRateLimiterMemoryStore", "NewRateLimiterMemoryStoreWithConfig"} {
			memoryLimiters["github.com/labstack/echo/"+v+"/middleware."+n] = "middleware." + n
		}
	}
}

func lastName(key string) string { return key[strings.LastIndex(key, ".")+1:] }

func checkRateLimits(ix *index) {
	checkLimiterMaps(ix)

	var wrappers []*site
	made := false
	for _, s := range ix.sites {
		if name, ok := lookup(memoryLimiters, s); ok {
			made = made || isTollbooth(s.callee.Path)
			analysisutil.ReportCall(ix.pass, PerInstanceRateLimit, s.call, s.callee,
				"per-client rate limits are counted in process memory by %s", name)
			continue
		}
		if _, ok := lookup(tollboothWrappers, s); ok {
			wrappers = append(wrappers, s)
			continue
		}
		if name, ok := lookup(fiberLimiters, s); ok {
			if !configSets(s.call, "Storage") {
				analysisutil.ReportCall(ix.pass, PerInstanceRateLimit, s.call, s.callee,
					"per-client rate limits are counted in process memory by %s without a Storage", name)
			}
			continue
		}
		if s.callee.Valid() && s.callee.Key() == uberRateLimit {
			analysisutil.ReportCallSeverity(ix.pass, PerInstanceRateLimit, rules.Note, s.call, s.callee,
				"process-wide rate limit of ratelimit.New is enforced per replica: the real limit is rate × replicas")
		}
	}
	if made {
		return
	}
	for _, s := range wrappers {
		name := tollboothWrappers[s.callee.Key()]
		analysisutil.ReportCall(ix.pass, PerInstanceRateLimit, s.call, s.callee,
			"per-client rate limits are counted in process memory by %s", name)
	}
}

func isTollbooth(path string) bool { return strings.HasPrefix(path, "github.com/didip/tollbooth") }

// configSets reports whether a middleware's config argument sets field: it
// is false for a call with no config and for a literal without the field,
// and true (benefit of the doubt) for a config built elsewhere.
func configSets(call *ast.CallExpr, field string) bool {
	if len(call.Args) == 0 {
		return false
	}
	arg := ast.Unparen(call.Args[0])
	if u, ok := arg.(*ast.UnaryExpr); ok {
		arg = ast.Unparen(u.X)
	}
	lit, ok := arg.(*ast.CompositeLit)
	if !ok {
		return true
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if id, ok := kv.Key.(*ast.Ident); ok && id.Name == field {
			if nilIdent, ok := kv.Value.(*ast.Ident); ok && nilIdent.Name == "nil" {
				return false
			}
			return true
		}
	}
	return false
}

// checkLimiterMaps reports long-lived maps of x/time/rate limiters that a
// request handler writes: one limiter per client, in this replica only.
func checkLimiterMaps(ix *index) {
	for _, c := range ix.containers {
		w, ok := c.HandlerWrite()
		if !ok {
			continue
		}
		ts := []types.Type{c.Elem}
		if c.Elem == nil || types.IsInterface(c.Elem) {
			ts = ix.storedTypes(c)
		}
		holds := false
		for _, t := range ts {
			holds = holds || holdsLimiter(t, 0)
		}
		if !holds {
			continue
		}
		what := "rate limiters are kept per key"
		if perClient(ix.pass, c.Ident.Name, w) {
			what = "per-client rate limiters are kept"
		}
		analysisutil.Report(ix.pass, PerInstanceRateLimit, c.Ident,
			"%s in process memory in %s, written by %s",
			what, c.Place(), writer(w))
	}
}

// holdsLimiter reports whether t is a rate.Limiter, a pointer to one, or a
// struct (two levels deep) holding one.
func holdsLimiter(t types.Type, depth int) bool {
	if t == nil || depth > 2 {
		return false
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if path, name := analysisutil.TypePath(t); path == "golang.org/x/time/rate" && name == "Limiter" {
		return true
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if holdsLimiter(st.Field(i).Type(), depth+1) {
			return true
		}
	}
	return false
}

// clientWords name who a limiter is for.
var clientWords = map[string]bool{
	"ip": true, "ips": true, "addr": true, "address": true, "remote": true, "user": true, "users": true,
	"visitor": true, "visitors": true, "client": true, "clients": true, "api": true, "apikey": true,
	"key": true, "token": true, "session": true, "account": true, "login": true, "host": true, "caller": true,
}

// perClient reports whether a limiter map is keyed by who calls: the key
// is a client identity (analysisutil.ClientKey), or the key or the map is
// named for one (limiters[ip], visitors). A map keyed by a queue or a
// route is a limiter per key, multiplied by the replicas all the same.
func perClient(pass *analysis.Pass, container string, w analysisutil.Write) bool {
	if w.Key == nil {
		return true
	}
	if _, ok := analysisutil.ClientKey(pass, w.Func.Decl, w.Key); ok {
		return true
	}
	named := func(s string) bool {
		for _, word := range analysisutil.Words(s) {
			if clientWords[word] {
				return true
			}
		}
		return false
	}
	if named(container) {
		return true
	}
	found := false
	ast.Inspect(w.Key, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Ident:
			found = found || named(x.Name)
		case *ast.BasicLit:
			found = found || x.Kind == token.STRING && named(strings.Trim(x.Value, "\"`"))
		}
		return !found
	})
	return found
}
