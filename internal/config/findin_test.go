package config

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
)

// TestFindIn: the same names and rules as Find, over files that are not on
// the disk (--config-from reads them from git).
func TestFindIn(t *testing.T) {
	files := map[string]string{}
	read := func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
	}
	if c, err := FindIn("svc", read); c != nil || err != nil {
		t.Errorf("no file: %v, %v", c, err)
	}
	files["svc/.stateaudit.yml"] = "fail-on: warning\n"
	if c, err := FindIn("svc", read); err != nil || c.FailOn != "warning" || c.Path != "svc/.stateaudit.yml" {
		t.Errorf(".yml: %+v, %v", c, err)
	}
	files["svc/.stateaudit.yaml"] = "fail-on: error\n"
	if _, err := FindIn("svc", read); err == nil || !strings.Contains(err.Error(), "both svc/.stateaudit.yaml and svc/.stateaudit.yml exist") {
		t.Errorf("both: %v", err)
	}
	delete(files, "svc/.stateaudit.yml")
	files["svc/.stateaudit.yaml"] = "fail-on: [\n"
	if _, err := FindIn("svc", read); err == nil || !strings.HasPrefix(err.Error(), "svc/.stateaudit.yaml:") {
		t.Errorf("bad YAML: %v", err)
	}
	boom := errors.New("too large")
	if _, err := FindIn("svc", func(string) ([]byte, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("read error: %v", err)
	}
}
