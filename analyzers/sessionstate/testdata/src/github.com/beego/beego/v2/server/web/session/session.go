// Package session is a stub of github.com/beego/beego/v2/server/web/session.
package session

type ManagerConfig struct {
	CookieName     string
	Gclifetime     int64
	ProviderConfig string
}

type Manager struct{}

func NewManager(provideName string, cf *ManagerConfig) (*Manager, error) { return &Manager{}, nil }
