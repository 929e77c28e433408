package deploy_test

import (
	"path"
	"testing"

	"github.com/stateaudit/stateaudit/internal/deploy"
)

func TestFileScope(t *testing.T) {
	s := deploy.NewScoper(nil, nil)
	cases := []struct {
		file  string
		scope deploy.Scope
	}{
		// Fire: test, e2e, dev and example environments, by directory and by file name.
		{"test/oidc/dex/docker-compose.yml", deploy.Test},
		{"internal/suites/example/compose/nginx/docker-compose.yml", deploy.Test},
		{"e2e/manifests/deploy.yaml", deploy.Test},
		{"integration-tests/k8s/app.yaml", deploy.Test},
		{"charts/app/templates/tests/test-connection.yaml", deploy.Test},
		{"docker-compose.test.yaml", deploy.Test},
		{"deploy/compose.e2e.yml", deploy.Test},
		{"local-environment/compose.yaml", deploy.Dev},
		{"hack/kind/ingress.yaml", deploy.Dev},
		{"compose-dev.yml", deploy.Dev},
		{"docker-compose.local.yml", deploy.Dev},
		{"examples/ldap/docker-compose.yaml", deploy.Example},
		{"docs/k8s/deployment.yaml", deploy.Example},
		{"_archived/storm/zookeeper.yaml", deploy.Example},
		{"quickstart-postgres.yml", deploy.Example},
		// Quiet: production look-alikes.
		{"deploy/kubernetes/deployment.yaml", deploy.Production},
		{"docker-compose.yaml", deploy.Production},
		{"compose.override.yaml", deploy.Production},
		{"charts/app/templates/deployment.yaml", deploy.Production},
		{"k8s/latest/devices.yaml", deploy.Production},           // "devices" is not "dev"
		{"manifests/contest/deployment.yaml", deploy.Production}, // "contest" is not "test"
		{"release/kubernetes-manifests.yaml", deploy.Production},
	}
	for _, c := range cases {
		if got := s.File(c.file).Normal(); got.Scope != c.scope {
			t.Errorf("File(%q) = %s (%s), want %s", c.file, got.Scope, got.Reason, c.scope)
		}
	}
}

func TestGoDirScope(t *testing.T) {
	s := deploy.NewScoper(nil, nil)
	for dir, want := range map[string]deploy.Scope{
		"examples/example-app":       deploy.Example,
		"test/e2e/server":            deploy.Test,
		"internal/testutil":          deploy.Test,
		"internal/local":             deploy.Production, // a storage driver named local
		"pkg/integration/slack":      deploy.Production, // an integration, not integration tests
		"cmd/server":                 deploy.Production,
		"internal/storage/sqlite/ci": deploy.Production,
	} {
		if got := s.GoDir(dir).Normal(); got.Scope != want {
			t.Errorf("GoDir(%q) = %s (%s), want %s", dir, got.Scope, got.Reason, want)
		}
	}
}

func TestOverridesAndMarks(t *testing.T) {
	match := func(glob, name string) bool { ok, _ := path.Match(glob, name); return ok }
	s := deploy.NewScoper([]deploy.Override{
		{Glob: "test/staging", Scope: deploy.Production, Source: ".stateaudit.yaml:3"},
		{Glob: "deploy", Scope: deploy.Test, Source: ".stateaudit.yaml:5"},
	}, match)
	if p := s.File("test/staging/app.yaml"); p.Scope != deploy.Production || p.Reason != "set by .stateaudit.yaml:3" {
		t.Errorf("override to production: %+v", p)
	}
	if p := s.File("deploy/app.yaml"); p.Scope != deploy.Test {
		t.Errorf("override to test: %+v", p)
	}
	s.MarkDir("local/cluster", deploy.Placement{Scope: deploy.Dev, Reason: "beside a kind cluster config"})
	s.MarkDir(".", deploy.Placement{Scope: deploy.Dev, Reason: "never"})
	if p := s.File("local/cluster/ingress/x.yaml"); p.Scope != deploy.Dev || p.Reason != "beside a kind cluster config" {
		t.Errorf("marked dir: %+v", p)
	}
	if p := s.File("k8s/app.yaml").Normal(); p.Scope != deploy.Production {
		t.Errorf("the root is never marked: %+v", p)
	}
}

func TestProfileAndHook(t *testing.T) {
	if p, ok := deploy.ProfileScope([]string{"debug"}); !ok || p.Scope != deploy.Dev {
		t.Errorf("debug profile: %+v %v", p, ok)
	}
	if p, ok := deploy.ProfileScope([]string{"e2e-tests"}); !ok || p.Scope != deploy.Test {
		t.Errorf("e2e profile: %+v %v", p, ok)
	}
	if _, ok := deploy.ProfileScope([]string{"monitoring"}); ok {
		t.Error("an opt-in production profile is not dev or test")
	}
	if p, ok := deploy.HookScope("test-success"); !ok || p.Scope != deploy.Test {
		t.Errorf("helm test hook: %+v %v", p, ok)
	}
	if _, ok := deploy.HookScope("pre-install,pre-upgrade"); ok {
		t.Error("a migration hook runs in production")
	}
	if tool, ok := deploy.IsLocalClusterConfig("kind.x-k8s.io/v1alpha4", "Cluster"); !ok || tool != "kind" {
		t.Errorf("kind config: %q %v", tool, ok)
	}
	if _, ok := deploy.IsLocalClusterConfig("apps/v1", "Deployment"); ok {
		t.Error("a Deployment is no cluster config")
	}
}

func TestUnits(t *testing.T) {
	files := []string{
		"charts/app/Chart.yaml", "charts/app/templates/deployment.yaml", "charts/app/templates/sub/svc.yaml",
		"kustomize/base/kustomization.yaml", "kustomize/base/app.yaml",
		"examples/a/web.yaml", "examples/b/web.yaml",
		"k8s/app.yaml", "k8s/monitoring/sm.yaml",
		"docker-compose.yml", "compose.override.yaml",
	}
	manifests := []string{"charts/app/templates/deployment.yaml", "charts/app/templates/sub/svc.yaml", "kustomize/base/app.yaml",
		"examples/a/web.yaml", "examples/b/web.yaml", "k8s/app.yaml", "k8s/monitoring/sm.yaml"}
	l := deploy.NewLayout(files, manifests)
	unit := func(f string) string {
		return l.UnitOf(f, path.Base(f) == "docker-compose.yml" || path.Base(f) == "compose.override.yaml").String()
	}
	same := [][2]string{
		{"charts/app/templates/deployment.yaml", "charts/app/templates/sub/svc.yaml"},
		{"k8s/app.yaml", "k8s/monitoring/sm.yaml"},
		{"docker-compose.yml", "compose.override.yaml"},
	}
	for _, p := range same {
		if unit(p[0]) != unit(p[1]) {
			t.Errorf("%s (%s) and %s (%s) should be one unit", p[0], unit(p[0]), p[1], unit(p[1]))
		}
	}
	apart := [][2]string{
		{"examples/a/web.yaml", "examples/b/web.yaml"},
		{"kustomize/base/app.yaml", "k8s/app.yaml"},
	}
	for _, p := range apart {
		if unit(p[0]) == unit(p[1]) {
			t.Errorf("%s and %s should be two units (%s)", p[0], p[1], unit(p[0]))
		}
	}
	if got := unit("charts/app/templates/deployment.yaml"); got != "chart charts/app" {
		t.Errorf("chart unit = %q", got)
	}
}

func TestMountSourceScope(t *testing.T) {
	for src, want := range map[string]deploy.Scope{
		"./dev-data":                      deploy.Dev,
		"./connector/ldap/testdata/certs": deploy.Test,
		"../hack/local":                   deploy.Dev,
		"./data":                          "",
		"/srv/uploads":                    "",
		"pgdata":                          "", // a named volume
		"./docs/site":                     "",
	} {
		p, ok := deploy.MountSourceScope(src)
		if ok != (want != "") || ok && p.Scope != want {
			t.Errorf("MountSourceScope(%q) = %+v %v, want %q", src, p, ok, want)
		}
	}
}
