package lru

type Cache[K comparable, V any] struct{}

func New[K comparable, V any](size int) (*Cache[K, V], error) { return &Cache[K, V]{}, nil }

func (c *Cache[K, V]) Add(key K, value V) bool { return false }

func (c *Cache[K, V]) Get(key K) (V, bool) {
	var v V
	return v, false
}
