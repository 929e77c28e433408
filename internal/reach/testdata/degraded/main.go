// Command degraded uses a CLI package that is not in the module cache: the
// commands and mode flags are still recognised from the syntax.
package main

import (
	"net/http"
	"os"

	"github.com/urfave/cli/v3"
)

var exportCmd = cli.Command{Name: "export", Action: exportAction}

func exportAction(c *cli.Context) error { // want:oneshot:export
	return os.WriteFile("export.json", nil, 0o644)
}

func serve(c *cli.Context) error {
	switch {
	case c.IsSet("gen-keys"):
		return genKeys() // want:oneshot:-gen-keys
	}
	return http.ListenAndServe(":8080", nil)
}

func genKeys() error { return os.WriteFile("keys", nil, 0o600) } // want:oneshot:-gen-keys

func main() {
	app := &cli.App{Action: serve, Commands: []*cli.Command{&exportCmd}}
	_ = app.Run(os.Args)
}
