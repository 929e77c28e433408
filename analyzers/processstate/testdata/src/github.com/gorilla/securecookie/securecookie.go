package securecookie

type SecureCookie struct{}

func GenerateRandomKey(length int) []byte { return make([]byte, length) }

func New(hashKey, blockKey []byte) *SecureCookie { return &SecureCookie{} }
