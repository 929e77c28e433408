// Package scs is a stub of github.com/alexedwards/scs/v2.
package scs

type Store interface {
	Find(token string) ([]byte, bool, error)
}

type SessionManager struct {
	Store    Store
	Lifetime int64
}

func New() *SessionManager { return &SessionManager{} }
