package config

import (
	"fmt"
	"strings"

	"github.com/stateaudit/stateaudit/rules"
)

// Default is the commented configuration `stateaudit init` writes. Every
// setting is commented out, so the file changes nothing until edited, and
// every registered rule is listed with its default severity, so the file is
// also the list of what can be tuned.
func Default() []byte {
	var b strings.Builder
	b.WriteString(`# stateaudit configuration — see docs/config.md.
# Paths are relative to the audited root (the directory holding this file),
# with forward slashes.

# Rules: off, on (the default severity), error, warning or note.
rules:
`)
	for _, r := range rules.All() {
		fmt.Fprintf(&b, "  # %s: %s\n", r.ID, r.Severity)
	}
	b.WriteString(`
# Paths the audit skips: globs in which ** spans directories. A directory
# that matches excludes everything under it.
exclude:
  # - examples/**
  # - "**/*_gen.go"

# Explicit links between a Go main and its workload; they win over every
# link stateaudit infers (skaffold, compose build, Dockerfile, image name).
services:
  # - name: frontend
  #   source: cmd/frontend            # directory of the Go main package
  #   manifests: [k8s/frontend.yaml]  # optional
  #   workload: frontend              # optional: Deployment or compose service name

# Images of backing services (stateful by design: reported as notes), in
# addition to the built-in list (postgres, redis, kafka, ...).
backing-images:
  # - my-registry/pg-custom

# The default of --fail-on: error, warning, note or none.
# fail-on: error

# Scopes, where stateaudit's guess from directory and file names is wrong:
# production, dev, test or example, each a list of globs. Only production
# counts unless --scope says otherwise.
scopes:
  # production: [deploy/staging/**]
  # test: [perf/**]
`)
	return []byte(b.String())
}
