// Package web is a stub of github.com/beego/beego/v2/server/web.
package web

type SessionConfig struct {
	SessionOn       bool
	SessionProvider string
	SessionName     string
}

type WebConfig struct {
	AutoRender bool
	Session    SessionConfig
}

type Config struct {
	AppName   string
	WebConfig WebConfig
}

var BConfig = &Config{}

func Run(params ...string) {}
