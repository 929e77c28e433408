package nodestorage

import (
	"maps"
	"slices"
	"strings"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// StatefulApplication is an application that declares itself stateful.
var StatefulApplication = rules.Register(&rules.Rule{
	ID:              "stateful-application",
	Title:           "Application deployed as a StatefulSet",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.Scalability, rules.FaultTolerance},
	Practice:        rules.ExternalizeState,
	Severity:        rules.Warning,
	Source:          rules.ManifestSource,
	Summary:         "Reports StatefulSets whose containers are applications rather than backing services.",
	Rationale: `A StatefulSet gives each pod a sticky identity (web-0, web-1 …) and, with
volumeClaimTemplates, a volume of its own that follows it. That is what a
database needs; for an application it means the pods are not interchangeable:
web-1 holds data web-0 does not have, scaling down strands a volume, and a
client routed to the wrong pod sees the wrong state. Applications that keep
their state in backing services run as Deployments.

Images of well-known backing services (postgres, mysql, redis, kafka,
elasticsearch …) are reported as backing-service-storage instead.`,
	Fires: []string{
		"`kind: StatefulSet` running `image: shop/orders:1.4` with `volumeClaimTemplates`",
	},
	Quiet:       []string{"a StatefulSet running `postgres:16` or `bitnami/redis` (a note from backing-service-storage)"},
	Remediation: "Move the application's state to a backing service and deploy it as a Deployment.",
})

// BackingServiceStorage is a backing service keeping its data, as it should.
var BackingServiceStorage = rules.Register(&rules.Rule{
	ID:              "backing-service-storage",
	Title:           "Backing service storage",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.FaultTolerance},
	Practice:        rules.BackingServices,
	Severity:        rules.Note,
	Source:          rules.ManifestSource,
	Summary:         "Records StatefulSets and persistent volumes of backing services such as Postgres, Redis or Kafka, which are stateful by design.",
	Rationale: `Databases, caches, brokers and object stores exist to hold state so that the
applications around them need not. Their StatefulSets and claims are where the
state of the system is supposed to live; the note marks the service as
backing in the report, it is not a violation.`,
	Fires: []string{
		"a StatefulSet running `postgres:16` with `volumeClaimTemplates`",
		"a Deployment running `redis:7` with a PersistentVolumeClaim at /data",
	},
	Quiet:       []string{"applications (stateful-application reports those)"},
	Remediation: "Keep the service's volumes on storage that survives the loss of a node, and back it up.",
})

// EphemeralBackingData is a database whose data dies with its pod.
var EphemeralBackingData = rules.Register(&rules.Rule{
	ID:              "ephemeral-backing-data",
	Title:           "Backing service data on ephemeral storage",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.FaultTolerance},
	Practice:        rules.BackingServices,
	Severity:        rules.Warning,
	Source:          rules.ManifestSource,
	Summary:         "Reports backing services whose data directory is an emptyDir or is not a volume at all.",
	Rationale: `A database whose data directory is an emptyDir, or lies in the container's
writable layer, loses everything when the pod is deleted, evicted or moved to
another node. The applications that rely on it then lose their state too,
although each of them is stateless on paper.

The data directories are the images' defaults (/var/lib/postgresql/data,
/var/lib/mysql, /data/db, /data for redis, /bitnami/… for Bitnami images)
and those the command line or environment names (PGDATA, --dir, --dbpath).
A container that mounts a persistent volume anywhere is assumed to have moved
its data there.

A backing image run so that it keeps no data is not reported: a cache with
persistence off, a Redis sentinel, a coordinating-only search node, or a
container that runs the image's client tools (a migration Job, an init
container waiting with pg_isready).`,
	Fires: []string{
		"`image: postgres:16` with an `emptyDir` mounted at /var/lib/postgresql/data",
		"`image: mongo:7` in a Deployment with no volume mounts",
	},
	Quiet: []string{
		"memcached and NATS without JetStream, which keep no data on disk",
		"Redis or Valkey with persistence off (`--save \"\"` without `--appendonly yes`, on the command line or in a ConfigMap it mounts), and sentinels",
		"Elasticsearch or OpenSearch coordinating-only nodes (`node.data=false` and `node.master=false`, or `node.roles` without data or master roles)",
		"a Job, CronJob or init container that runs a database image as a client (`psql`, `redis-cli`, `pg_isready`)",
		"a backing service with a PersistentVolumeClaim or volumeClaimTemplate at its data directory",
		"a Redis, Valkey or memcached its team runs as a cache, by name (a Deployment `cache`, a container `redis-cache`): what it loses is rebuilt on a miss",
	},
	Remediation: "Mount a PersistentVolumeClaim at the data directory, or use a managed service.",
})

// ephemeralSources are volume types whose content dies with the pod, and
// configSources those that hold no data the service writes.
var (
	ephemeralSources = map[string]bool{"emptyDir": true, "ephemeral": true}
	configSources    = map[string]bool{"configMap": true, "secret": true, "projected": true, "downwardAPI": true}
)

func checkStateful(w *workload, r manifest.Reporter) {
	backing := w.Backing()
	o := w.Object
	if o.Kind == "StatefulSet" {
		key := manifest.Key(manifest.Get(o.Node, "spec"), "volumeClaimTemplates")
		if key == nil {
			key = manifest.Key(o.Node, "kind")
		}
		switch {
		case backing != "":
			r.Report(BackingServiceStorage, o.Pos(key), describe(o)+" runs "+backing+": backing service, stateful by design")
		case len(w.Templates) > 0:
			r.Report(StatefulApplication, o.Pos(key), describe(o)+" gives each pod its own volume ("+strings.Join(sortedKeys(w.Templates), ", ")+"): its pods are not interchangeable")
		default:
			r.Report(StatefulApplication, o.Pos(key), describe(o)+" gives its pods sticky identities: they are not interchangeable")
		}
	}
	for _, c := range w.Containers {
		if c.Init || c.Backing == "" || c.Role.NoData != "" || namedCache(w, c) {
			continue
		}
		checkBackingData(w, c, o.Kind != "StatefulSet", r)
	}
}

// namedCache reports whether an in-memory store runs as a cache by its
// team's own naming: a Deployment "cache" or "session-cache", a container
// "redis-cache". What a cache holds is rebuilt on a miss, so the data it
// loses on restart was never the only copy.
func namedCache(w *workload, c *container) bool {
	switch c.Backing {
	case "redis", "valkey", "keydb", "dragonfly", "memcached":
	default:
		return false
	}
	for _, name := range []string{w.Object.Name, c.Name} {
		for _, word := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
			if word == "cache" || word == "caching" {
				return true
			}
		}
	}
	return false
}

// checkBackingData reports where a backing container keeps its data:
// ephemeral storage (a warning) or a claim (a note, for workloads other than
// StatefulSets, which are noted as a whole).
func checkBackingData(w *workload, c *container, noteClaim bool, r manifest.Reporter) {
	paths := c.Role.Data
	if len(paths) == 0 {
		return
	}
	persistent := false
	for _, m := range c.Mounts {
		v := w.Volumes[m.Volume]
		source := "volumeClaimTemplate"
		if v != nil {
			source = v.Source
		} else if !w.Templates[m.Volume] {
			source = "unknown"
		}
		if configSources[source] {
			continue
		}
		atData := under(m.Path, "/bitnami")
		for _, p := range paths {
			atData = atData || under(m.Path, p) || under(p, m.Path)
		}
		use := mountUse(w, m)
		if atData && use != manifest.UseData && m.Shape("").SingleFile() {
			atData = false // a configuration file placed in the data directory
		}
		if !atData && use != manifest.UseData {
			continue // a configuration file, a socket, scratch space
		}
		switch {
		case ephemeralSources[source] && atData:
			r.Report(EphemeralBackingData, w.Object.Pos(m.PathKey), describeContainer(w, c)+" keeps "+c.Backing+" data on "+source+" at "+m.Path+": it is lost when the pod leaves the node")
			return
		case ephemeralSources[source]:
		default:
			persistent = true
			if noteClaim && source == "persistentVolumeClaim" {
				r.Report(BackingServiceStorage, w.Object.Pos(v.SourceKey), describeContainer(w, c)+" keeps "+c.Backing+" data on "+named("claim", manifest.Str(manifest.Get(v.Node, "persistentVolumeClaim", "claimName")))+": backing service, stateful by design")
				return
			}
		}
	}
	if !persistent {
		at := manifest.Key(c.Node, "image")
		r.Report(EphemeralBackingData, w.Object.Pos(at), describeContainer(w, c)+" runs "+c.Backing+" with no volume at "+paths[0]+": its data stays in the container layer and is lost on restart")
	}
}

func sortedKeys(m map[string]bool) []string { return slices.Sorted(maps.Keys(m)) }

// mountUse tells what a mount of a workload holds, from its shape and, for
// a hostPath, the host path.
func mountUse(w *workload, m *manifest.Mount) manifest.MountUse {
	host := ""
	if v := w.Volumes[m.Volume]; v != nil && v.Source == "hostPath" {
		if p := manifest.Str(manifest.Get(v.Node, "hostPath", "path")); !manifest.IsTemplated(p) {
			host = cleanPath(p)
		}
	}
	return m.Shape(host).Use()
}

// readConfigs gives the containers of backing services the text of the
// ConfigMaps they mount, where a Redis configuration may turn persistence
// off, and reads their role again.
func readConfigs(ix *index, w *workload) {
	for _, c := range w.Containers {
		if c.Backing == "" || c.Role.NoData != "" {
			continue
		}
		var texts []string
		for _, m := range c.Mounts {
			v := w.Volumes[m.Volume]
			if v == nil {
				continue
			}
			var names []string
			switch v.Source {
			case "configMap":
				names = append(names, manifest.Str(manifest.Get(v.Node, "configMap", "name")))
			case "projected":
				for _, src := range manifest.Items(manifest.Get(v.Node, "projected", "sources")) {
					names = append(names, manifest.Str(manifest.Get(src, "configMap", "name")))
				}
			}
			for _, name := range names {
				if cm := ix.configMap(manifest.Namespace(w.Object), name); cm != nil {
					for _, kv := range manifest.Pairs(manifest.Get(cm.Node, "data")) {
						texts = append(texts, manifest.Str(kv[1]))
					}
				}
			}
		}
		if len(texts) > 0 {
			inv := c.Invocation
			inv.Configs = texts
			c.SetRole(c.Backing, manifest.BackingRole(c.Backing, inv))
		}
	}
}
