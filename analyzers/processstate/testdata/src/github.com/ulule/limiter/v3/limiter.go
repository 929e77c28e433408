package limiter

type Store interface{ Reset() }

type StoreOptions struct{ Prefix string }
