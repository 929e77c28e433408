package manifest

import (
	"strings"
	"testing"
)

func TestParseHAProxy(t *testing.T) {
	src := `# HAProxy config
global
    log stdout format raw local0
    maxconn 4096

defaults
    mode http
    timeout connect 5s   # inline comment

frontend www
    bind *:80
    http-request set-header X-Note "a # not a comment"
    default_backend app

backend app
    balance source
    cookie SERVERID insert indirect nocache
	server s1 10.0.0.1:8080 check cookie s1
    server s2 10.0.0.2:8080 check cookie s\ 2

listen stats
    bind :8404
`
	f := &File{Path: "haproxy.cfg"}
	if errs := parseHAProxy(f, []byte(src)); len(errs) > 0 {
		t.Fatalf("unexpected errors: %s", errString(errs))
	}
	want := `2:1 global
  3:5 log [stdout] [format] [raw] [local0]
  4:5 maxconn [4096]
6:1 defaults
  7:5 mode [http]
  8:5 timeout [connect] [5s]
10:1 frontend [www]
  11:5 bind [*:80]
  12:5 http-request [set-header] [X-Note] [a # not a comment]
  13:5 default_backend [app]
15:1 backend [app]
  16:5 balance [source]
  17:5 cookie [SERVERID] [insert] [indirect] [nocache]
  18:2 server [s1] [10.0.0.1:8080] [check] [cookie] [s1]
  19:5 server [s2] [10.0.0.2:8080] [check] [cookie] [s 2]
21:1 listen [stats]
  22:5 bind [:8404]
`
	if got := dump(f.Directives); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestParseHAProxyErrors(t *testing.T) {
	f := &File{Path: "haproxy.cfg"}
	errs := parseHAProxy(f, []byte("maxconn 10\nbackend app\n    http-request set-header X \"open\n    balance roundrobin\n"))
	got := errString(errs)
	for _, want := range []string{
		`haproxy.cfg:1: keyword "maxconn" is outside any section`,
		`haproxy.cfg:3: unterminated quoted string`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors: got %q, want %q", got, want)
		}
	}
	// The lines around the errors are kept.
	if d := dump(f.Directives); !strings.Contains(d, "4:5 balance [roundrobin]") || !strings.Contains(d, "1:1 maxconn [10]") {
		t.Errorf("got\n%s", d)
	}
}

func TestLoadHAProxy(t *testing.T) {
	f, errs := Load("lb/haproxy.cfg", []byte("backend app\n  balance leastconn\n"))
	if len(errs) > 0 || f == nil || f.Format != HAProxy {
		t.Fatalf("Load: %v %v", f, errs)
	}
	if got := dump(f.Directives); got != "1:1 backend [app]\n  2:3 balance [leastconn]\n" {
		t.Errorf("got\n%s", got)
	}
}

func TestLooksHAProxy(t *testing.T) {
	for src, want := range map[string]bool{
		"global\n  maxconn 10\nbackend app\n  server s1 a:80\n":            true,
		"frontend www\n    bind :80\n":                                     true,
		"defaults\n  mode http\n":                                          true,
		"http {\n  server {\n    listen 80;\n  }\n}\n":                     false,
		"upstream backend {\n  server a:80;\n}\nserver {\nlisten 80;\n}\n": false,
		"# backend app\n":                                                  false,
	} {
		if got := LooksHAProxy([]byte(src)); got != want {
			t.Errorf("LooksHAProxy(%q) = %v, want %v", src, got, want)
		}
	}
}
