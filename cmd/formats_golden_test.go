package cmd_test

import (
	"regexp"
	"testing"
)

// volatile matches what changes from run to run: durations.
var volatile = regexp.MustCompile(`(time="|"duration_ms": |durationMs": )[0-9.]+`)

// TestFormatGoldens renders the demo in every format and compares it with
// testdata/golden (go test ./cmd -update rewrites them).
func TestFormatGoldens(t *testing.T) {
	for format, file := range map[string]string{
		"sarif":    "demo.sarif",
		"github":   "demo.github",
		"junit":    "demo.junit.xml",
		"markdown": "demo.md",
	} {
		t.Run(format, func(t *testing.T) {
			out, _, code := run(t, "", "--format", format, "../testdata/demo")
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			golden(t, "../testdata/golden/"+file, volatile.ReplaceAllString(out, "${1}0"))
		})
	}
}
