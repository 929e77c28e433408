package bigcache

import (
	"context"
	"time"
)

type Config struct{ LifeWindow time.Duration }

func DefaultConfig(eviction time.Duration) Config { return Config{LifeWindow: eviction} }

type BigCache struct{}

func New(ctx context.Context, config Config) (*BigCache, error) { return &BigCache{}, nil }

func (c *BigCache) Set(key string, entry []byte) error { return nil }
