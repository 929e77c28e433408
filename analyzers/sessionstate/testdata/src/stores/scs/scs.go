package scs

import (
	"database/sql"
	"time"

	"github.com/alexedwards/scs/postgresstore"
	"github.com/alexedwards/scs/redisstore"
	"github.com/alexedwards/scs/sqlite3store"
	sessionmanager "github.com/alexedwards/scs/v2" // aliased import
	"github.com/alexedwards/scs/v2/memstore"
)

// Fires: the default store is memory and nothing replaces it.
func defaultStore() *sessionmanager.SessionManager {
	sm := sessionmanager.New() // want `scs\.New keeps sessions in process memory: its Store is never set`
	sm.Lifetime = int64(24 * time.Hour)
	return sm
}

// Fires: explicit memory stores.
func explicitMemory() {
	sm := sessionmanager.New()
	sm.Store = memstore.New() // want `sessions are kept in process memory by memstore\.New`
	other := sessionmanager.New()
	other.Store = memstore.NewWithCleanupInterval(time.Minute) // want `sessions are kept in process memory by memstore\.NewWithCleanupInterval`
}

// Fires: an embedded SQLite file is on the node's disk.
func sqlite(db *sql.DB) {
	sm := sessionmanager.New()
	sm.Store = sqlite3store.New(db) // want `sessions are kept on the node's disk by sqlite3store\.New`
}

// Quiet: the Store is set to a backing service.
func redis(pool *redisstore.Pool) *sessionmanager.SessionManager {
	sm := sessionmanager.New()
	sm.Store = redisstore.New(pool)
	return sm
}

func postgres(db *sql.DB) {
	var sm = sessionmanager.New()
	sm.Store = postgresstore.New(db)
}

// Struct fields: the manager lives in a field and its Store is set later,
// in another method.
type application struct {
	sessions *sessionmanager.SessionManager
	cache    *sessionmanager.SessionManager
}

func newApplication() *application {
	app := &application{sessions: sessionmanager.New()}
	app.cache = sessionmanager.New() // want `scs\.New keeps sessions in process memory: its Store is never set`
	return app
}

func (app *application) useRedis(pool *redisstore.Pool) {
	app.sessions.Store = redisstore.New(pool)
}

// A package-level manager configured in main: quiet.
var global *sessionmanager.SessionManager

func setupGlobal(db *sql.DB) {
	global = sessionmanager.New()
	global.Store = postgresstore.New(db)
}

// Quiet: built by a helper and configured by its caller.
func newManager() *sessionmanager.SessionManager {
	return sessionmanager.New()
}

func configured(pool *redisstore.Pool) *sessionmanager.SessionManager {
	m := newManager()
	m.Store = redisstore.New(pool)
	return m
}
