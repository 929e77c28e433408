// Package degraded imports session libraries that have no stub under
// testdata: their types are missing and calls are recognised from the
// import table.
package degraded

import (
	"github.com/alexedwards/scs/boltstore"
	"github.com/astaxie/beego"
	bs "github.com/astaxie/beego/session"
	"github.com/kataras/iris/v12/sessions/sessiondb/badger"
)

func setup(db any) {
	_ = boltstore.New(db)                  // want `sessions are kept on the node's disk by boltstore\.New \(recognised from the import path; types unavailable\)`
	mgr, _ := bs.NewManager("memory", nil) // want `session\.NewManager keeps sessions in process memory: the provider is "memory" \(recognised from the import path; types unavailable\)`
	_, _ = bs.NewManager("redis", nil)
	bdb, _ := badger.New("/var/lib/sessions") // want `sessions are kept on the node's disk by badger\.New \(recognised`
	_, _ = mgr, bdb
}

func main() {
	beego.BConfig.WebConfig.Session.SessionOn = true // want `beego sessions are kept in process memory: SessionOn is set and SessionProvider is left at its default \(recognised`
	beego.Run()
}
