// Command kongapp has kong-style commands: struct fields tagged cmd:"".
package main

import (
	"net"
	"os"
)

type serveCmd struct{}

func (serveCmd) Run() error { // want:serving
	_, err := net.Listen("tcp", ":9000")
	return err
}

type backupCmd struct{}

func (backupCmd) Run() error { // want:oneshot:backup
	return os.WriteFile("backup.tar", nil, 0o644)
}

var cli struct {
	Serve  serveCmd  `cmd:"" help:"Serve."`
	Backup backupCmd `cmd:"" help:"Back up."`
}

func main() { _ = cli }
