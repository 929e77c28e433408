package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stateaudit/stateaudit/rules"
)

func newDocsCommand() *cobra.Command {
	var dir string
	var check bool
	c := &cobra.Command{
		Use:   "docs",
		Short: "Write the rule reference (docs/rules/*.md) from the catalog, or --check it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			want := map[string][]byte{"README.md": []byte(rulesIndex(rules.All()))}
			for _, r := range rules.All() {
				want[r.ID+".md"] = []byte(r.Markdown())
			}
			if check {
				return checkDocs(dir, want)
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			old, _ := filepath.Glob(filepath.Join(dir, "*.md"))
			for _, p := range old {
				if _, keep := want[filepath.Base(p)]; !keep {
					if err := os.Remove(p); err != nil {
						return err
					}
				}
			}
			for name, data := range want {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
					return err
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d files to %s\n", len(want), dir)
			return nil
		},
	}
	c.Flags().StringVar(&dir, "dir", "docs/rules", "directory to write the rule reference into")
	c.Flags().BoolVar(&check, "check", false, "fail if the directory differs from what would be written")
	return c
}

func checkDocs(dir string, want map[string][]byte) error {
	var stale []string
	for name, data := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, data) {
			stale = append(stale, name)
		}
	}
	have, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	for _, p := range have {
		if _, ok := want[filepath.Base(p)]; !ok {
			stale = append(stale, filepath.Base(p)+" (no such rule)")
		}
	}
	if len(stale) > 0 {
		sort.Strings(stale)
		return fmt.Errorf("%s is stale, run `make docs`: %s", dir, strings.Join(stale, ", "))
	}
	return nil
}
