// Command app serves HTTP under `app serve` and has one-shot commands.
package main

import (
	"net/http"
	"os"

	"github.com/spf13/cobra"

	"example.com/reachmod/store"
)

type server struct{ saver store.Saver }

// ServeHTTP is called by net/http: reached through the instantiated type.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want:serving
	_ = s.saver.Save(nil) // want:serving
}

func handleLogin(w http.ResponseWriter, r *http.Request) { // want:serving
	store.Remember(r.FormValue("id"))
}

func runServe() error {
	http.HandleFunc("/login", handleLogin)
	srv := &server{saver: &store.Disk{Dir: "/data"}}
	return http.ListenAndServe(":8080", srv)
}

func newExportCmd() *cobra.Command {
	return &cobra.Command{
		Use: "export FILE",
		RunE: func(cmd *cobra.Command, args []string) error {
			return store.Export(args[0]) // want:oneshot:export
		},
	}
}

// cmdCtx holds the commands as methods, the way larger CLIs do: creating
// one must not make every command part of the serving path.
type cmdCtx struct{ dir string }

func newCmdCtx() *cmdCtx { return &cmdCtx{dir: "/var/lib/app"} }

func (c *cmdCtx) BackupRunE(cmd *cobra.Command, args []string) error { // want:oneshot:backup
	return os.WriteFile(c.dir+"/backup", nil, 0o600) // want:oneshot:backup
}

func main() {
	ctx := newCmdCtx()
	root := &cobra.Command{Use: "app"}
	root.AddCommand(&cobra.Command{Use: "backup", RunE: ctx.BackupRunE})
	serve := &cobra.Command{Use: "serve"}
	serve.RunE = func(cmd *cobra.Command, args []string) error { return runServe() }
	migrate := &cobra.Command{Use: "migrate", Run: func(cmd *cobra.Command, args []string) { migrateDB() }}
	root.AddCommand(serve, newExportCmd(), migrate)
	_ = root.Execute()
}

func migrateDB() {} // want:oneshot:migrate
