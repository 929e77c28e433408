package deploy

import (
	"path"
	"strings"
)

// Unit is what a user applies at once: a Helm chart, a kustomization, a
// compose project, or a directory of plain manifests (with the directories
// nested in it that hold manifests too, as `kubectl apply -R` takes them).
// Correlations — a claim and the workloads that mount it, a Service and the
// pods it selects, a workload and the backing services it names — never
// cross units, so two sibling examples that both call their Deployment "web"
// are never joined.
type Unit struct {
	// Kind is "chart", "kustomize", "compose", "manifests" or "stdin".
	Kind string
	// Dir is the unit's directory, relative to the root ("." for the root).
	Dir string
}

// String names the unit the way the report does.
func (u Unit) String() string {
	if u.Dir == "." || u.Dir == "" {
		return u.Kind + " at the root"
	}
	return u.Kind + " " + u.Dir
}

// Layout knows the directories of the tree that start a unit.
type Layout struct {
	charts         map[string]bool
	kustomizations map[string]bool
	manifestDirs   map[string]bool
}

// NewLayout reads the unit boundaries from the paths of the tree's files
// (relative to the root, slash-separated): Chart.yaml starts a chart,
// kustomization.yaml a kustomization. manifests are the files that hold
// Kubernetes objects.
func NewLayout(files, manifests []string) *Layout {
	l := &Layout{charts: map[string]bool{}, kustomizations: map[string]bool{}, manifestDirs: map[string]bool{}}
	for _, f := range files {
		switch strings.ToLower(path.Base(f)) {
		case "chart.yaml", "chart.yml":
			l.charts[path.Dir(f)] = true
		case "kustomization.yaml", "kustomization.yml", "kustomization":
			l.kustomizations[path.Dir(f)] = true
		}
	}
	for _, m := range manifests {
		l.manifestDirs[path.Dir(m)] = true
	}
	return l
}

// UnitOf returns the unit a file belongs to. compose says whether the file
// is a compose file: every compose file of one directory is one project
// (compose.yaml with its override files).
func (l *Layout) UnitOf(rel string, compose bool) Unit {
	if rel == "-" {
		return Unit{Kind: "stdin", Dir: "-"}
	}
	dir := path.Dir(rel)
	if compose {
		return Unit{Kind: "compose", Dir: dir}
	}
	for d := dir; ; d = path.Dir(d) {
		if l.charts[d] {
			return Unit{Kind: "chart", Dir: d}
		}
		if l.kustomizations[d] {
			return Unit{Kind: "kustomize", Dir: d}
		}
		if d == "." || d == "/" {
			break
		}
	}
	// Plain manifests: climb while the parent holds manifests of its own,
	// but never up to the root from below it.
	d := dir
	for {
		parent := path.Dir(d)
		if d == "." || parent == "." || !l.manifestDirs[parent] {
			break
		}
		d = parent
	}
	return Unit{Kind: "manifests", Dir: d}
}
