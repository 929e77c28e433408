//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// openFlags open without blocking: a named pipe that takes the place of the
// file between Lstat and open must not wait for a writer.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
