// Package openflags holds os.OpenFile calls whose flag is a local variable
// built from the open flags.
package openflags

import "os"

// Fires: every value the flag variable is given counts.
func open(write, appendOnly bool, custom int) {
	mode := os.O_RDONLY
	if write {
		mode = os.O_RDWR | os.O_CREATE
	}
	os.OpenFile("/var/lib/app/a", mode, 0o600) // want `os.OpenFile writes "/var/lib/app/a" to local disk$`

	flags := os.O_WRONLY
	flags |= os.O_TRUNC
	os.OpenFile("/var/lib/app/b", flags, 0o600) // want `os.OpenFile writes "/var/lib/app/b" to local disk$`

	var how int
	if appendOnly {
		how |= os.O_APPEND
	}
	os.OpenFile("/var/lib/app/c", how, 0o600) // want `os.OpenFile writes "/var/lib/app/c" to local disk$`

	both := custom | os.O_CREATE
	os.OpenFile("/var/lib/app/d", both, 0o600) // want `os.OpenFile writes "/var/lib/app/d" to local disk$`
}

// Quiet: read-only flags, however they are built.
func read(sync bool, custom int) {
	ro := os.O_RDONLY
	if sync {
		ro |= os.O_SYNC
	}
	os.OpenFile("/var/lib/app/e", ro, 0)
	os.OpenFile("/var/lib/app/f", custom, 0)
	other := custom
	os.OpenFile("/var/lib/app/g", other, 0)
}
