package limiter

type ExpirableOptions struct{}

type Limiter struct{}

func New(generalExpirableOptions *ExpirableOptions) *Limiter { return &Limiter{} }
