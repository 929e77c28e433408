package gorilla

import "github.com/quasoft/memstore"

// Quiet: test files are not service code.
var testStore = memstore.NewMemStore([]byte("k"))
