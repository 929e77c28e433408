// Package session is a stub of github.com/gofiber/session/v2.
package session

type Provider interface{ Close() error }

type Config struct {
	Lookup   string
	Provider Provider
}

type Session struct{}

func New(config ...Config) *Session { return &Session{} }
