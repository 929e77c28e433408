package composestate

import (
	"path"
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
	Summary:         "Reports compose services that are not backing services and bind-mount a host directory writable where data may be kept, in short (`./data:/data`, `/srv/x:/x`) or long (`type: bind`) form.",
	Rationale: `A bind mount gives the container a directory of the host it happens to run
on. What the application writes there stays on that host: a replica on
another host sees other files, a container rescheduled elsewhere starts empty,
and the service cannot be scaled out or moved without copying data by hand.

Backing services (databases, caches, brokers) are expected to keep data and
are reported by compose-backing-volume instead. Mounts that hold no data are
not reported: read-only ones (` + "`:ro`" + `, ` + "`read_only: true`" + `); single files
(a path with an extension, unless a database file such as ` + "`app.db`" + `);
configuration (a target under /etc, certificates, templates, ` + "`conf.d`" + `,
static pages under /usr/share/nginx/html); sockets and system directories of
the host (` + "`/var/run/docker.sock`" + `, ` + "`/var/log`" + `); caches, logs and temporary
files; and the project's own directory (` + "`.:/app`" + `) mounted for development.
A top-level ` + "`/config`" + ` is reported: many images keep all their state there.
So is any mount whose command line or environment names a data file inside it
(` + "`--certificatesresolvers.le.acme.storage=/etc/traefik/acme.json`" + `).`,
	Fires: []string{
		"`./uploads:/app/uploads` on a service built from the repository",
		"`{type: bind, source: /srv/data, target: /data}`",
		"`./state/app.db:/app/app.db` (a database file)",
		"`./traefik:/etc/traefik` when the command line keeps `/etc/traefik/acme.json`",
	},
	Quiet: []string{
		"`./nginx.conf:/etc/nginx/nginx.conf:ro`, `./config.yaml:/app/config.yaml`, `./certs:/certs`",
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
	Quiet:       []string{"a single replica", "a volume whose top-level declaration uses an nfs driver_opts type", "`tmpfs` mounts", "a volume of configuration or cache (`conf:/etc/app`, `cache:/var/cache/app`)"},
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
violation.

Mounts of configuration (` + "`./init.sql:/docker-entrypoint-initdb.d/init.sql`" + `,
certificates, a file under /etc) are not data. A backing image run so that it
keeps no data — Redis with ` + "`--save \"\"`" + ` and no append-only file, a sentinel,
memcached, a coordinating-only search node — or run as a client (` + "`psql`" + `,
` + "`pg_isready`" + `, ` + "`redis-cli`" + `) is not noted; a client is checked like an
application.`,
	Fires:       []string{"`postgres:16` with `pgdata:/var/lib/postgresql/data`", "`cockroachdb/cockroach` with `./data:/cockroach/cockroach-data`"},
	Quiet:       []string{"a backing service without volumes", "a backing service that mounts only configuration", "`redis:7` with `command: redis-server --save \"\" --appendonly no` and a volume", "`postgres:16` with `entrypoint: psql`"},
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
	parts := splitMount(spec)
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

// splitMount splits a short-syntax volume at its colons, except those
// inside a variable (`${DIR:-./data}:/data`).
func splitMount(spec string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(spec); i++ {
		switch {
		case spec[i] == '$' && i+1 < len(spec) && spec[i+1] == '{':
			depth++
			i++
		case spec[i] == '}' && depth > 0:
			depth--
		case spec[i] == ':' && depth == 0:
			parts = append(parts, spec[start:i])
			start = i + 1
		}
	}
	return append(parts, spec[start:])
}

// shape is what is known of the mount's shape: a bind mount's host path
// and target, a volume's target.
func (m mount) shape() manifest.MountShape {
	shape := manifest.MountShape{Target: m.target}
	if m.kind == "bind" {
		shape.Host = hostPath(m.source)
	}
	return shape
}

// holdsData reports whether the mount may hold data the service writes:
// its shape says nothing else, or the service's command line or
// environment names a data file inside it.
func (m mount) holdsData(s *service) bool {
	return m.shape().Use() == manifest.UseData || manifest.NamesDataFile(m.target, s.values)
}

// hostPath is a bind mount's source with a variable's default in place of
// the variable (`${DIR:-./data}` → ./data).
func hostPath(src string) string {
	if strings.HasPrefix(src, "${") {
		if i := strings.IndexByte(src, '}'); i > 0 {
			v := src[2:i]
			if _, def, ok := strings.Cut(v, ":-"); ok {
				return def + src[i+1:]
			}
			if _, def, ok := strings.Cut(v, "-"); ok {
				return def + src[i+1:]
			}
		}
	}
	return src
}

// atData reports whether the mount's target is, or holds, one of the
// service's data directories.
func (m mount) atData(dirs []string) bool {
	t := path.Clean("/" + m.target)
	for _, d := range dirs {
		if t == d || strings.HasPrefix(t, d+"/") || strings.HasPrefix(d, t+"/") {
			return true
		}
	}
	return false
}

func checkVolumes(s *service, topVolumes *yaml.Node, r manifest.Reporter) {
	mounts := s.mounts()
	if s.backing != "" {
		if s.role.NoData != "" {
			return
		}
		var data *mount
		for i, m := range mounts {
			if m.kind != "bind" && m.kind != "volume" && m.kind != "anonymous" {
				continue
			}
			if m.atData(s.role.Data) && (m.holdsData(s) || !m.shape().SingleFile()) {
				data = &mounts[i]
				break
			}
			if data == nil && !m.readOnly && m.holdsData(s) {
				data = &mounts[i]
			}
		}
		if data != nil {
			r.Report(ComposeBackingVolume, s.pos(data.node),
				"service "+s.name+" ("+s.backing+") keeps its data in "+describe(*data)+"; backing service, stateful by design")
		}
		return
	}
	replicas := s.replicas()
	for _, m := range mounts {
		switch {
		case m.readOnly || !m.holdsData(s):
		case m.kind == "bind":
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
