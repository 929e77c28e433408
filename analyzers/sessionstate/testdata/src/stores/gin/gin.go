package gin

import (
	"github.com/gin-contrib/sessions"
	"github.com/gin-contrib/sessions/cookie"
	"github.com/gin-contrib/sessions/filesystem"
	gmem "github.com/gin-contrib/sessions/memstore"
	"github.com/gin-contrib/sessions/redis"
)

var key = []byte("secret")

func routes() []sessions.HandlerFunc {
	mem := gmem.NewStore(key)                                                          // want `sessions are kept in process memory by memstore\.NewStore`
	files := sessions.Sessions("s", filesystem.NewStore("/var/lib/app/sessions", key)) // want `sessions are kept on the node's disk by filesystem\.NewStore`
	// Quiet: the client's cookie, and Redis.
	c := cookie.NewStore(key)
	r, _ := redis.NewStore(10, "tcp", "redis:6379", "", "", key)
	return []sessions.HandlerFunc{
		sessions.Sessions("mem", mem), // reported at the constructor, not again here
		files,
		sessions.Sessions("cookie", c),
		sessions.SessionsMany([]string{"a", "b"}, r),
	}
}

// Fires at the middleware: the store comes from a helper, its type tells.
func fromHelper(newStore func() filesystem.Store) sessions.HandlerFunc {
	return sessions.Sessions("s", newStore()) // want `sessions\.Sessions keeps sessions on the node's disk: its store is a filesystem\.Store`
}
