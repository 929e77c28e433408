package cache

import (
	"context"
	"net/http"
	"time"

	"github.com/allegro/bigcache/v3"
	"github.com/coocood/freecache"
	"github.com/dgraph-io/ristretto"
	"github.com/golang/groupcache"
	lruv1 "github.com/hashicorp/golang-lru"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/jellydator/ttlcache/v3"
	"github.com/maypok86/otter/v2"
	. "github.com/patrickmn/go-cache"
)

type Profile struct{ Name string }

// Warning: a generic LRU keyed by the caller's user header, written by a handler.
var profiles, _ = lru.New[string, *Profile](1024) // want `per-client cache entries are kept in process memory by lru.New, stored by handler profile under a key taken from the request \(severity: warning\)`

func profile(w http.ResponseWriter, r *http.Request) {
	user := r.Header.Get("X-User")
	profiles.Add(user, &Profile{Name: user})
}

// Warning: go-cache through a dot import, keyed by the client IP in a field.
type server struct {
	seen *Cache
}

func newServer() *server {
	return &server{seen: New(time.Minute, time.Hour)} // want `per-client cache entries are kept in process memory by cache.New, stored by handler server.hit under a key taken from the request \(severity: warning\)`
}

func (s *server) hit(w http.ResponseWriter, r *http.Request) {
	s.seen.Set(r.RemoteAddr, 1, DefaultExpiration)
}

// Note: a page cache keyed by the route is not per client.
var pages = expirable.NewLRU[string, []byte](128, nil, time.Minute) // want `cache entries are kept in process memory by expirable.NewLRU$`

func page(w http.ResponseWriter, r *http.Request) {
	pages.Add(r.URL.Path, []byte("<html>"))
}

// Notes: the other libraries.
func setup() {
	_, _ = lruv1.New(64)                                                           // want `cache entries are kept in process memory by lru.New$`
	_, _ = lruv1.NewARC(64)                                                        // want `cache entries are kept in process memory by lru.NewARC$`
	_, _ = bigcache.New(context.Background(), bigcache.DefaultConfig(time.Minute)) // want `cache entries are kept in process memory by bigcache.New$`
	_ = freecache.NewCache(1 << 20)                                                // want `cache entries are kept in process memory by freecache.NewCache$`
	_, _ = ristretto.NewCache(&ristretto.Config{MaxCost: 1})                       // want `cache entries are kept in process memory by ristretto.NewCache$`
	_ = ttlcache.New[string, string]()                                             // want `cache entries are kept in process memory by ttlcache.New$`
	_, _ = otter.New(&otter.Options[string, int]{MaximumSize: 10})                 // want `cache entries are kept in process memory by otter.New$`
	_ = groupcache.NewGroup("thumbs", 64<<20, groupcache.GetterFunc(               // want `cache entries are kept in process memory by groupcache.NewGroup$`
		func(ctx context.Context, key string, dest groupcache.Sink) error { return dest.SetString(key) }))
	_ = NewFrom(time.Minute, time.Hour, nil) // want `cache entries are kept in process memory by cache.NewFrom$`
}

// Quiet: a local map used as a memo inside one call.
func memo(keys []string) int {
	m := map[string]int{}
	for _, k := range keys {
		m[k]++
	}
	return len(m)
}
