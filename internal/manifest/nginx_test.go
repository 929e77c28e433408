package manifest

import (
	"strings"
	"testing"
)

// dump renders directives one per line as "line:col name args" with nesting
// shown by indentation, for compact expectations.
func dump(ds []*Directive) string {
	var b strings.Builder
	var walk func(ds []*Directive, depth int)
	walk = func(ds []*Directive, depth int) {
		for _, d := range ds {
			b.WriteString(strings.Repeat("  ", depth))
			b.WriteString(itoa(d.Line) + ":" + itoa(d.Column) + " " + d.Name)
			for _, a := range d.Args {
				b.WriteString(" [" + a + "]")
			}
			b.WriteString("\n")
			for _, c := range d.Block {
				if c.Parent != d {
					b.WriteString("BAD PARENT\n")
				}
			}
			walk(d.Block, depth+1)
		}
	}
	walk(ds, 0)
	return b.String()
}

func errString(errs []Error) string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return strings.Join(out, "\n")
}

func TestParseNginx(t *testing.T) {
	src := `# global comment
user nginx;
events { worker_connections 1024; }
http {
    upstream app {   # the pool
        ip_hash;
        server 10.0.0.1:8080 weight=2;
        server "10.0.0.2:8080" max_fails=3; # inline comment
    }
    server {
        listen 80;
        location / {
            proxy_pass http://app;
            set $x "a;b{c}";
            return 200 'it''s';
            rewrite ^/(.*)${suffix}$ /$1 last;
        }
        content_by_lua_block {
            if ngx.var.x then ngx.say("}") end -- }
        }
    }
}
`
	f := &File{Path: "nginx.conf"}
	errs := parseNginx(f, []byte(src))
	if len(errs) > 0 {
		t.Fatalf("unexpected errors: %s", errString(errs))
	}
	want := `2:1 user [nginx]
3:1 events
  3:10 worker_connections [1024]
4:1 http
  5:5 upstream [app]
    6:9 ip_hash
    7:9 server [10.0.0.1:8080] [weight=2]
    8:9 server [10.0.0.2:8080] [max_fails=3]
  10:5 server
    11:9 listen [80]
    12:9 location [/]
      13:13 proxy_pass [http://app]
`
	got := dump(f.Directives)
	if !strings.HasPrefix(got, want) {
		t.Errorf("got\n%s", got)
	}
	loc := f.Directives[2].Block[1].Block[1]
	if len(loc.Block) != 4 {
		t.Fatalf("location block: got %d directives, want 4\n%s", len(loc.Block), got)
	}
	if a := loc.Block[1].Args; len(a) != 2 || a[1] != "a;b{c}" {
		t.Errorf("quoted argument: got %q", a)
	}
	if a := loc.Block[3].Args; len(a) != 3 || a[0] != "^/(.*)${suffix}$" {
		t.Errorf("${var} in a word: got %q", a)
	}
	srv := f.Directives[2].Block[1]
	if last := srv.Block[len(srv.Block)-1]; last.Name != "content_by_lua_block" || last.Line != 18 {
		t.Errorf("lua block: got %s at %d", last.Name, last.Line)
	}
}

func TestParseNginxErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src  string
		want       string // substring of the joined errors
		directives int
	}{
		{"missing brace", "http {\n  upstream app {\n    ip_hash;\n  }\n", `nginx.conf:5: unexpected end of file: block "http" opened on line 1 is not closed by "}"`, 1},
		{"missing semicolon before brace", "upstream app {\n  ip_hash\n}\n", `nginx.conf:2: directive "ip_hash" is not terminated by ";"`, 1},
		{"missing semicolon at end", "user nginx", `nginx.conf:1: unexpected end of file: directive "user" is not terminated by ";"`, 1},
		{"stray brace", "user nginx;\n}\nworker_processes 2;\n", `nginx.conf:2: unexpected "}"`, 2},
		{"unterminated quote", "user \"nginx;\n", `nginx.conf:1: unterminated quoted string starting on line 1`, 1},
		{"stray semicolon", ";\nuser nginx;\n", `nginx.conf:1: unexpected ";"`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &File{Path: "nginx.conf"}
			errs := parseNginx(f, []byte(tc.src))
			if got := errString(errs); !strings.Contains(got, tc.want) {
				t.Errorf("errors: got %q, want %q", got, tc.want)
			}
			if len(f.Directives) != tc.directives {
				t.Errorf("kept %d top-level directives, want %d:\n%s", len(f.Directives), tc.directives, dump(f.Directives))
			}
		})
	}
}

func TestLoadNginx(t *testing.T) {
	f, errs := Load("deploy/nginx.conf", []byte("upstream app {\n  hash $remote_addr consistent;\n}\n"))
	if len(errs) > 0 || f == nil || f.Format != Nginx {
		t.Fatalf("Load: %v %v", f, errs)
	}
	if got := dump(f.Directives); got != "1:1 upstream [app]\n  2:3 hash [$remote_addr] [consistent]\n" {
		t.Errorf("got\n%s", got)
	}
}
