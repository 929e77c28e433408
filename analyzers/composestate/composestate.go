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
	// backing is the backing service the image runs ("postgres"), or "".
	backing string
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
		s.backing, _ = manifest.BackingImage(manifest.Str(manifest.Get(s.node, "image")))
		checkLabels(s, r)
		checkEndpointMode(s, r)
		checkVolumes(s, topVolumes, r)
	}
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
