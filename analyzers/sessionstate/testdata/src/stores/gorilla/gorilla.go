package gorilla

import (
	"os"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo-contrib/session"
	"github.com/quasoft/memstore"
)

var key = []byte(os.Getenv("SESSION_KEY"))

// Fires: node-local files and process memory.
var files = sessions.NewFilesystemStore("", key) // want `sessions are kept on the node's disk by sessions\.NewFilesystemStore`

var mem = memstore.NewMemStore(key) // want `sessions are kept in process memory by memstore\.NewMemStore`

// Quiet: a signed client-side cookie.
var cookies = sessions.NewCookieStore(key)

func middlewares(shared *sessions.FilesystemStore) []session.MiddlewareFunc {
	return []session.MiddlewareFunc{
		session.Middleware(files),                                  // reported at the constructor
		session.Middleware(mem),                                    // reported at the constructor
		session.Middleware(cookies),                                // a cookie store is fine
		session.Middleware(sessions.NewCookieStore(key)),           // a cookie store is fine
		session.Middleware(sessions.NewFilesystemStore("/d", key)), // want `sessions are kept on the node's disk by sessions\.NewFilesystemStore`
		session.Middleware(shared),                                 // want `session\.Middleware keeps sessions on the node's disk: its store is a \*sessions\.FilesystemStore`
	}
}
