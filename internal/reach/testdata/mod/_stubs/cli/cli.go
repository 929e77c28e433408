// Package cli is a stub of github.com/urfave/cli/v2 for the reach tests.
package cli

// Context is a command's context.
type Context struct{}

// Command is a command.
type Command struct {
	Name   string
	Action func(*Context) error
}

// App is an application.
type App struct {
	Name     string
	Commands []*Command
}

// Run runs the app.
func (a *App) Run(args []string) error { return nil }
