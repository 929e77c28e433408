package manifest

import (
	"path/filepath"
	"strings"
)

// Formats of the Apache httpd, Envoy and Terraform loaders.
const (
	// Apache is an Apache httpd configuration: Directives hold its
	// directives, and a section `<Proxy balancer://x> … </Proxy>` is a
	// Directive named "<Proxy" whose Block holds the section's directives.
	Apache Format = "apache"
	// Envoy is an Envoy proxy static configuration (YAML or JSON in Docs).
	Envoy Format = "envoy"
	// Terraform is a Terraform (HCL) file: blocks and attributes are
	// Directives, see parseTerraform.
	Terraform Format = "terraform"
)

// classifyMore recognises the Apache, Envoy and Terraform files by name and,
// where names are not enough, by content. Classify asks it first.
func classifyMore(rel string, data []byte) (Format, bool) {
	base := strings.ToLower(filepath.Base(rel))
	ext := filepath.Ext(base)
	switch {
	case ext == ".tf" || strings.HasSuffix(base, ".tf.json"):
		return Terraform, true
	case base == "httpd.conf" || base == "apache2.conf" || base == "apache.conf" ||
		(ext == ".conf" && (strings.HasPrefix(base, "httpd-") || LooksApacheBalancer(data))):
		return Apache, true
	case (ext == ".yaml" || ext == ".yml" || ext == ".json") && !inHelmTemplates(rel) && looksEnvoy(base, data):
		return Envoy, true
	}
	return "", false
}

// LooksApacheBalancer reports whether a config's text holds an Apache
// mod_proxy_balancer setup: a line (after indentation) starting with
// BalancerMember or ProxySet, or opening a `<Proxy balancer://…>` section.
// nginx and HAProxy have no such directives, so the test tells an Apache
// `.conf` in conf.d or sites-enabled from theirs.
func LooksApacheBalancer(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.ToLower(strings.TrimLeft(line, " \t"))
		if strings.HasPrefix(line, "balancermember ") || strings.HasPrefix(line, "balancermember\t") ||
			strings.HasPrefix(line, "proxyset ") || strings.HasPrefix(line, "proxyset\t") ||
			strings.HasPrefix(line, "<proxy balancer://") || strings.HasPrefix(line, `<proxy "balancer://`) {
			return true
		}
	}
	return false
}

// looksEnvoy reports whether a YAML or JSON file is an Envoy bootstrap
// config: named envoy.yaml (envoy.yml, *.envoy.yaml, envoy.json) or holding
// a static_resources key — and not a Kubernetes object (a Deployment of
// Envoy in envoy.yaml, a ConfigMap embedding the config), which has
// apiVersion and kind.
func looksEnvoy(base string, data []byte) bool {
	named := base == "envoy.yaml" || base == "envoy.yml" || base == "envoy.json" ||
		strings.HasSuffix(base, ".envoy.yaml") || strings.HasSuffix(base, ".envoy.yml")
	if strings.HasPrefix(base, "compose.") || strings.HasPrefix(base, "docker-compose") || strings.HasPrefix(base, "skaffold.") {
		return false
	}
	if !named && !hasKeyLine(data, "static_resources") {
		return false
	}
	return !looksManifest(data)
}
