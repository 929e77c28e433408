// Package degraded imports libraries that have no stub: their types are
// missing and calls are recognised from the import table.
package degraded

import (
	"crypto/rand"
	"net/http"

	"github.com/dgraph-io/ristretto/v2"
	"github.com/didip/tollbooth/v8"
	"github.com/golang-jwt/jwt/v4"
	"github.com/robfig/cron"
)

var lmt = tollbooth.NewLimiter(1, nil) // want `per-client rate limits are counted in process memory by tollbooth.NewLimiter \(recognised from the import path; types unavailable\)$`

func Routes() {
	http.Handle("/", tollbooth.LimitFuncHandler(lmt, func(w http.ResponseWriter, r *http.Request) {}))
}

var hot, _ = ristretto.NewCache[string, int](&ristretto.Config[string, int]{}) // want `cache entries are kept in process memory by ristretto.NewCache \(recognised from the import path; types unavailable\)$`

func Jobs() {
	c := cron.New() // want `scheduled jobs of cron.New run once per replica, not once per service \(recognised from the import path; types unavailable\)$`
	c.AddFunc("@daily", func() {})
	c.Start()
}

var key [32]byte

func Token() (string, error) {
	rand.Read(key[:])
	return jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{}).SignedString(key[:]) // want `jwt.Token.SignedString signs with key, generated per process by rand.Read \(recognised from the import path; types unavailable\)$`
}
