package sessionmap

import (
	"context"
	"html/template"
	"net/http"
	"sync"
)

type Session struct{ User string }

// Fires: a package-level map written by a handler.
var sessions = map[string]*Session{} // want `sessions are kept in process memory in package-level map sessions, written by handler login`

var mu sync.Mutex

func login(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	sessions[r.FormValue("id")] = &Session{User: r.FormValue("user")}
	mu.Unlock()
}

// Fires: a sync.Map field of a long-lived server, written from a closure handler.
type server struct {
	carts  sync.Map // want `carts are kept in process memory in field of server, sync.Map carts, written by handler server.routes.func`
	routes map[string]http.HandlerFunc
	hits   map[string]int
	tmpl   map[string]*template.Template
}

func (s *server) routes() {
	http.HandleFunc("/cart", func(w http.ResponseWriter, r *http.Request) {
		s.carts.Store(r.FormValue("id"), []string{"apple"})
		s.hits[r.URL.Path]++ // metrics counter: not session state
	})
}

// Fires: a helper one call deep from the handler does the write; the key type names the state.
type UserID string

var byUser = map[UserID]int{} // want `users are kept in process memory in package-level map byUser, written by handler remember`

func remember(id UserID) { byUser[id]++ }

func profile(w http.ResponseWriter, r *http.Request) { remember(UserID(r.FormValue("u"))) }

// Fires: a gRPC-style method on a server type.
type authServer struct {
	tokens map[string]string // want `tokens are kept in process memory in field of authServer, map tokens, written by handler authServer.Login`
}

type LoginRequest struct{ Name string }
type LoginReply struct{ Token string }

func (a *authServer) Login(ctx context.Context, req *LoginRequest) (*LoginReply, error) {
	a.tokens[req.Name] = "t"
	return &LoginReply{}, nil
}

// Quiet: filled only in init and at declaration.
var userRoles = map[string]string{"admin": "all"}

func init() { userRoles["guest"] = "read" }

// Quiet: written outside any handler (start-up code).
var sessionDefaults = map[string]int{}

func Configure() { sessionDefaults["ttl"] = 3600 }

// Quiet: a request-scoped value, even though it names sessions.
type request struct{ sessions map[string]string }

func scoped(w http.ResponseWriter, r *http.Request) {
	req := request{sessions: map[string]string{}}
	req.sessions["a"] = "b"
	local := map[string]*Session{}
	local["x"] = &Session{}
}

// Quiet: a template cache written by a handler says nothing of clients.
var templates = map[string]*template.Template{}

func render(w http.ResponseWriter, r *http.Request) {
	templates[r.URL.Path] = template.New("x")
}

// Quiet: a sync.Once and a mutex are not maps.
var sessionOnce sync.Once
