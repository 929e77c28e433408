// Command precision serves logins under `precision serve`; `precision
// export` writes a dump and exits. Only the serving path is state of the
// service.
package main

import (
	"net/http"
	"os"
)

// sessions is written by the login handler: state of the service.
var sessions = map[string]string{}

func login(w http.ResponseWriter, r *http.Request) {
	sessions[r.FormValue("session_id")] = r.FormValue("user")
}

type serveCmd struct{}

func (serveCmd) Run() error {
	http.HandleFunc("/login", login)
	return http.ListenAndServe(":8080", nil)
}

type exportCmd struct {
	Path string
}

// Run writes a dump of the database and exits: a one-shot command.
func (c exportCmd) Run() error {
	return os.WriteFile("/var/lib/precision/export.json", []byte("{}"), 0o644)
}

var cli struct {
	Serve  serveCmd  `cmd:"" help:"Serve HTTP."`
	Export exportCmd `cmd:"" help:"Export the data and exit."`
}

func main() { _ = cli }
