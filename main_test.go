package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVetTool builds the binary and drives it the way users do:
// go vet -vettool=$(which stateaudit) ./...
func TestVetTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "stateaudit")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	vet := exec.Command("go", "vet", "-vettool="+bin, "./...")
	vet.Dir = filepath.Join("testdata", "vetmod")
	vet.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local")
	out, err := vet.CombinedOutput()
	if err == nil {
		t.Fatalf("go vet succeeded; want a diagnostic\n%s", out)
	}
	got := string(out)
	if !strings.Contains(got, "main.go:5:5: sessions are kept in process memory") || !strings.Contains(got, "(memory-session-map)") {
		t.Errorf("go vet output lacks the session map with its rule ID:\n%s", got)
	}
	if strings.Contains(got, "tokens") {
		t.Errorf("the suppressed map was reported:\n%s", got)
	}
}

func TestVetInvocation(t *testing.T) {
	for args, want := range map[string]bool{
		"-V=full": true, "-flags": true, "/tmp/go-build1/vet.cfg": true,
		"": false, "audit .": false, "testdata/demo": false, "config.cfg extra": false,
	} {
		if got := vetInvocation(strings.Fields(args)); got != want {
			t.Errorf("vetInvocation(%q) = %v, want %v", args, got, want)
		}
	}
}
