package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/stateaudit/stateaudit/internal/config"
)

type initOptions struct {
	dir   string
	force bool
}

// newInitCommand writes a commented .stateaudit.yaml: every setting
// commented out and every rule listed, so the file documents what can be
// tuned without changing anything until it is edited.
func newInitCommand() *cobra.Command {
	o := &initOptions{}
	c := &cobra.Command{
		Use:           "init",
		Short:         "Write a commented .stateaudit.yaml configuration",
		Args:          cobra.NoArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE:          o.run,
	}
	c.Flags().StringVar(&o.dir, "path", ".", "write the file into directory `DIR` (the root you audit)")
	c.Flags().BoolVar(&o.force, "force", false, "overwrite an existing configuration file")
	return c
}

func (o *initOptions) run(cmd *cobra.Command, _ []string) error {
	if info, err := os.Stat(o.dir); err != nil || !info.IsDir() {
		return usagef("--path: %s is not a directory", o.dir)
	}
	file := filepath.Join(o.dir, config.FileName)
	if !o.force {
		// Either spelling counts: two files would make the audit refuse both.
		for _, name := range []string{config.FileName, ".stateaudit.yml"} {
			p := filepath.Join(o.dir, name)
			if _, err := os.Lstat(p); err == nil {
				return fmt.Errorf("%s exists; --force overwrites it", p)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("checking %s: %w", p, err)
			}
		}
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if o.force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(file, flags, 0o644)
	if err != nil {
		return fmt.Errorf("writing the configuration: %w", err)
	}
	if _, err := f.Write(config.Default()); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", file, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", file, err)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: every setting is commented out; see docs/config.md\n", file)
	return nil
}
