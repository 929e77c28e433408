// Package derived holds files a process rebuilds from its own inputs each
// time it starts or syncs — generated configuration, certificates written
// from secrets, pid files, health markers, sockets — reported as notes, and
// look-alikes that keep data.
package derived

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"text/template"
)

const confTemplate = "upstream app { {{range .}}server {{.}};{{end}} }"

const sslDir = "/etc/app/ssl"

// Notes: configuration rendered from a template or written on a sync.
func renderProxyConfig(upstreams []string) error {
	tmpl := template.Must(template.New("proxy").Parse(confTemplate))
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, upstreams); err != nil {
		return err
	}
	return os.WriteFile("/etc/proxy/proxy.conf", buf.Bytes(), 0o644) // want `os.WriteFile writes a generated configuration file "/etc/proxy/proxy.conf" to local disk \(severity: note\)$`
}

type controller struct{ cfgPath string }

func (c *controller) sync(state map[string]string) error {
	data, _ := json.Marshal(state)
	return os.WriteFile(c.cfgPath, data, 0o644) // want `os.WriteFile writes a generated configuration file to local disk \(severity: note\)$`
}

func writeBanner(dir string, rendered []byte) {
	os.WriteFile(filepath.Join(dir, "banner.html"), rendered, 0o644) // want `os.WriteFile writes a file rendered from a template to local disk \(severity: note\)$`
}

func renderIndex(dir string, pages []string) {
	f, _ := os.Create(filepath.Join(dir, "index.html")) // want `os.Create writes a file rendered from a template to local disk \(severity: note\)$`
	defer f.Close()
	template.Must(template.New("index").Parse("{{range .}}{{.}}{{end}}")).Execute(f, pages)
}

// Notes: certificates, keys and other files written from secrets.
func storeCertificate(name string, pemBytes, keyBytes []byte) {
	os.MkdirAll(sslDir, 0o700)                                        // want `os.MkdirAll creates directory "/etc/app/ssl" for certificates on local disk \(severity: note\)$`
	os.WriteFile(filepath.Join(sslDir, name+".pem"), pemBytes, 0o600) // want `os.WriteFile writes a certificate to local disk under "/etc/app/ssl" \(severity: note\)$`
	keyPath := filepath.Join("/var/lib/app", "tls.key")
	os.WriteFile(keyPath, keyBytes, 0o600) // want `os.WriteFile writes a key file "/var/lib/app/tls.key" to local disk \(severity: note\)$`
}

type secret struct{ Data map[string][]byte }

func dumpSecret(dir string, s *secret) {
	os.WriteFile(filepath.Join(dir, "auth"), s.Data["auth"], 0o600) // want `os.WriteFile writes a file from a secret to local disk \(severity: note\)$`
}

// Notes: pid files, health markers and socket directories.
func writePidFile(pidFile string) error {
	return os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())), 0o644) // want `os.WriteFile writes a pid file to local disk \(severity: note\)$`
}

func start() {
	os.WriteFile("/run/app/app.pid", nil, 0o644)       // want `os.WriteFile writes a pid file "/run/app/app.pid" to local disk \(severity: note\)$`
	os.WriteFile("/app/healthy", nil, 0o644)           // want `os.WriteFile writes a health-check marker file "/app/healthy" to local disk \(severity: note\)$`
	os.Create("/var/run/app/ready")                    // want `os.Create writes a health-check marker file "/var/run/app/ready" to local disk \(severity: note\)$`
	os.MkdirAll("/var/run/app/sockets", 0o755)         // want `os.MkdirAll creates directory "/var/run/app/sockets" for sockets on local disk \(severity: note\)$`
	os.WriteFile("/tmp/app-healthy", nil, 0o644)       // quiet: the temporary directory
	os.WriteFile("/etc/app/features.yaml", nil, 0o644) // want `os.WriteFile writes a generated configuration file "/etc/app/features.yaml" to local disk \(severity: note\)$`
}

// Fires: data whose names only look derived — appended to, keyed by a
// variable named key, a user profile — a path held in the configuration,
// and a secret the process makes up, which is its own state.
func lookAlikes(key string, value []byte) {
	f, _ := os.OpenFile("/var/lib/app/config-history", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600) // want `os.OpenFile writes "/var/lib/app/config-history" to local disk$`
	f.Close()
	os.WriteFile(filepath.Join("/var/lib/app/kv", key), value, 0o600) // want `os.WriteFile writes to local disk under "/var/lib/app/kv"$`
	os.WriteFile("/var/lib/app/profile.json", value, 0o600)           // want `os.WriteFile writes "/var/lib/app/profile.json" to local disk$`
	os.WriteFile("/var/lib/app/keys.json", value, 0o600)              // want `os.WriteFile writes "/var/lib/app/keys.json" to local disk$`
}

type settings struct{ DataDir string }

type app struct{ cfg settings }

func (a *app) save(orders []byte) {
	os.WriteFile(filepath.Join(a.cfg.DataDir, "orders.json"), orders, 0o600) // want `os.WriteFile writes to local disk$`
}

func generateSecret(dir string) {
	key := make([]byte, 32)
	rand.Read(key)
	os.WriteFile(filepath.Join(dir, "cookie-secret"), key, 0o600) // want `os.WriteFile writes to local disk$`
}
