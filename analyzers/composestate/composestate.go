package composestate

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// Check reports state in compose files and Dockerfiles: sticky Traefik
// labels, DNS round-robin endpoints, bind mounts, named volumes of replicated
// services and VOLUME instructions.
var Check = &manifest.Check{
	Name:  "composestate",
	Rules: Rules(),
	Run:   run,
}

// Rules returns the rules this check reports.
func Rules() []*rules.Rule {
	return []*rules.Rule{ComposeStickyLabel, ComposeDNSRR, ComposeBindMount, ComposeReplicatedVolume, ComposeBackingVolume, DockerfileVolume}
}

func run(set *manifest.Set, r manifest.Reporter) {
	for _, f := range set.Files {
		switch f.Format {
		case manifest.Compose:
			for _, doc := range f.Docs {
				checkCompose(f, doc, r)
			}
		case manifest.Dockerfile:
			checkDockerfile(f, r)
		}
	}
}

// service is one entry of a compose file's services.
type service struct {
	file *manifest.File
	key  *yaml.Node // the service name's key node
	name string
	node *yaml.Node
	// backing is the backing service the image runs ("postgres"), or ""
	// for an application or a client of one.
	backing string
	// role is what the service does with a backing service's image.
	role manifest.Role
	// values are the words of its entrypoint and command and its
	// environment values, where a data file may be named.
	values []string
}

func (s *service) pos(n *yaml.Node) manifest.Pos {
	if n == nil {
		n = s.key
	}
	return manifest.At(s.file, n)
}

func checkCompose(f *manifest.File, doc *yaml.Node, r manifest.Reporter) {
	topVolumes := manifest.Get(doc, "volumes")
	for _, kv := range manifest.Pairs(manifest.Get(doc, "services")) {
		s := &service{file: f, key: kv[0], name: kv[0].Value, node: kv[1]}
		s.classify(doc)
		checkLabels(s, r)
		checkEndpointMode(s, r)
		checkVolumes(s, topVolumes, r)
	}
}

// classify finds the backing service the service runs, by its image or,
// for an image of another name (a build of its own, a mirror), by a
// well-known data directory it mounts, and reads its role from its
// entrypoint, command, environment and inline configs.
func (s *service) classify(doc *yaml.Node) {
	env := environment(manifest.Get(s.node, "environment"))
	s.values = append(words(manifest.Get(s.node, "entrypoint")), words(manifest.Get(s.node, "command"))...)
	for _, v := range env {
		s.values = append(s.values, v)
	}
	image := manifest.Str(manifest.Get(s.node, "image"))
	name, ok := manifest.BackingImage(image)
	if !ok && !manifest.IsTemplated(image) {
		for _, m := range s.mounts() {
			if m.kind != "bind" && m.kind != "volume" || m.target == "" {
				continue
			}
			if name, ok = manifest.BackingDataPath(m.target); ok {
				break
			}
		}
	}
	if !ok {
		return
	}
	inv := manifest.Invocation{
		Image:   image,
		Name:    s.name,
		Command: words(manifest.Get(s.node, "entrypoint")),
		Args:    words(manifest.Get(s.node, "command")),
		Env:     env,
		Configs: configs(s.node, manifest.Get(doc, "configs")),
	}
	s.role = manifest.BackingRole(name, inv)
	if !s.role.Client {
		s.backing = name
	}
}

// words reads a compose command or entrypoint: a string (split later, the
// way compose splits it) or a list.
func words(n *yaml.Node) []string {
	if n != nil && n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	var out []string
	for _, it := range manifest.Items(n) {
		out = append(out, manifest.Str(it))
	}
	return out
}

// environment reads a service's environment in the mapping form and the
// list form (`- KEY=value`).
func environment(n *yaml.Node) map[string]string {
	env := map[string]string{}
	for _, kv := range manifest.Pairs(n) {
		env[kv[0].Value] = manifest.Str(kv[1])
	}
	for _, it := range manifest.Items(n) {
		if k, v, ok := strings.Cut(manifest.Str(it), "="); ok {
			env[strings.TrimSpace(k)] = v
		}
	}
	return env
}

// configs returns the inline content of the top-level configs a service
// uses (`configs: {redis: {content: …}}`), in the short and long forms.
func configs(svc, top *yaml.Node) []string {
	var out []string
	for _, it := range manifest.Items(manifest.Get(svc, "configs")) {
		name := manifest.Str(it)
		if name == "" {
			name = manifest.Str(manifest.Get(it, "source"))
		}
		if c := manifest.Str(manifest.Get(top, name, "content")); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// replicas returns the number of containers compose runs for the service:
// deploy.replicas, or the older scale key; 1 when neither is set.
func (s *service) replicas() int {
	for _, path := range [][]string{{"deploy", "replicas"}, {"scale"}} {
		if n, ok := manifest.Int(manifest.Get(s.node, path...)); ok {
			return n
		}
	}
	return 1
}

func itoa(n int) string { return strconv.Itoa(n) }

// label is one label of a service, from either the mapping or the list form.
type label struct {
	key, value string
	node       *yaml.Node // where to report
}

// labels returns a service's labels and its deploy.labels (which Traefik
// reads in swarm mode), in both forms: `key: value` and `- "key=value"`.
func (s *service) labels() []label {
	var out []label
	for _, n := range []*yaml.Node{manifest.Get(s.node, "labels"), manifest.Get(s.node, "deploy", "labels")} {
		for _, kv := range manifest.Pairs(n) {
			out = append(out, label{key: kv[0].Value, value: manifest.Str(kv[1]), node: kv[0]})
		}
		for _, item := range manifest.Items(n) {
			k, v, _ := strings.Cut(manifest.Str(item), "=")
			out = append(out, label{key: strings.TrimSpace(k), value: strings.TrimSpace(v), node: item})
		}
	}
	return out
}
