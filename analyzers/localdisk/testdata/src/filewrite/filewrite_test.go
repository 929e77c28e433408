package filewrite

import (
	"os"
	"testing"
)

// Quiet: test files are not service code.
func TestSave(t *testing.T) {
	os.WriteFile("/var/lib/orders/test.json", nil, 0o600)
}
