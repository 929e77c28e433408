package manifest

import "testing"

// The line-oriented parsers must terminate on any input, never panic, and
// give every directive and error a position inside the file.

func fuzzParser(f *testing.F, name string, parse func(*File, []byte) []Error, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file := &File{Path: name}
		errs := parse(file, []byte(src))
		lines := len(splitLines([]byte(src)))
		var walk func(ds []*Directive)
		walk = func(ds []*Directive) {
			for _, d := range ds {
				if d.Line < 1 || d.Line > lines {
					t.Fatalf("directive %q at line %d of %d", d.Name, d.Line, lines)
				}
				walk(d.Block)
			}
		}
		walk(file.Directives)
		for _, e := range errs {
			if e.Line < 0 || e.Line > lines {
				t.Fatalf("error %q at line %d of %d", e.Message, e.Line, lines)
			}
		}
	})
}

func FuzzNginx(f *testing.F) {
	fuzzParser(f, "nginx.conf", parseNginx, "http { upstream a { ip_hash; } }", "a {", "}}", `"`, "x ${y", "b_by_lua_block { '", "a 'b\\'c';")
}

func FuzzHAProxy(f *testing.F) {
	fuzzParser(f, "haproxy.cfg", parseHAProxy, "backend a\n balance source\n", "x \"", "\\", "frontend\tb # c\n")
}

func FuzzDockerfile(f *testing.F) {
	fuzzParser(f, "Dockerfile", parseDockerfile, "FROM a\nVOLUME [\"/d\"]\n", "RUN <<A\nA\n", "# escape=`\nRUN a `\n", "VOLUME \\", "RUN <<-\"X\"\n\tX")
}
