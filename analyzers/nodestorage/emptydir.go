package nodestorage

import (
	"strings"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// EmptyDirDurableData is durable-looking data kept in pod-lifetime storage.
var EmptyDirDurableData = rules.Register(&rules.Rule{
	ID:              "emptydir-durable-data",
	Title:           "Durable data on an emptyDir volume",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.FaultTolerance},
	Practice:        rules.ExternalizeState,
	Severity:        rules.Warning,
	Source:          rules.ManifestSource,
	Summary:         "Reports emptyDir volumes mounted where programs keep durable data (/data, /var/lib/…, /srv, /opt/…/data, /db).",
	Rationale: `An emptyDir lives as long as the pod on its node: it is wiped when the pod is
deleted, evicted, rescheduled or replaced by a rollout, and each replica has
its own. Mounted at a scratch path (/tmp, /cache, /run) that is what one
wants; mounted at /data or /var/lib/app, the program believes it is keeping
data that the next deploy silently throws away.

Together with a Go write to the same path, the audit turns this into evidence
that the service loses data on restart.`,
	Fires: []string{
		"`emptyDir: {}` mounted at `/var/lib/orders`",
		"`emptyDir: {medium: Memory}` mounted at `/data`",
	},
	Quiet: []string{
		"emptyDir at /tmp, /var/tmp, /cache, /var/cache, /run, /var/log or any path with a tmp or cache segment",
		"emptyDir holding configuration: a single file (`subPath: app.yaml`) or a configuration directory such as `/data/config`",
		"backing services (ephemeral-backing-data reports those)",
		"mount paths set by a Helm value",
	},
	Remediation: "Keep the data in a backing service, or mount a PersistentVolumeClaim if it must be files.",
})

// WritableRootFilesystem is a container layer that may hold state.
var WritableRootFilesystem = rules.Register(&rules.Rule{
	ID:              "writable-root-filesystem",
	Title:           "Writable container root filesystem",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.FaultTolerance},
	Practice:        rules.ImmutableInfrastructure,
	Severity:        rules.Note,
	Source:          rules.ManifestSource,
	Summary:         "Reports application containers whose securityContext.readOnlyRootFilesystem is absent or false.",
	Rationale: `By default a container can write anywhere in its filesystem, and what it
writes lives in the container layer on one node until the container is
replaced. A read-only root filesystem makes that impossible and turns every
place the program writes into a declared volume. Alone this is weak evidence
(many programs write nothing); with a Go write to a path no volume covers, it
shows where state hides.`,
	Fires: []string{
		"a container without `securityContext.readOnlyRootFilesystem`",
		"`readOnlyRootFilesystem: false`",
	},
	Quiet: []string{
		"`readOnlyRootFilesystem: true`",
		"init containers, Jobs and CronJobs, backing services",
		"a Helm chart that sets the securityContext from values",
	},
	Remediation: "Set securityContext.readOnlyRootFilesystem to true and mount an emptyDir for scratch paths.",
})

// scratchSegments mark a mount path as scratch space.
var scratchSegments = map[string]bool{
	"tmp": true, "temp": true, "cache": true, "caches": true, ".cache": true,
	"scratch": true, "run": true, "shm": true, "log": true, "logs": true, "sockets": true,
}

// durableSegments mark a mount path as a place for durable data.
var durableSegments = map[string]bool{
	"data": true, "db": true, "database": true, "storage": true, "uploads": true,
	"state": true, "persist": true, "persistent": true, "media": true,
}

// durablePath reports whether programs usually keep durable data at p.
func durablePath(p string) bool {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for _, s := range segs {
		if scratchSegments[strings.ToLower(s)] {
			return false
		}
	}
	if under(p, "/var/lib") && p != "/var/lib" || under(p, "/srv") || under(p, "/var/data") || under(p, "/var/opt") {
		return true
	}
	for _, s := range segs {
		if durableSegments[strings.ToLower(s)] {
			return true
		}
	}
	return false
}

func checkEmptyDirs(w *workload, r manifest.Reporter) {
	for _, c := range w.Containers {
		if c.Backing != "" {
			continue
		}
		for _, m := range c.Mounts {
			v := w.Volumes[m.Volume]
			if v == nil || v.Source != "emptyDir" || m.PathKey == nil {
				continue
			}
			if manifest.IsTemplated(manifest.Str(manifest.Get(m.Node, "mountPath"))) || !durablePath(m.Path) || mountUse(w, m) != manifest.UseData {
				continue
			}
			what := "emptyDir " + v.Name
			if manifest.Str(manifest.Get(v.Node, "emptyDir", "medium")) == "Memory" {
				what = "in-memory emptyDir " + v.Name
			}
			r.Report(EmptyDirDurableData, w.Object.Pos(m.PathKey), describeContainer(w, c)+" mounts "+what+" at "+m.Path+": data there is lost when the pod leaves the node")
		}
	}
}

func checkRootFilesystems(w *workload, r manifest.Reporter) {
	switch w.Object.Kind {
	case "Job", "CronJob":
		return
	}
	for _, c := range w.Containers {
		if c.Init || c.Backing != "" {
			continue
		}
		scKey := manifest.Key(c.Node, "securityContext")
		sc := manifest.Get(c.Node, "securityContext")
		if w.Object.File.Helm && scKey != nil && (manifest.Str(sc) == "" && len(sc.Content) == 0 || manifest.IsTemplated(manifest.Str(sc))) {
			continue // `securityContext: {{- toYaml .Values.securityContext | nindent 12 }}`
		}
		roKey := manifest.Key(sc, "readOnlyRootFilesystem")
		ro := manifest.Get(sc, "readOnlyRootFilesystem")
		switch v, ok := manifest.Bool(ro); {
		case roKey == nil:
			at := scKey
			if at == nil {
				at = manifest.Key(c.Node, "name")
			}
			r.Report(WritableRootFilesystem, w.Object.Pos(at), describeContainer(w, c)+" has a writable root filesystem (readOnlyRootFilesystem is not set)")
		case ok && !v:
			r.Report(WritableRootFilesystem, w.Object.Pos(roKey), describeContainer(w, c)+" has a writable root filesystem (readOnlyRootFilesystem: false)")
		}
	}
}
