//go:build unix

package manifest

import (
	"os"
	"syscall"
)

// openFlags open without blocking: opening a named pipe for reading
// otherwise waits for a writer, forever.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
