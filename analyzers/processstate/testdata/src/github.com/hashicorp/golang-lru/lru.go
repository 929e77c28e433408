package lru

type Cache struct{}

func New(size int) (*Cache, error) { return &Cache{}, nil }

func NewARC(size int) (*ARCCache, error) { return &ARCCache{}, nil }

type ARCCache struct{}

func (c *Cache) Add(key, value any) bool { return false }
