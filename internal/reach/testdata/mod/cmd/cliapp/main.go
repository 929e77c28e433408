// Command cliapp uses urfave/cli: the worker serves a queue, keygen does not.
package main

import (
	"net/http"
	"os"

	"github.com/urfave/cli/v2"
)

func main() {
	app := &cli.App{Name: "cliapp", Commands: []*cli.Command{
		{Name: "web", Action: func(*cli.Context) error { return http.ListenAndServe(":1", nil) }},
		{Name: "keygen", Action: keygen},
	}}
	_ = app.Run(os.Args)
}

func keygen(*cli.Context) error { // want:oneshot:keygen
	return os.WriteFile("key.pem", nil, 0o600)
}
