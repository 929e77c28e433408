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

// Fires on the key, though the name says nothing: a handler fills the map
// under the caller's X-User-ID header.
var placed = map[string]string{} // want `per-client state is kept in process memory in package-level map placed, keyed by the X-User-ID header, written by handler placeOrder`

func placeOrder(w http.ResponseWriter, r *http.Request) {
	user := r.Header.Get("X-User-ID")
	placed[user] = r.FormValue("token")
}

// Fires: keyed by a cookie's value, through a local variable.
type prefs struct {
	byCookie map[string]string // want `per-client state is kept in process memory in field of prefs, map byCookie, keyed by the theme_owner cookie, written by handler prefs.save`
}

func (p *prefs) save(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie("theme_owner")
	if err != nil {
		return
	}
	p.byCookie[c.Value] = r.FormValue("theme")
}

// Quiet: keyed by the route, not the client (a page cache).
var pages = map[string][]byte{}

func page(w http.ResponseWriter, r *http.Request) {
	pages[r.URL.Path] = []byte("…")
	pages[r.Header.Get("Accept-Language")] = nil
}

// Quiet: a per-user channel map is a connection registry (processstate).
var feeds = map[string]chan string{}

func feed(w http.ResponseWriter, r *http.Request) {
	feeds[r.Header.Get("X-User-ID")] = make(chan string)
}
