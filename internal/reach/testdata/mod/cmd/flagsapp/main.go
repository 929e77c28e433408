// Command flagsapp has go-flags commands: fields tagged command:"name" whose
// types have an Execute method.
package main

import (
	"net/http"
	"os"
)

type serverCommand struct{ Port int }

func (s serverCommand) Execute(args []string) error { // want:serving
	return http.ListenAndServe(":8080", nil)
}

type backupCommand struct{ Dir string }

func (b backupCommand) Execute(args []string) error { // want:oneshot:backup
	return os.WriteFile(b.Dir+"/backup.gz", nil, 0o600)
}

var opts struct {
	Server serverCommand `command:"server" description:"run the server"`
	Backup backupCommand `command:"backup" description:"back up and exit"`
}

// commander is go-flags' Commander: the parser runs the chosen command
// through it, an interface call that may run any of them.
type commander interface{ Execute(args []string) error }

func run(c commander, args []string) error { return c.Execute(args) }

func main() {
	_ = opts
	_ = run(opts.Server, os.Args[1:])
}
