package ristretto

type Config struct{ NumCounters, MaxCost, BufferItems int64 }

type Cache struct{}

func NewCache(config *Config) (*Cache, error) { return &Cache{}, nil }

func (c *Cache) Set(key, value any, cost int64) bool { return true }
