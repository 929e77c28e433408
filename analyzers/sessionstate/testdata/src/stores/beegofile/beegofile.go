package beegofile

import "github.com/beego/beego/v2/server/web"

func main() {
	web.BConfig.WebConfig.Session.SessionProvider = "file"
	web.BConfig.WebConfig.Session.SessionOn = true // want `beego sessions are kept on the node's disk: SessionOn is set and SessionProvider is "file"`
	web.Run()
}
