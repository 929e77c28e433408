package websocket

import "net/http"

type Conn struct{}

func (c *Conn) WriteMessage(messageType int, data []byte) error { return nil }

func (c *Conn) ReadMessage() (int, []byte, error) { return 0, nil, nil }

func (c *Conn) Close() error { return nil }

type Upgrader struct{ ReadBufferSize int }

func (u *Upgrader) Upgrade(w http.ResponseWriter, r *http.Request, h http.Header) (*Conn, error) {
	return &Conn{}, nil
}

// Dialer opens client connections.
type Dialer struct{}

// DefaultDialer is the default dialer.
var DefaultDialer = &Dialer{}

// Dial opens a connection to a websocket server.
func (d *Dialer) Dial(url string, h http.Header) (*Conn, *http.Response, error) {
	return &Conn{}, nil, nil
}
