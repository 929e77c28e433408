package websocket

import "net/http"

type Conn struct{}

type AcceptOptions struct{}

func Accept(w http.ResponseWriter, r *http.Request, opts *AcceptOptions) (*Conn, error) {
	return &Conn{}, nil
}

// MessageType is a websocket message type.
type MessageType int

// Write writes a message.
func (c *Conn) Write(ctx interface{}, typ MessageType, p []byte) error { return nil }
