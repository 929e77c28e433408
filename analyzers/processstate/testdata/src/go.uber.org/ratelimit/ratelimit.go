package ratelimit

import "time"

type Limiter interface{ Take() time.Time }

type Option interface{}

func New(rate int, opts ...Option) Limiter { return nil }
