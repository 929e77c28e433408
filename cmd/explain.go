package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/stateaudit/stateaudit/rules"
)

func newExplainCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Explain a rule: why it matters, what fires, what does not, the remedy",
		Args:  cobra.ExactArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var ids []string
			for _, r := range rules.All() {
				ids = append(ids, r.ID)
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			r, ok := rules.Lookup(args[0])
			if !ok {
				return usagef("unknown rule %q (stateaudit rules lists them)", args[0])
			}
			_, err := fmt.Fprint(cmd.OutOrStdout(), r.Markdown())
			return err
		},
	}
}
