package ttlcache

import "time"

type Option[K comparable, V any] interface{ apply(*Cache[K, V]) }

type Cache[K comparable, V any] struct{}

type Item[K comparable, V any] struct{}

func New[K comparable, V any](opts ...Option[K, V]) *Cache[K, V] { return &Cache[K, V]{} }

func (c *Cache[K, V]) Set(key K, value V, ttl time.Duration) *Item[K, V] { return nil }

const DefaultTTL time.Duration = 0
