package freecache

type Cache struct{}

func NewCache(size int) *Cache { return &Cache{} }

func (c *Cache) Set(key, value []byte, expireSeconds int) error { return nil }
