// Package cobra is a stub of github.com/spf13/cobra for the reach tests.
package cobra

// Command is a command.
type Command struct {
	Use               string
	Run               func(cmd *Command, args []string)
	RunE              func(cmd *Command, args []string) error
	PersistentPreRunE func(cmd *Command, args []string) error
}

// AddCommand adds subcommands.
func (c *Command) AddCommand(cs ...*Command) {}

// Execute runs the command.
func (c *Command) Execute() error { return nil }
