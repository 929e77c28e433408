package manifest

import (
	"strings"
	"testing"
)

const testValues = `
replicaCount: 3
name: shop
sticky:
  enabled: false
hostPort:
  enabled: true
  port: 8080
tcp: {}
mode: cluster
defaults: &d {on: true}
aliased: *d
`

func TestApplyValues(t *testing.T) {
	c := ParseChart([]byte("apiVersion: v2\nname: web\n"), []byte(testValues))
	src := strings.Join([]string{
		"metadata:",                            // 1
		"  name: {{ .Values.name }}",           // 2 substituted
		"  labels: {chart: {{ .Chart.Name }}}", // 3 substituted
		"  annotations:",                       // 4
		"  {{- if .Values.sticky.enabled }}",   // 5
		"    affinity: cookie",                 // 6 blanked: off by default
		"  {{- else }}",                        // 7
		"    affinity: none",                   // 8 kept
		"  {{- end }}",                         // 9
		"  {{- if and .Values.hostPort.enabled (eq .Values.mode \"cluster\") }}", // 10
		"    hostPort: {{ .Values.hostPort.port }}",                              // 11 kept, substituted
		"  {{- end }}",                         // 12
		"  {{- range $k, $v := .Values.tcp }}", // 13
		"    tcp: {{ $k }}",                    // 14 blanked: empty map
		"  {{- end }}",                         // 15
		"  {{- if .Values.unknown.key }}",      // 16
		"    absent: true",                     // 17 blanked: missing is false
		"  {{- end }}",                         // 18
		"  {{- if include \"x\" . }}",          // 19
		"    maybe: true",                      // 20 kept: unknown
		"  {{- end }}",                         // 21
		"  {{- if .Values.aliased.on }}",       // 22
		"    via-alias: true",                  // 23 kept
		"  {{- end }}",                         // 24
	}, "\n") + "\n"
	out := string(applyValues([]byte(src), c))
	lines := strings.Split(out, "\n")
	if len(lines) != len(strings.Split(src, "\n")) {
		t.Fatalf("line count changed:\n%s", out)
	}
	want := map[int]string{2: "  name: shop", 3: "  labels: {chart: web}", 6: "", 8: "    affinity: none", 11: "    hostPort: 8080", 14: "", 17: "", 20: "    maybe: true", 23: "    via-alias: true"}
	for n, w := range want {
		if got := strings.TrimRight(lines[n-1], " "); got != w {
			t.Errorf("line %d = %q, want %q", n, got, w)
		}
	}
	// Without values nothing is decided: both branches stay.
	if got := string(applyValues([]byte(src), ParseChart([]byte("name: web\n"), nil))); !strings.Contains(got, "affinity: cookie") {
		t.Error("a branch was dropped without values")
	}
}
