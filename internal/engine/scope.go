package engine

import (
	"fmt"
	"path"

	"github.com/stateaudit/stateaudit/internal/config"
	"github.com/stateaudit/stateaudit/internal/deploy"
	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/internal/report"
	"github.com/stateaudit/stateaudit/rules"
)

// scoping places files, objects and services in scopes and knows which
// scopes the audit counts.
type scoping struct {
	scoper   *deploy.Scoper
	selected map[deploy.Scope]bool
	// explicit are the files named on the command line: a broken one is
	// always an error, whatever its scope.
	explicit map[string]bool
}

func newScoping(cfg *config.Config, scopes []deploy.Scope, explicit map[string]bool) *scoping {
	var overrides []deploy.Override
	if cfg != nil {
		for _, s := range cfg.Scopes {
			overrides = append(overrides, deploy.Override{Glob: s.Glob, Scope: deploy.Scope(s.Scope), Source: fmt.Sprintf("%s:%d", path.Base(cfg.Path), s.Line)})
		}
	}
	sc := &scoping{scoper: deploy.NewScoper(overrides, config.MatchGlob), selected: map[deploy.Scope]bool{}, explicit: explicit}
	if len(scopes) == 0 {
		scopes = []deploy.Scope{deploy.Production}
	}
	for _, s := range scopes {
		sc.selected[s] = true
	}
	if sc.explicit == nil {
		sc.explicit = map[string]bool{}
	}
	return sc
}

func (sc *scoping) file(rel string) deploy.Placement {
	if rel == "-" || rel == "" {
		return deploy.InProduction
	}
	return sc.scoper.File(rel)
}

func (sc *scoping) goDir(rel string) deploy.Placement {
	if rel == "" {
		return deploy.InProduction
	}
	if rel == "." {
		return sc.scoper.GoFile("main.go")
	}
	return sc.scoper.GoDir(rel)
}

// markLocalClusters places the directories that hold a kind, k3d, ctlptl or
// minikube cluster configuration in the dev scope: the manifests beside it
// are applied to a laptop's cluster.
func (sc *scoping) markLocalClusters(set *manifest.Set) {
	for _, f := range set.Files {
		for _, o := range f.Objects {
			if tool, ok := deploy.IsLocalClusterConfig(o.APIVersion, o.Kind); ok {
				sc.scoper.MarkDir(path.Dir(f.Path), deploy.Placement{Scope: deploy.Dev, Reason: "beside a " + tool + " cluster config (" + path.Base(f.Path) + ")"})
			}
		}
	}
}

// setAside returns why something in placement p is set aside, or "" when its
// scope is audited.
func (sc *scoping) setAside(p deploy.Placement) string {
	p = p.Normal()
	if sc.selected[p.Scope] {
		return ""
	}
	if p.Reason == "" {
		return string(p.Scope) + " scope"
	}
	return fmt.Sprintf("%s scope: %s", p.Scope, p.Reason)
}

// scope sets a finding's scope from its file, object or compose service, and
// the scope of the service it belongs to, and sets it aside when that scope
// is not audited.
func (m *model) scope(f *rules.Finding) {
	p := m.placementOf(f)
	p = p.Normal()
	f.Scope = string(p.Scope)
	if !p.Production() {
		f.ScopeReason = p.Reason
	}
	if f.SetAside == "" {
		f.SetAside = m.sc.setAside(p)
	}
}

// placementOf decides a finding's placement: the least production of its
// place (a file under e2e/, a Helm test hook, a compose service in a dev
// profile) and its service.
func (m *model) placementOf(f *rules.Finding) deploy.Placement {
	var p deploy.Placement
	switch {
	case f.Package != "":
		p = m.sc.scoper.GoFile(f.File)
	default:
		p = m.sc.file(f.File)
		if w := m.workloadAt(f.File, f.Line); w != nil && deploy.Less(p, w.placement) {
			p = w.placement
		}
	}
	if s := m.svcs[f.Service]; s != nil && p.Production() {
		if sp := s.placement(); !sp.Production() {
			p = sp
		}
	}
	return p
}

// setAsideCounts counts the findings set aside, by the kind of reason.
func setAsideCounts(fs []rules.Finding) map[string]int {
	out := map[string]int{}
	for _, f := range fs {
		if f.SetAside == "" || f.Suppressed {
			continue
		}
		key := f.Scope
		if f.Scope == string(deploy.Production) || f.Scope == "" {
			key = "not-serving"
		}
		out[key]++
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// serviceScopes gives each report service its scope and sets aside the
// services whose scope is not audited.
func (m *model) serviceScope(rs *report.Service, s *svc) {
	p := s.placement().Normal()
	rs.Scope = string(p.Scope)
	if !p.Production() {
		rs.ScopeReason = p.Reason
	}
	rs.SetAside = m.sc.setAside(p) != ""
}

// placement of a service: the most production of its workloads and Go mains.
func (s *svc) placement() deploy.Placement {
	var best deploy.Placement
	first := true
	consider := func(p deploy.Placement) {
		p = p.Normal()
		if first || deploy.Less(p, best) {
			best, first = p, false
		}
	}
	for _, w := range s.workloads {
		consider(w.placement)
	}
	for _, g := range s.goSvcs {
		consider(g.placement)
	}
	if first {
		return deploy.InProduction
	}
	return best
}
