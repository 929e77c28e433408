package sessions

type CookieStore struct{}

func NewCookieStore(keyPairs ...[]byte) *CookieStore { return &CookieStore{} }
