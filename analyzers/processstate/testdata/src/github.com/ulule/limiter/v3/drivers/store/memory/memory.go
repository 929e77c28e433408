package memory

import limiter "github.com/ulule/limiter/v3"

func NewStore() limiter.Store { return nil }

func NewStoreWithOptions(options limiter.StoreOptions) limiter.Store { return nil }
