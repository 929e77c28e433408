package tollbooth

import (
	"net/http"

	"github.com/didip/tollbooth/v7/limiter"
)

func NewLimiter(max float64, tbOptions *limiter.ExpirableOptions) *limiter.Limiter {
	return limiter.New(tbOptions)
}

func LimitHandler(lmt *limiter.Limiter, next http.Handler) http.Handler { return next }

func LimitFuncHandler(lmt *limiter.Limiter, nextFunc func(http.ResponseWriter, *http.Request)) http.Handler {
	return http.HandlerFunc(nextFunc)
}
