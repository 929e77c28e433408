package iris

import (
	"os"
	"time"

	"github.com/kataras/iris/v12/sessions"
	"github.com/kataras/iris/v12/sessions/sessiondb/boltdb"
	"github.com/kataras/iris/v12/sessions/sessiondb/redis"
)

func memory() *sessions.Sessions {
	sess := sessions.New(sessions.Config{Cookie: "sid", Expires: time.Hour}) // want `sessions\.New keeps sessions in process memory: UseDatabase is never called on it`
	return sess
}

func backed() *sessions.Sessions {
	// Quiet: a Redis database.
	sess := sessions.New(sessions.Config{Cookie: "sid"})
	sess.UseDatabase(redis.New(redis.Config{Addr: "redis:6379"}))
	return sess
}

func bolt() {
	// The manager is backed, but by a file on the node.
	sess := sessions.New(sessions.Config{Cookie: "sid"})
	db, _ := boltdb.New("./sessions.db", os.FileMode(0o600)) // want `sessions are kept on the node's disk by boltdb\.New`
	sess.UseDatabase(db)
}

// Quiet: the database is set on the result directly.
func chained() {
	sessions.New(sessions.Config{Cookie: "sid"}).UseDatabase(redis.New())
}
