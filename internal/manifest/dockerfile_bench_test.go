package manifest

import (
	"fmt"
	"strings"
	"testing"
)

// continuations is a Dockerfile of about size bytes whose single RUN
// instruction continues over every line: what a hostile pull request can
// write to make a quadratic parser spend minutes on one file.
func continuations(size int) []byte {
	var b strings.Builder
	b.WriteString("FROM alpine\nRUN true \\\n")
	for b.Len() < size {
		b.WriteString("  && echo continued \\\n")
	}
	b.WriteString("  && true\n")
	return []byte(b.String())
}

// BenchmarkDockerfileContinuations parses one instruction continued over
// 256 KiB, 1 MiB and 4 MiB: the time per byte must stay flat as the size
// grows (linear parsing). Compare ns/op across sizes, or MB/s.
func BenchmarkDockerfileContinuations(b *testing.B) {
	for _, size := range []int{256 << 10, 1 << 20, 4 << 20} {
		data := continuations(size)
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				f := &File{Path: "Dockerfile", Format: Dockerfile}
				if errs := parseDockerfile(f, data); len(errs) > 0 || len(f.Directives) != 2 {
					b.Fatalf("directives %d, errors %v", len(f.Directives), errs)
				}
			}
		})
	}
}
