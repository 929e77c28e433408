package manifest

import (
	"strings"
	"testing"
)

func TestParseApache(t *testing.T) {
	src := "# Apache httpd\n" +
		"ServerRoot \"/usr/local/apache2\"\n" +
		"LoadModule proxy_module modules/mod_proxy.so\n" +
		"\n" +
		"<VirtualHost *:80>\n" +
		"    ServerName shop.example.com\n" +
		"    Header add Set-Cookie \"ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/\" env=BALANCER_ROUTE_CHANGED\n" +
		"    <Proxy \"balancer://app\">\n" +
		"        BalancerMember http://10.0.0.1:8080 route=a\n" +
		"\t\tBalancerMember 'http://10.0.0.2:8080' route=b \\\n" +
		"            loadfactor=2\n" +
		"        ProxySet stickysession=ROUTEID # trailing note\n" +
		"    </proxy>\n" +
		"    ProxyPass \"/\" \"balancer://app/\"\n" +
		"    RequestHeader set X-Quote \"say \\\"hi\\\" \\\\ there\"\n" +
		"</VirtualHost>\n"
	f := &File{Path: "httpd.conf"}
	if errs := parseApache(f, []byte(src)); len(errs) > 0 {
		t.Fatalf("unexpected errors: %s", errString(errs))
	}
	want := `2:1 ServerRoot [/usr/local/apache2]
3:1 LoadModule [proxy_module] [modules/mod_proxy.so]
5:1 <VirtualHost [*:80]
  6:5 ServerName [shop.example.com]
  7:5 Header [add] [Set-Cookie] [ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/] [env=BALANCER_ROUTE_CHANGED]
  8:5 <Proxy [balancer://app]
    9:9 BalancerMember [http://10.0.0.1:8080] [route=a]
    10:3 BalancerMember [http://10.0.0.2:8080] [route=b] [loadfactor=2]
    12:9 ProxySet [stickysession=ROUTEID]
  14:5 ProxyPass [/] [balancer://app/]
  15:5 RequestHeader [set] [X-Quote] [say "hi" \ there]
`
	if got := dump(f.Directives); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestParseApacheErrors(t *testing.T) {
	for _, tc := range []struct{ src, want, keep string }{
		{"<Proxy balancer://a>\n  BalancerMember http://a\n", `x.conf:1: section <Proxy> opened on line 1 is not closed by </Proxy>`, "2:3 BalancerMember"},
		{"ProxySet a=b\n</Proxy>\nProxyPass / http://b/\n", `x.conf:2: </Proxy> without matching <Proxy> section`, "3:1 ProxyPass"},
		{"<VirtualHost *:80>\n<Proxy x>\n</VirtualHost>\nServerName a\n", `x.conf:3: </VirtualHost> closes section <Proxy opened on line 2`, "4:1 ServerName"},
		{"<Proxy balancer://a\nBalancerMember http://a\n</Proxy>\n", `x.conf:1: section <Proxy is missing its closing ">"`, "2:1 BalancerMember"},
		{"Header set X \"open\nServerName a\n", `x.conf:1: unterminated quoted string`, "2:1 ServerName"},
	} {
		f := &File{Path: "x.conf"}
		errs := parseApache(f, []byte(tc.src))
		if got := errString(errs); !strings.Contains(got, tc.want) {
			t.Errorf("%q: errors %q, want %q", tc.src, got, tc.want)
		}
		if d := dump(f.Directives); !strings.Contains(d, tc.keep) {
			t.Errorf("%q: directives\n%s\nwant %q kept", tc.src, d, tc.keep)
		}
	}
}

func TestClassifyApache(t *testing.T) {
	balancer := "<Proxy balancer://app>\n  BalancerMember http://a:80\n</Proxy>\n"
	for _, tc := range []struct {
		rel, src string
		want     Format
	}{
		{"httpd.conf", "ServerName a\n", Apache},
		{"etc/apache2/apache2.conf", "ServerName a\n", Apache},
		{"conf/extra/httpd-vhosts.conf", "<VirtualHost *:80>\n</VirtualHost>\n", Apache},
		{"sites-enabled/shop.conf", balancer, Apache},
		{"conf.d/lb.conf", "ProxySet lbmethod=byrequests\n", Apache},
		// nginx files in the same directories stay nginx's.
		{"conf.d/default.conf", "upstream app {\n  server a:80;\n}\nserver {\n  location / { proxy_pass http://app; }\n}\n", Nginx},
		{"sites-enabled/site.conf", "server {\n  listen 80;\n}\n", Nginx},
	} {
		got, ok := Classify(tc.rel, []byte(tc.src))
		if !ok || got != tc.want {
			t.Errorf("Classify(%q) = %q, %v; want %q", tc.rel, got, ok, tc.want)
		}
	}
	f := load(t, "sites-enabled/shop.conf", balancer)
	if got := dump(f.Directives); got != "1:1 <Proxy [balancer://app]\n  2:3 BalancerMember [http://a:80]\n" {
		t.Errorf("got\n%s", got)
	}
}
