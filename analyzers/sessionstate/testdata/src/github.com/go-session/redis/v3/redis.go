// Package redis is a stub of github.com/go-session/redis/v3.
package redis

type Options struct{ Addr string }

type managerStore struct{}

func (*managerStore) Check(sid string) (bool, error) { return false, nil }

func NewRedisStore(opts *Options) *managerStore { return &managerStore{} }
