package rate

type Limit float64

type Limiter struct{ limit Limit }

func NewLimiter(r Limit, b int) *Limiter { return &Limiter{limit: r} }

func (l *Limiter) Allow() bool { return true }
