package scsreturn

import "github.com/alexedwards/scs/v2"

// Fires: the manager escapes unconfigured and no manager of the package
// ever gets a Store.
func newManager() *scs.SessionManager {
	return scs.New() // want `scs\.New keeps sessions in process memory: its Store is never set`
}
