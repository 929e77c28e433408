package fiber

import (
	"time"

	v2session "github.com/gofiber/fiber/v2/middleware/session"
	"github.com/gofiber/fiber/v3/middleware/session"
	oldsession "github.com/gofiber/session/v2"
	"github.com/gofiber/storage/redis"
)

var storage = redis.New(redis.Config{Host: "redis"})

func v2() {
	_ = v2session.New()                                             // want `session\.New keeps sessions in process memory: its Config sets no Storage`
	_ = v2session.New(v2session.Config{Expiration: 24 * time.Hour}) // want `session\.New keeps sessions in process memory: its Config sets no Storage`
	cfg := v2session.Config{KeyLookup: "cookie:sid"}
	_ = v2session.New(cfg) // want `session\.New keeps sessions in process memory: its Config sets no Storage`

	// Quiet: a Storage is given, in the literal or later on the variable.
	_ = v2session.New(v2session.Config{Storage: storage})
	withStorage := v2session.Config{}
	withStorage.Storage = storage
	_ = v2session.New(withStorage)
	// Quiet: a Config the analyzer cannot see.
	_ = v2session.New(loadConfig())
}

func loadConfig() v2session.Config { return v2session.Config{} }

func v3() {
	_ = session.New()                                                 // want `session\.New keeps sessions in process memory: its Config sets no Storage`
	_, _ = session.NewWithStore()                                     // want `session\.NewWithStore keeps sessions in process memory: its Config sets no Storage`
	store := session.NewStore(session.Config{IdleTimeout: time.Hour}) // want `session\.NewStore keeps sessions in process memory: its Config sets no Storage`

	// Quiet: Storage, or a Store built elsewhere (that call is judged on its own).
	_ = session.New(session.Config{Storage: storage})
	_ = session.New(session.Config{Store: store})
	_ = session.NewStore(session.Config{Storage: storage})
}

func older() {
	_ = oldsession.New(oldsession.Config{Lookup: "cookie:sid"}) // want `session\.New keeps sessions in process memory: its Config sets no Provider`
	_ = oldsession.New(oldsession.Config{Provider: storage})
}
