package scsdot

import (
	. "github.com/alexedwards/scs/v2" // dot import
	mem "github.com/alexedwards/scs/v2/memstore"
)

var manager = New() // want `scs\.New keeps sessions in process memory: its Store is never set`

func explicit() *SessionManager {
	m := New()
	m.Store = mem.New() // want `sessions are kept in process memory by memstore\.New`
	return m
}
