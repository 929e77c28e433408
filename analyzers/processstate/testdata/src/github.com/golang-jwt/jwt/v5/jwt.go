package jwt

type Claims interface{}

type MapClaims map[string]any

type SigningMethod interface{ Alg() string }

type hs struct{}

func (hs) Alg() string { return "HS256" }

var SigningMethodHS256 SigningMethod = hs{}

type Token struct{ Claims Claims }

func NewWithClaims(method SigningMethod, claims Claims) *Token { return &Token{Claims: claims} }

func (t *Token) SignedString(key any) (string, error) { return "", nil }
