package cache

import "time"

type Item struct{ Object any }

type Cache struct{ items map[string]Item }

func New(defaultExpiration, cleanupInterval time.Duration) *Cache { return &Cache{} }

func NewFrom(defaultExpiration, cleanupInterval time.Duration, items map[string]Item) *Cache {
	return &Cache{}
}

func (c *Cache) Set(k string, x any, d time.Duration) {}

func (c *Cache) Get(k string) (any, bool) { return nil, false }

const DefaultExpiration time.Duration = 0
