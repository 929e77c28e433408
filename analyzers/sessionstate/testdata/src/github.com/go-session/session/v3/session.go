// Package session is a stub of github.com/go-session/session/v3.
package session

type ManagerStore interface {
	Check(sid string) (bool, error)
}

type Option func(*options)

type options struct {
	cookieName string
	store      ManagerStore
}

type Manager struct{}

func NewManager(opt ...Option) *Manager { return &Manager{} }

func InitManager(opt ...Option) {}

func SetCookieName(name string) Option { return nil }

func SetStore(store ManagerStore) Option { return nil }
