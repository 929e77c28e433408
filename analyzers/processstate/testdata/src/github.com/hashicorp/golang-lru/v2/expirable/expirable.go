package expirable

import "time"

type LRU[K comparable, V any] struct{}

func NewLRU[K comparable, V any](size int, onEvict func(key K, value V), ttl time.Duration) *LRU[K, V] {
	return &LRU[K, V]{}
}

func (c *LRU[K, V]) Add(key K, value V) bool { return false }
