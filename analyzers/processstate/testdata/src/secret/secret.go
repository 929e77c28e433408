package secret

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"os"

	"github.com/golang-jwt/jwt/v5"
	sc "github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// Fires: a random key straight into the cookie store, through an alias.
var store = sessions.NewCookieStore(sc.GenerateRandomKey(32)) // want `sessions.NewCookieStore signs with a key generated per process by securecookie.GenerateRandomKey`

// Fires: a key filled by crypto/rand in init and used to sign JWTs.
var jwtKey = make([]byte, 32)

func init() {
	if _, err := rand.Read(jwtKey); err != nil {
		panic(err)
	}
}

func issue(user string) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": user}).SignedString(jwtKey) // want `jwt.Token.SignedString signs with jwtKey, generated per process by rand.Read`
}

// Fires: a key read from crypto/rand.Reader, copied, then used by securecookie.
func codec() *sc.SecureCookie {
	key := make([]byte, 64)
	io.ReadFull(rand.Reader, key)
	hashKey := key[:32]
	return sc.New(hashKey, nil) // want `securecookie.New signs with hashKey, generated per process by rand.Reader`
}

// Fires: a fallback that generates a key when the environment has none.
func fallback() *sessions.CookieStore {
	authKey := []byte(os.Getenv("SESSION_KEY"))
	if len(authKey) == 0 {
		authKey = sc.GenerateRandomKey(32)
	}
	return sessions.NewCookieStore(authKey) // want `sessions.NewCookieStore signs with authKey, generated per process by securecookie.GenerateRandomKey`
}

// Quiet: keys from the environment and from a file.
func configured() (*sessions.CookieStore, *sc.SecureCookie) {
	hash, _ := os.ReadFile("/run/secrets/hash")
	return sessions.NewCookieStore([]byte(os.Getenv("SESSION_KEY"))), sc.New(hash, nil)
}

// Quiet: crypto/rand for a request ID, and its count.
func requestID() string {
	b := make([]byte, 16)
	n, _ := rand.Read(b)
	_ = n
	return hex.EncodeToString(b)
}

func sign(id string) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"rid": requestID()}).SignedString([]byte(os.Getenv("JWT_KEY")))
}
