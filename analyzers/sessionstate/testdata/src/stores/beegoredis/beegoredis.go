package beegoredis

import "github.com/beego/beego/v2/server/web"

// Quiet: the provider is a backing service.
func init() {
	web.BConfig.WebConfig.Session.SessionProvider = "redis"
}

func main() {
	web.BConfig.WebConfig.Session.SessionOn = true
	web.Run()
}
