package websocket

import "net/http"

type Conn struct{}

type AcceptOptions struct{}

func Accept(w http.ResponseWriter, r *http.Request, opts *AcceptOptions) (*Conn, error) {
	return &Conn{}, nil
}
