package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/stateaudit/stateaudit/internal/baseline"
	"github.com/stateaudit/stateaudit/internal/config"
	"github.com/stateaudit/stateaudit/internal/engine"
	"github.com/stateaudit/stateaudit/internal/gitdiff"
	"github.com/stateaudit/stateaudit/internal/gitrepo"
	"github.com/stateaudit/stateaudit/internal/report"
)

// What --config-from reads from git at most: a revision can hold a blob of
// any size.
const (
	maxConfigSize   = config.MaxFileSize
	maxBaselineSize = baseline.MaxFileSize
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

// configCommit resolves --config-from, once, so that the configuration and
// the baseline come from the same commit.
func (o *auditOptions) configCommit(ctx context.Context) (*gitrepo.Repo, string, error) {
	repo, err := o.gitRepo(ctx)
	if err != nil {
		return nil, "", err
	}
	if o.configFromCommit == "" {
		if o.configFromCommit, err = repo.Commit(ctx, o.configFrom); err != nil {
			return nil, "", err
		}
	}
	return repo, o.configFromCommit, nil
}

// readAtConfigRev reads a file, named as on the command line, from the
// --config-from revision.
func (o *auditOptions) readAtConfigRev(ctx context.Context, name string, limit int64) ([]byte, error) {
	repo, commit, err := o.configCommit(ctx)
	if err != nil {
		return nil, err
	}
	p, err := repo.Path(name)
	if err != nil {
		return nil, err
	}
	return repo.ReadFile(ctx, commit, p, limit)
}

// loadConfiguration reads --config FILE or the audited root's
// .stateaudit.yaml: from the --config-from revision when it is set, else
// from the disk.
func (o *auditOptions) loadConfiguration(ctx context.Context, args []string) (*config.Config, error) {
	if o.configFrom == "" {
		return loadConfig(o.config, args)
	}
	if _, _, err := o.configCommit(ctx); err != nil {
		return nil, usagef("--config-from: %v", err)
	}
	if o.config != "" {
		data, err := o.readAtConfigRev(ctx, o.config, maxConfigSize)
		if err != nil {
			return nil, usagef("--config: %v (read from %s by --config-from)", err, o.configFrom)
		}
		cfg, err := config.Parse(o.config, data)
		if err != nil {
			return nil, usagef("--config: %v (read from %s by --config-from)", err, o.configFrom)
		}
		return cfg, nil
	}
	cfg, err := config.FindIn(engine.RootOf(args), func(name string) ([]byte, error) {
		return o.readAtConfigRev(ctx, name, maxConfigSize)
	})
	if err != nil {
		return nil, usagef("--config-from %s: %v", o.configFrom, err)
	}
	return cfg, nil
}

// loadBaseline reads --baseline: from the --config-from revision when it is
// set, else from the disk. A baseline the revision does not have hides
// nothing: that can only make the gate stricter, unlike a missing
// configuration, which is an error.
func (o *auditOptions) loadBaseline(ctx context.Context, stderr io.Writer) (*baseline.Baseline, error) {
	switch {
	case o.baseline == "":
		return nil, nil
	case o.configFrom == "":
		b, err := baseline.Load(o.baseline)
		if err != nil {
			return nil, usagef("--baseline: %v", err)
		}
		return b, nil
	}
	data, err := o.readAtConfigRev(ctx, o.baseline, maxBaselineSize)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "stateaudit: --baseline %s is not in %s (--config-from): no finding is hidden\n", report.Clean(o.baseline), report.Clean(o.configFrom))
		return nil, nil
	}
	if err == nil {
		var b *baseline.Baseline
		if b, err = baseline.Parse(o.baseline, data); err == nil {
			return b, nil
		}
	}
	return nil, usagef("--baseline: %v (read from %s by --config-from)", err, o.configFrom)
}
