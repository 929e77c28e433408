// Package degraded imports libraries that have no stub: their calls are
// recognised from the import table.
package degraded

import (
	"os"

	"github.com/cockroachdb/pebble/v2"
	badger "github.com/dgraph-io/badger/v3"
	"github.com/glebarez/sqlite"
	"github.com/gofiber/fiber/v2"
)

func open() {
	pebble.Open("/data/pebble", nil) // want `pebble.Open opens an embedded database at "/data/pebble" on local disk \(recognised from the import path; types unavailable\)`
	sqlite.Open("app.db")            // want `sqlite.Open opens an embedded sqlite database at "app.db" on local disk \(recognised`
	sqlite.Open(":memory:")
	badger.Open(badger.DefaultOptions("/data/badger")) // want `badger.Open opens an embedded database at "/data/badger" on local disk \(recognised`
	badger.Open(badger.DefaultOptions("").WithInMemory(true))
	os.WriteFile("/data/plain.txt", nil, 0o600) // want `os.WriteFile writes "/data/plain.txt" to local disk$`
}

// Fires: a method of a parameter whose type did not load.
func upload(c *fiber.Ctx) error {
	file, _ := c.FormFile("file")
	return c.SaveFile(file, "/srv/uploads/x") // want `fiber.Ctx.SaveFile writes an uploaded file "/srv/uploads/x" to local disk \(recognised`
}
