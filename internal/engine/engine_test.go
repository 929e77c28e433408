package engine

import "testing"

func TestIsToolDir(t *testing.T) {
	for dir, want := range map[string]bool{
		"tools/seed": true, "hack/gen-crds": true, "cmd/protoc-gen-foo": true, "cmd/codegen": true,
		"cmd/clidoc": true, "cmd/gendocs": true, "internal/gen/api": true,
		"cmd/server": false, "cmd/generalstore": false, "cmd/dex": false, ".": false, "cmd/docker-proxy": false,
	} {
		if got := isToolDir(dir); got != want {
			t.Errorf("isToolDir(%q) = %v, want %v", dir, got, want)
		}
	}
}
