package otter

type Options[K comparable, V any] struct{ MaximumSize int }

type Cache[K comparable, V any] struct{}

func New[K comparable, V any](o *Options[K, V]) (*Cache[K, V], error) { return &Cache[K, V]{}, nil }

func Must[K comparable, V any](o *Options[K, V]) *Cache[K, V] { return &Cache[K, V]{} }

func (c *Cache[K, V]) Set(key K, value V) (V, bool) { return value, true }
