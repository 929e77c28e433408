// Package session is a stub of github.com/gofiber/fiber/v3/middleware/session.
package session

import "time"

type Storage interface{ Close() error }

type Config struct {
	Storage     Storage
	Store       *Store
	IdleTimeout time.Duration
}

type Store struct{ Config }

type Handler func() error

type Middleware struct{}

func New(config ...Config) Handler { return nil }

func NewStore(config ...Config) *Store { return &Store{} }

func NewWithStore(config ...Config) (Handler, *Store) { return nil, &Store{} }
