// Package session is a stub of github.com/gofiber/fiber/v2/middleware/session.
package session

import "time"

type Storage interface{ Close() error }

type Config struct {
	Storage    Storage
	Expiration time.Duration
	KeyLookup  string
}

type Store struct{ Config }

func New(config ...Config) *Store { return &Store{} }
