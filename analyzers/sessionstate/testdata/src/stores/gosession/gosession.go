package gosession

import (
	"github.com/go-session/redis/v3"
	"github.com/go-session/session/v3"
)

var memory = session.NewManager(session.SetCookieName("sid")) // want `session\.NewManager keeps sessions in process memory: no session\.SetStore option is given`

func setup() {
	session.InitManager() // want `session\.InitManager keeps sessions in process memory: no session\.SetStore option is given`

	// Quiet: a store is set, directly or through a variable.
	session.InitManager(session.SetStore(redis.NewRedisStore(&redis.Options{Addr: "redis:6379"})))
	store := session.SetStore(redis.NewRedisStore(&redis.Options{Addr: "redis:6379"}))
	_ = session.NewManager(session.SetCookieName("sid"), store)
	// Quiet: options the analyzer cannot see.
	var opts []session.Option
	_ = session.NewManager(opts...)
}
