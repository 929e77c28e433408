package beego

import (
	"github.com/beego/beego/v2/server/web"
	"github.com/beego/beego/v2/server/web/session"
)

func managers() {
	cfg := &session.ManagerConfig{CookieName: "sid", Gclifetime: 3600}
	mem, _ := session.NewManager("memory", cfg) // want `session\.NewManager keeps sessions in process memory: the provider is "memory"`
	file, _ := session.NewManager("file", cfg)  // want `session\.NewManager keeps sessions on the node's disk: the provider is "file"`
	// Quiet: a backing service.
	redis, _ := session.NewManager("redis", cfg)
	_, _, _ = mem, file, redis
}

func main() {
	web.BConfig.WebConfig.Session.SessionOn = true // want `beego sessions are kept in process memory: SessionOn is set and SessionProvider is left at its default`
	web.BConfig.WebConfig.Session.SessionName = "sid"
	web.BConfig.WebConfig.Session.SessionOn = false
	web.Run()
}
