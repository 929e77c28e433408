package connregistry

import (
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
	ws "github.com/gorilla/websocket"
)

var upgrader = ws.Upgrader{}

// Fires: a set of gorilla connections added to in the upgrading handler.
var (
	conns   = map[*ws.Conn]bool{} // want `websocket connections are registered in process memory in package-level map conns, written by handler serveWS`
	connsMu sync.Mutex
)

func serveWS(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	connsMu.Lock()
	conns[c] = true
	connsMu.Unlock()
}

func broadcast(msg []byte) {
	for c := range conns {
		_ = c.WriteMessage(1, msg)
	}
}

// Fires: the gorilla chat hub — clients registered by the hub's own loop.
type Client struct {
	hub  *Hub
	conn *ws.Conn
	send chan []byte
}

type Hub struct {
	clients    map[*Client]bool // want `websocket connections are registered in process memory in field of Hub, map clients, written by Hub.run`
	register   chan *Client
	unregister chan *Client
	broadcast  chan []byte
}

func (h *Hub) run() {
	for {
		select {
		case c := <-h.register:
			h.clients[c] = true
		case c := <-h.unregister:
			delete(h.clients, c)
		case m := <-h.broadcast:
			for c := range h.clients {
				c.send <- m
			}
		}
	}
}

func serveHub(hub *Hub, w http.ResponseWriter, r *http.Request) {
	conn, _ := upgrader.Upgrade(w, r, nil)
	hub.register <- &Client{hub: hub, conn: conn, send: make(chan []byte, 256)}
}

// Fires: coder/websocket connections in a sync.Map, stored by a helper the
// accepting function calls.
type rooms struct {
	members sync.Map // want `websocket connections are registered in process memory in field of rooms, sync.Map members, written by handler rooms.join`
}

func (rm *rooms) join(id string, c *websocket.Conn) { rm.members.Store(id, c) }

func (rm *rooms) say(id string, msg []byte) {
	if c, ok := rm.members.Load(id); ok {
		_ = c.(*websocket.Conn).Write(nil, 1, msg)
	}
}

func (rm *rooms) accept(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	rm.join(r.URL.Query().Get("id"), c)
}

// Fires: a TCP server that keeps its peers.
var peers = map[string]net.Conn{} // want `network connections are registered in process memory in package-level map peers, written by listen`

func listen(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		peers[c.RemoteAddr().String()] = c
	}
}

func gossip(msg []byte) {
	for _, p := range peers {
		_, _ = p.Write(msg)
	}
}

// Fires: server-sent-events subscribers, channels added by a handler.
var subscribers = map[chan string]struct{}{} // want `client channels are registered in process memory in package-level map subscribers, written by handler events`

func events(w http.ResponseWriter, r *http.Request) {
	ch := make(chan string)
	subscribers[ch] = struct{}{}
}

func publish(event string) {
	for ch := range subscribers {
		ch <- event
	}
}

// Quiet: open connections tracked for a graceful shutdown, closed and
// counted, never written to.
type tracker struct {
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func (t *tracker) serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		t.mu.Lock()
		t.conns[c] = struct{}{}
		t.mu.Unlock()
	}
}

func (t *tracker) shutdown() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for c := range t.conns {
		_ = c.Close()
	}
}

func (t *tracker) open() int { return len(t.conns) }

// Quiet: a connection in a local for the life of one request.
func echo(w http.ResponseWriter, r *http.Request) {
	c, _ := upgrader.Upgrade(w, r, nil)
	local := map[string]*ws.Conn{"me": c}
	_ = local
}

// Quiet: a map of channels that no handler writes (worker pool set up at start).
var workers = map[string]chan int{}

func startWorkers() {
	for _, n := range []string{"a", "b"} {
		workers[n] = make(chan int)
	}
}

// Quiet: timers hold a channel, but they are not clients.
var timers = map[string]*time.Timer{}

func schedule(w http.ResponseWriter, r *http.Request) {
	timers[r.URL.Path] = time.NewTimer(time.Second)
}

// Quiet: work queues whose state wakes a worker through a channel, created
// by a handler: no client is registered.
type queueState struct {
	name   string
	signal chan struct{}
}

type queueService struct {
	mu     sync.Mutex
	queues map[string]*queueState
}

func (s *queueService) createQueue(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queues[r.FormValue("name")] = &queueState{name: r.FormValue("name"), signal: make(chan struct{}, 1)}
}

// Quiet: connections this process dials out to another service, kept in a
// pool by a handler.
type outbound struct {
	mu    sync.Mutex
	conns map[string]*ws.Conn
}

func (o *outbound) connect(w http.ResponseWriter, r *http.Request) {
	c, _, err := ws.DefaultDialer.Dial(r.FormValue("url"), nil)
	if err != nil {
		return
	}
	o.mu.Lock()
	o.conns[r.FormValue("id")] = c
	o.mu.Unlock()
}

func (o *outbound) disconnect(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	delete(o.conns, r.FormValue("id"))
	o.mu.Unlock()
}
