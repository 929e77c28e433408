package embeddeddb

import (
	"database/sql"
	"os"
	"path/filepath"

	"github.com/asdine/storm"
	stormv3 "github.com/asdine/storm/v3"
	"github.com/blevesearch/bleve/v2"
	"github.com/boltdb/bolt"
	"github.com/cockroachdb/pebble"
	badgerv2 "github.com/dgraph-io/badger/v2"
	"github.com/dgraph-io/badger/v4"
	"github.com/nutsdb/nutsdb"
	"github.com/syndtr/goleveldb/leveldb"
	"go.etcd.io/bbolt"
	"gorm.io/driver/sqlite"
)

const dataDir = "/var/lib/orders"

// Fires: key-value stores on local disk.
func keyValue() {
	bbolt.Open("/var/lib/orders/orders.db", 0o600, nil)              // want `bbolt.Open opens an embedded database at "/var/lib/orders/orders.db" on local disk`
	bolt.Open(filepath.Join(dataDir, "legacy.db"), 0o600, nil)       // want `bolt.Open opens an embedded database at "/var/lib/orders/legacy.db" on local disk`
	storm.Open("storm.db")                                           // want `storm.Open opens an embedded database at "storm.db" on local disk`
	stormv3.Open(os.Getenv("STORM_PATH"))                            // want `storm.Open opens an embedded database on local disk`
	pebble.Open("/data/pebble", nil)                                 // want `pebble.Open opens an embedded database at "/data/pebble" on local disk`
	leveldb.OpenFile("/data/leveldb", nil)                           // want `leveldb.OpenFile opens an embedded database at "/data/leveldb" on local disk`
	leveldb.RecoverFile("/data/leveldb", nil)                        // want `leveldb.RecoverFile opens an embedded database at "/data/leveldb" on local disk`
	nutsdb.Open(nutsdb.DefaultOptions, nutsdb.WithDir("/data/nuts")) // want `nutsdb.Open opens an embedded database at "/data/nuts" on local disk`
	opts := nutsdb.DefaultOptions
	opts.Dir = "/data/nuts2"
	nutsdb.Open(opts) // want `nutsdb.Open opens an embedded database at "/data/nuts2" on local disk`
}

// Fires: badger on disk; quiet in memory.
func badgerStores(dir string) {
	badger.Open(badger.DefaultOptions("/var/lib/badger"))                  // want `badger.Open opens an embedded database at "/var/lib/badger" on local disk`
	badger.OpenManaged(badger.DefaultOptions(dataDir).WithLoggingLevel(1)) // want `badger.OpenManaged opens an embedded database at "/var/lib/orders" on local disk`
	badgerv2.Open(badgerv2.DefaultOptions("").WithDir("/data/b2"))         // want `badger.Open opens an embedded database at "/data/b2" on local disk`
	badger.Open(badger.DefaultOptions("/data/x").WithInMemory(false))      // want `badger.Open opens an embedded database at "/data/x" on local disk`

	badger.Open(badger.DefaultOptions("").WithInMemory(true))
	mem := badger.DefaultOptions("").WithInMemory(true).WithLoggingLevel(0)
	badger.Open(mem)
	var opts = badger.DefaultOptions("")
	opts.InMemory = true
	badger.OpenManaged(opts)
	badgerv2.Open(badgerv2.Options{InMemory: true})
}

// Fires: SQLite files; quiet: in-memory SQLite and network databases.
func sqlDatabases(dsn string) {
	sql.Open("sqlite3", "file:/var/lib/orders/orders.sqlite?cache=shared") // want `sql.Open opens an embedded sqlite3 database at "/var/lib/orders/orders.sqlite" on local disk`
	sql.Open("sqlite", "app.db")                                           // want `sql.Open opens an embedded sqlite database at "app.db" on local disk`
	sql.Open("sqlite3_extended", dsn)                                      // want `sql.Open opens an embedded sqlite3_extended database on local disk`
	sqlite.Open("gorm.db")                                                 // want `sqlite.Open opens an embedded sqlite database at "gorm.db" on local disk`

	sql.Open("postgres", "postgres://db:5432/orders")
	sql.Open("mysql", "user@tcp(db)/orders")
	sql.Open("sqlite3", ":memory:")
	sql.Open("sqlite", "file::memory:?cache=shared")
	sql.Open("sqlite3", "file:orders?mode=memory&cache=shared")
	sqlite.Open(":memory:")
}

// Fires: bleve indexes on disk; quiet: memory-only indexes.
func search() {
	m := bleve.NewIndexMapping()
	bleve.New("/var/lib/search/index.bleve", m) // want `bleve.New opens an embedded database at "/var/lib/search/index.bleve" on local disk`
	bleve.Open("/var/lib/search/index.bleve")   // want `bleve.Open opens an embedded database at "/var/lib/search/index.bleve" on local disk`
	bleve.NewMemOnly(m)
}
