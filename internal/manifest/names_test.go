package manifest

import "testing"

func TestIsDockerfileName(t *testing.T) {
	for name, want := range map[string]bool{
		"Dockerfile": true, "build/Dockerfile.prod": true, "api.dockerfile": true, "Containerfile": true,
		"dockerfile.go": false, "internal/x/dockerfile.go": false, "Dockerfile.md": false, "dockerfiles": false,
	} {
		if got := IsDockerfileName(name); got != want {
			t.Errorf("IsDockerfileName(%q) = %v, want %v", name, got, want)
		}
	}
}
