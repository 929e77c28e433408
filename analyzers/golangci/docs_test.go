package golangci_test

import (
	"os"
	"regexp"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/analyzers/golangci"
)

// yamlBlock returns the fenced YAML block of docs/ci.md whose first line is
// the comment "# name".
func yamlBlock(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../../docs/ci.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n# " + regexp.QuoteMeta(name) + "\n(.*?)```").FindSubmatch(data)
	if m == nil {
		t.Fatalf("docs/ci.md has no yaml block starting # %s", name)
	}
	return m[1]
}

// TestDocumentedGolangciConfig holds docs/ci.md to the plugin: the
// .custom-gcl.yml names this package, and the settings of the .golangci.yml
// example are accepted by New.
func TestDocumentedGolangciConfig(t *testing.T) {
	var custom struct {
		Version string `yaml:"version"`
		Plugins []struct {
			Module, Import, Version string
		} `yaml:"plugins"`
	}
	if err := yaml.Unmarshal(yamlBlock(t, ".custom-gcl.yml"), &custom); err != nil {
		t.Fatalf(".custom-gcl.yml example: %v", err)
	}
	if !regexp.MustCompile(`^v2\.\d+\.\d+$`).MatchString(custom.Version) {
		t.Errorf(".custom-gcl.yml version %q is not a golangci-lint v2 version", custom.Version)
	}
	if len(custom.Plugins) != 1 || custom.Plugins[0].Module != "github.com/stateaudit/stateaudit" ||
		custom.Plugins[0].Import != "github.com/stateaudit/stateaudit/analyzers/golangci" || custom.Plugins[0].Version == "" {
		t.Errorf(".custom-gcl.yml plugins = %+v", custom.Plugins)
	}

	var cfg struct {
		Version string `yaml:"version"`
		Linters struct {
			Enable   []string `yaml:"enable"`
			Settings struct {
				Custom map[string]struct {
					Type        string `yaml:"type"`
					Description string `yaml:"description"`
					Settings    any    `yaml:"settings"`
				} `yaml:"custom"`
			} `yaml:"settings"`
		} `yaml:"linters"`
	}
	if err := yaml.Unmarshal(yamlBlock(t, ".golangci.yml"), &cfg); err != nil {
		t.Fatalf(".golangci.yml example: %v", err)
	}
	if cfg.Version != "2" || len(cfg.Linters.Enable) != 1 || cfg.Linters.Enable[0] != golangci.Name {
		t.Errorf(".golangci.yml: version %q, enable %v", cfg.Version, cfg.Linters.Enable)
	}
	c, ok := cfg.Linters.Settings.Custom[golangci.Name]
	if !ok || c.Type != "module" || c.Description == "" {
		t.Fatalf(".golangci.yml custom.%s = %+v", golangci.Name, c)
	}
	if c.Settings == nil {
		t.Fatal("the example shows no settings")
	}
	p, err := golangci.New(c.Settings)
	if err != nil {
		t.Fatalf("New(documented settings): %v", err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Name == "localdisk" {
			t.Error("the documented disable: [localdisk] left localdisk running")
		}
	}
}
