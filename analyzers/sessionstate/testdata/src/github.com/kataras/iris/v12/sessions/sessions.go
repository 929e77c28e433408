// Package sessions is a stub of github.com/kataras/iris/v12/sessions.
package sessions

import "time"

type Config struct {
	Cookie  string
	Expires time.Duration
}

type Database interface{ Close() error }

type Sessions struct{}

func New(cfg Config) *Sessions { return &Sessions{} }

func (s *Sessions) UseDatabase(db Database) {}

func (s *Sessions) Handler() func() { return nil }
