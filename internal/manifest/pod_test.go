package manifest

import "testing"

func TestMountUse(t *testing.T) {
	for _, tc := range []struct {
		shape MountShape
		want  MountUse
	}{
		// Configuration: single files, /etc, configuration directories.
		{MountShape{Host: "./nginx.conf", Target: "/etc/nginx/nginx.conf"}, UseConfig},
		{MountShape{Host: "./config.yml", Target: "/app/config.yml"}, UseConfig},
		{MountShape{Host: "./common/pki/public.crt", Target: "/certs/public.crt"}, UseConfig},
		{MountShape{Host: "./favicon.ico", Target: "/config/assets/favicon.ico"}, UseConfig},
		{MountShape{Host: "./.env", Target: "/app/.env"}, UseConfig},
		{MountShape{Host: "./traefik", Target: "/etc/traefik"}, UseConfig},
		{MountShape{Host: "./common/pki", Target: "/pki"}, UseConfig},
		{MountShape{Host: "./site", Target: "/usr/share/nginx/html"}, UseConfig},
		{MountShape{Host: "./init", Target: "/docker-entrypoint-initdb.d"}, UseConfig},
		{MountShape{Host: "./ldif", Target: "/container/service/slapd/assets/config/bootstrap/ldif/custom"}, UseConfig},
		{MountShape{Host: "/srv/conf", Target: "/usr/local/etc/haproxy"}, UseConfig},
		{MountShape{Host: "./config", Target: "/app/config"}, UseConfig},
		{MountShape{Host: "./nginx/backend", Target: "/configmaps/nginx-backend"}, UseConfig},
		{MountShape{Host: "/srv/app/settings.json", File: true}, UseConfig},
		{MountShape{Target: "/etc/app/app.yaml", File: true}, UseConfig},
		// The host's own files.
		{MountShape{Host: "/var/run/docker.sock", Target: "/var/run/docker.sock"}, UseSystem},
		{MountShape{Host: "/run/containerd/containerd.sock", Target: "/run/containerd.sock"}, UseSystem},
		{MountShape{Host: "/etc/localtime", Target: "/etc/localtime"}, UseSystem},
		{MountShape{Host: "/dev", Target: "/host/dev"}, UseSystem},
		{MountShape{Host: "/var/lib/kubelet/plugins/x", Target: "/plugin"}, UseSystem},
		{MountShape{Host: "/", Target: "/host"}, UseSystem},
		// Scratch, sources.
		{MountShape{Host: "/tmp", Target: "/tmp"}, UseScratch},
		{MountShape{Host: "./logs", Target: "/var/log/gitlab"}, UseScratch},
		{MountShape{Host: "~/.cache/go-build", Target: "/root/.cache/go-build"}, UseScratch},
		{MountShape{Host: "./app.log", Target: "/app/app.log"}, UseScratch},
		{MountShape{Host: "../..", Target: "/app"}, UseSource},
		{MountShape{Host: ".", Target: "/src"}, UseSource},
		// Data.
		{MountShape{Host: "./data", Target: "/data"}, UseData},
		{MountShape{Host: "./authelia", Target: "/config"}, UseData},
		{MountShape{Host: "./config", Target: "/config"}, UseData},
		{MountShape{Host: "./gitlab/data", Target: "/var/opt/gitlab"}, UseData},
		{MountShape{Host: "./state/app.db", Target: "/app/app.db"}, UseData},
		{MountShape{Host: "./acme.json", Target: "/acme.json"}, UseData},
		{MountShape{Host: "/var/lib/orders", Target: "/var/lib/orders"}, UseData},
		{MountShape{Host: "~/.memos/", Target: "/var/opt/memos"}, UseData},
		{MountShape{Host: "${HOME}/data", Target: "/data"}, UseData},
		{MountShape{Host: "./nginx-1.25", Target: "/srv/nginx"}, UseData},
		{MountShape{Target: "/var/lib/app"}, UseData},
	} {
		if got := tc.shape.Use(); got != tc.want {
			t.Errorf("%+v.Use() = %v, want %v", tc.shape, got, tc.want)
		}
	}
}

func TestNamesDataFile(t *testing.T) {
	for _, tc := range []struct {
		dir    string
		values []string
		want   bool
	}{
		{"/etc/traefik", []string{"--certificatesresolvers.le.acme.storage=/etc/traefik/acme.json"}, true},
		{"/config", []string{"sqlite:///config/db.sqlite3"}, true},
		{"/etc/app", []string{"--db", "/etc/app/state/app.db"}, true},
		{"/etc/app", []string{"--config=/etc/app/app.yaml", "/etc/app/app.log"}, false},
		{"/etc/app", []string{"/etc/application/app.db"}, false},
		{"/etc/app", nil, false},
	} {
		if got := NamesDataFile(tc.dir, tc.values); got != tc.want {
			t.Errorf("NamesDataFile(%q, %q) = %v, want %v", tc.dir, tc.values, got, tc.want)
		}
	}
}

func TestSingleFile(t *testing.T) {
	for shape, want := range map[MountShape]bool{
		{Target: "/data/users.acl"}:                true,
		{Host: "./redis.conf", Target: "/data"}:    true,
		{Host: "/srv/x", Target: "/x", File: true}: true,
		{Host: "./data", Target: "/data"}:          false,
		{Target: "/etc/conf.d"}:                    false,
	} {
		if got := shape.SingleFile(); got != want {
			t.Errorf("%+v.SingleFile() = %v, want %v", shape, got, want)
		}
	}
}
