//go:build !unix

package manifest

import "os"

// openFlags: only Unix systems have named pipes that block an open.
const openFlags = os.O_RDONLY
