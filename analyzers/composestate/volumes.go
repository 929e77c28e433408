package composestate

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// ComposeBindMount is an application container writing into a directory of
// the host it runs on.
var ComposeBindMount = rules.Register(&rules.Rule{
	ID:              "compose-bind-mount",
	Title:           "Writable bind mount on an application service",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.Scalability, rules.FaultTolerance},
	Practice:        rules.ExternalizeState,
	Severity:        rules.Warning,
	Source:          rules.ManifestSource,
	Summary:         "Reports compose services that are not backing services and mount a host directory writable, in short (`./data:/data`, `/srv/x:/x`) or long (`type: bind`) form.",
	Rationale: `A bind mount gives the container a directory of the host it happens to run
on. What the application writes there stays on that host: a replica on
another host sees other files, a container rescheduled elsewhere starts empty,
and the service cannot be scaled out or moved without copying data by hand.

Backing services (databases, caches, brokers) are expected to keep data and
are reported by compose-backing-volume instead. Read-only mounts (` + "`:ro`" + `,
` + "`read_only: true`" + `) of configuration and mounts of sockets under ` + "`/var/run`" + ` or
` + "`/run`" + ` are not state and are not reported.`,
	Fires: []string{"`./uploads:/app/uploads` on a service built from the repository", "`{type: bind, source: /srv/data, target: /data}`"},
	Quiet: []string{
		"`./nginx.conf:/etc/nginx/nginx.conf:ro`",
		"`/var/run/docker.sock:/var/run/docker.sock`",
		"`./pgdata:/var/lib/postgresql/data` on a postgres image (a note from compose-backing-volume)",
	},
	Remediation: "Keep the data in a backing service or object storage, and mount host directories read-only if at all.",
})

// ComposeReplicatedVolume is a named volume shared by several replicas.
var ComposeReplicatedVolume = rules.Register(&rules.Rule{
	ID:              "compose-replicated-volume",
	Title:           "Named volume on a replicated compose service",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.IndependentAndIsolated, rules.Scalability, rules.FaultTolerance},
	Practice:        rules.ExternalizeState,
	Severity:        rules.Warning,
	Source:          rules.ManifestSource,
	Summary:         "Reports application services with more than one replica (deploy.replicas or scale) that mount a writable named volume on the local driver.",
	Rationale: `A named volume on the default local driver lives on one host. Replicas on
that host share it and step on each other's files; replicas on other hosts
(swarm) each get their own empty copy, so what one replica wrote the others
never see. Either way the replicas are not interchangeable.

Volumes declared with a network driver or ` + "`driver_opts`" + ` of type nfs or cifs are
shared storage and are not reported.`,
	Fires:       []string{"`deploy: {replicas: 3}` with `volumes: [data:/var/lib/app]`"},
	Quiet:       []string{"a single replica", "a volume whose top-level declaration uses an nfs driver_opts type", "`tmpfs` mounts"},
	Remediation: "Move the data to a backing service or shared storage, or run the service as a single replica.",
})

// ComposeBackingVolume records the storage of backing services.
var ComposeBackingVolume = rules.Register(&rules.Rule{
	ID:              "compose-backing-volume",
	Title:           "Storage of a backing service in compose",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.FaultTolerance},
	Practice:        rules.BackingServices,
	Severity:        rules.Note,
	Source:          rules.ManifestSource,
	Summary:         "Notes compose services running a backing-service image (postgres, mysql, redis, kafka …) that keep data in a volume or bind mount.",
	Rationale: `Databases, caches, brokers and object stores are stateful by design: that
is what lets the application services around them be stateless. Their volumes
are recorded as a note so the report shows where the state lives, not as a
violation.`,
	Fires:       []string{"`postgres:16` with `pgdata:/var/lib/postgresql/data`"},
	Quiet:       []string{"a backing service without volumes"},
	Remediation: "Back up the volume, or use a managed service in production.",
})

// mount is one entry of a service's volumes.
type mount struct {
	kind     string // bind, volume, tmpfs, anonymous
	source   string
	target   string
	readOnly bool
	node     *yaml.Node
}

func (s *service) mounts() []mount {
	var out []mount
	for _, v := range manifest.Items(manifest.Get(s.node, "volumes")) {
		switch v.Kind {
		case yaml.ScalarNode:
			out = append(out, shortMount(v))
		case yaml.MappingNode:
			m := mount{
				kind:   manifest.Str(manifest.Get(v, "type")),
				source: manifest.Str(manifest.Get(v, "source")),
				target: manifest.Str(manifest.Get(v, "target")),
				node:   v,
			}
			m.readOnly, _ = manifest.Bool(manifest.Get(v, "read_only"))
			if m.kind == "volume" && m.source == "" {
				m.kind = "anonymous"
			}
			out = append(out, m)
		}
	}
	return out
}

// shortMount parses `SOURCE:TARGET[:MODE]` or a lone `TARGET`.
func shortMount(n *yaml.Node) mount {
	spec := n.Value
	m := mount{node: n}
	// A Windows drive letter (C:\data or C:/data) is part of the source.
	drive := ""
	if len(spec) > 2 && spec[1] == ':' && (spec[2] == '\\' || spec[2] == '/') {
		drive, spec = spec[:2], spec[2:]
	}
	parts := strings.Split(spec, ":")
	if len(parts) == 1 {
		m.kind, m.target = "anonymous", drive+parts[0]
		return m
	}
	m.source, m.target = drive+parts[0], parts[1]
	if len(parts) > 2 {
		for _, opt := range strings.Split(parts[2], ",") {
			m.readOnly = m.readOnly || opt == "ro"
		}
	}
	if drive != "" || strings.HasPrefix(m.source, ".") || strings.HasPrefix(m.source, "/") ||
		strings.HasPrefix(m.source, "~") || strings.HasPrefix(m.source, "$") {
		m.kind = "bind"
	} else {
		m.kind = "volume"
	}
	return m
}

// socket reports whether a bind mount shares a runtime socket rather than
// data (the Docker socket, /run/…).
func (m mount) socket() bool {
	for _, p := range []string{"/var/run/", "/run/"} {
		if strings.HasPrefix(m.source, p) || strings.HasPrefix(m.target, p) {
			return true
		}
	}
	return strings.HasSuffix(m.source, ".sock")
}

func checkVolumes(s *service, topVolumes *yaml.Node, r manifest.Reporter) {
	mounts := s.mounts()
	if s.backing != "" {
		for _, m := range mounts {
			if m.kind == "bind" || m.kind == "volume" || m.kind == "anonymous" {
				what := describe(m)
				r.Report(ComposeBackingVolume, s.pos(m.node),
					"service "+s.name+" ("+s.backing+") keeps its data in "+what+"; backing service, stateful by design")
				break
			}
		}
		return
	}
	replicas := s.replicas()
	for _, m := range mounts {
		switch {
		case m.readOnly:
		case m.kind == "bind" && !m.socket():
			r.Report(ComposeBindMount, s.pos(m.node),
				"service "+s.name+" bind-mounts host path "+m.source+" at "+m.target+"; what it writes there stays on that host")
		case m.kind == "volume" && replicas > 1 && !sharedVolume(topVolumes, m.source):
			r.Report(ComposeReplicatedVolume, s.pos(m.node),
				"service "+s.name+" runs "+itoa(replicas)+" replicas on named volume "+m.source+" at "+m.target+", which is local to each host")
		}
	}
}

func describe(m mount) string {
	switch m.kind {
	case "bind":
		return "host path " + m.source + " at " + m.target
	case "anonymous":
		return "an anonymous volume at " + m.target
	}
	return "volume " + m.source + " at " + m.target
}

// sharedVolume reports whether the top-level declaration of a named volume
// puts it on shared storage: a driver other than local, or local with an
// nfs or cifs mount in driver_opts.
func sharedVolume(top *yaml.Node, name string) bool {
	decl := manifest.Get(top, name)
	if d := manifest.Str(manifest.Get(decl, "driver")); d != "" && d != "local" {
		return true
	}
	switch manifest.Str(manifest.Get(decl, "driver_opts", "type")) {
	case "nfs", "nfs4", "cifs", "smb":
		return true
	}
	return false
}
