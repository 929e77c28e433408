package cmd

import (
	"context"

	"github.com/stateaudit/stateaudit/internal/engine"
	"github.com/stateaudit/stateaudit/internal/gitdiff"
	"github.com/stateaudit/stateaudit/internal/gitrepo"
)

// gitRepo opens, once, the git repository of the working directory: the
// directory stateaudit was started in is trusted, the audited tree is not
// (docs/security.md).
func (o *auditOptions) gitRepo(ctx context.Context) (*gitrepo.Repo, error) {
	if o.repo == nil {
		repo, err := gitrepo.Open(ctx, ".")
		if err != nil {
			return nil, err
		}
		o.repo = repo
	}
	return o.repo, nil
}

// changes reads --new-from-rev.
func (o *auditOptions) changes(ctx context.Context, args []string) (*gitdiff.Changes, error) {
	repo, err := o.gitRepo(ctx)
	if err != nil {
		return nil, err
	}
	return gitdiff.Load(ctx, repo, engine.RootOf(args), o.newFromRev)
}
