package ratelimit

import (
	"net"
	"net/http"
	"sync"
	"time"

	tb "github.com/didip/tollbooth/v7"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/labstack/echo/v4/middleware"
	"github.com/sethvargo/go-limiter/memorystore"
	"github.com/ulule/limiter/v3/drivers/store/memory"
	"github.com/ulule/limiter/v3/drivers/store/redis"
	uber "go.uber.org/ratelimit"
	"golang.org/x/time/rate"
)

// Fires: the per-IP limiter idiom, written one call deep from a middleware closure.
var limiters = map[string]*rate.Limiter{} // want `per-client rate limiters are kept in process memory in package-level map limiters, written by handler limiterFor`

var mu sync.Mutex

func limiterFor(ip string) *rate.Limiter {
	mu.Lock()
	defer mu.Unlock()
	l, ok := limiters[ip]
	if !ok {
		l = rate.NewLimiter(1, 3)
		limiters[ip] = l
	}
	return l
}

func limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip, _, _ := net.SplitHostPort(r.RemoteAddr)
		if !limiterFor(ip).Allow() {
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Fires: a sync.Map field of structs holding a limiter, stored by a handler.
type visitor struct {
	limiter  *rate.Limiter
	lastSeen time.Time
}

type api struct {
	visitors sync.Map // want `per-client rate limiters are kept in process memory in field of api, sync.Map visitors, written by handler api.serve`
}

func (a *api) serve(w http.ResponseWriter, r *http.Request) {
	v, _ := a.visitors.LoadOrStore(r.Header.Get("X-API-Key"), &visitor{limiter: rate.NewLimiter(5, 5)})
	_ = v
}

// Quiet: one global limiter pacing outgoing calls.
var outgoing = rate.NewLimiter(10, 1)

func callUpstream() bool { return outgoing.Allow() }

// Quiet: limiters filled at start-up only.
var tiers = map[string]*rate.Limiter{}

func init() {
	tiers["free"] = rate.NewLimiter(1, 1)
	tiers["paid"] = rate.NewLimiter(100, 100)
}

// Library stores.
func setup() {
	_ = memory.NewStore()                                                // want `per-client rate limits are counted in process memory by memory.NewStore`
	_, _ = memorystore.New(&memorystore.Config{Tokens: 5})               // want `per-client rate limits are counted in process memory by memorystore.New`
	_ = middleware.RateLimiter(middleware.NewRateLimiterMemoryStore(20)) // want `per-client rate limits are counted in process memory by middleware.NewRateLimiterMemoryStore`
	lmt := tb.NewLimiter(1, nil)                                         // want `per-client rate limits are counted in process memory by tollbooth.NewLimiter`
	http.Handle("/", tb.LimitFuncHandler(lmt, func(w http.ResponseWriter, r *http.Request) {}))

	app := fiber.New()
	app.Use(limiter.New())                        // want `per-client rate limits are counted in process memory by limiter.New without a Storage`
	app.Use(limiter.New(limiter.Config{Max: 20})) // want `per-client rate limits are counted in process memory by limiter.New without a Storage`
	app.Use(limiter.New(limiter.Config{Storage: shared{}}))

	// Quiet: the Redis store is shared by every replica.
	_, _ = redis.NewStore(nil)

	// Note: a process-wide pacer.
	_ = uber.New(100) // want `process-wide rate limit of ratelimit.New is enforced per replica: the real limit is rate × replicas \(severity: note\)`
}

type shared struct{}

func (shared) Get(key string) ([]byte, error) { return nil, nil }

// Fires, worded as per key: a limiter per work queue, created by a handler.
// Each replica paces its own queue, so the real rate is multiplied too.
type queue struct{ pace *rate.Limiter }

type queues struct {
	mu     sync.Mutex
	byName map[string]*queue // want `rate limiters are kept per key in process memory in field of queues, map byName, written by handler queues.create`
}

func (q *queues) create(w http.ResponseWriter, r *http.Request) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.byName[r.FormValue("queue")] = &queue{pace: rate.NewLimiter(10, 1)}
}
