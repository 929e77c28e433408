package middleware

import "golang.org/x/time/rate"

type RateLimiterStore interface {
	Allow(identifier string) (bool, error)
}

type RateLimiterMemoryStore struct{}

func (s *RateLimiterMemoryStore) Allow(identifier string) (bool, error) { return true, nil }

type RateLimiterMemoryStoreConfig struct{ Rate rate.Limit }

func NewRateLimiterMemoryStore(r rate.Limit) *RateLimiterMemoryStore { return nil }

func NewRateLimiterMemoryStoreWithConfig(config RateLimiterMemoryStoreConfig) *RateLimiterMemoryStore {
	return nil
}

func RateLimiter(store RateLimiterStore) func() { return nil }
