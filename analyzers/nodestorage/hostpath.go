package nodestorage

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// HostPathVolume is a pod writing into a directory of the node it runs on.
var HostPathVolume = rules.Register(&rules.Rule{
	ID:              "host-path-volume",
	Title:           "Writable hostPath volume",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.Scalability, rules.FaultTolerance},
	Practice:        rules.ExternalizeState,
	Severity:        rules.Warning,
	Source:          rules.ManifestSource,
	Summary:         "Reports hostPath directories that a container mounts writable to keep data, outside DaemonSets.",
	Rationale: `A hostPath volume is a directory of the node the pod happens to run on.
What one replica writes there, the replicas on other nodes never see; when the
pod is rescheduled to another node, it starts from that node's (empty or stale)
directory. The data is tied to one machine, so the workload can neither scale
out nor survive the loss of that node.

What holds no data of the workload is not reported here: a DaemonSet runs one
pod per node by design, and what it keeps in a hostPath is that node's own
state, found again by the next pod on the node; sockets and system
directories of the node (/var/run/docker.sock, /dev, /proc, /var/log,
/var/lib/kubelet …), single files and configuration (hostPath type File, a
path with a file extension, a mount under /etc) and scratch space are
host-path-read-only notes at most — unless the container's command line or
environment names a data file inside the mount (--db=/etc/app/app.db).`,
	Fires: []string{
		"a Deployment with `hostPath: {path: /var/lib/orders}` mounted without `readOnly: true`",
		"a StatefulSet writing to `hostPath: {path: /mnt/data}`",
	},
	Quiet: []string{
		"any hostPath of a DaemonSet (a log collector mounting `/var/log`, a CSI or CNI plugin, an agent's state directory)",
		"hostPath volumes that every container mounts `readOnly: true`, sockets, system directories and configuration files (reported as host-path-read-only)",
	},
	Remediation: "Keep the data in a backing service or a PersistentVolumeClaim with a network-attached storage class instead of the node's filesystem.",
})

// HostPathReadOnly is a pod reading files of the node it runs on.
var HostPathReadOnly = rules.Register(&rules.Rule{
	ID:              "host-path-read-only",
	Title:           "Node files mounted by hostPath",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.IndependentAndIsolated},
	Practice:        rules.ImmutableInfrastructure,
	Severity:        rules.Note,
	Source:          rules.ManifestSource,
	Summary:         "Notes hostPath volumes that hold no data of the workload but files of the node, outside DaemonSets: mounted read-only, a configuration file, or a socket or system directory of the node.",
	Rationale: `A read-only hostPath, a configuration file or a socket of the node cannot
hold the pod's state, but the pod now depends on what someone put on the node:
each replica sees whatever its node holds, and a new node without those files
breaks the pod. Configuration that ships with the workload (a ConfigMap, a
Secret, the image) behaves the same on every node.

DaemonSets are not reported: a node agent is meant to see its node.`,
	Fires: []string{
		"a Deployment mounting `hostPath: {path: /etc/app}` with `readOnly: true`",
		"a Deployment mounting `hostPath: {path: /srv/conf/nginx.conf, type: File}`",
		"a Deployment mounting `hostPath: {path: /var/run/docker.sock}`",
	},
	Quiet:       []string{"a DaemonSet mounting `/var/log`, `/proc` or `/var/lib/kubelet/plugins`", "a hostPath of scratch space (`/tmp`, a cache directory)"},
	Remediation: "Ship the files with the workload in a ConfigMap, a Secret or the image.",
})

// LocalPersistentVolume is a PersistentVolume bound to one node.
var LocalPersistentVolume = rules.Register(&rules.Rule{
	ID:              "local-persistent-volume",
	Title:           "Node-local persistent volume",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.Scalability, rules.FaultTolerance},
	Practice:        rules.ExternalizeState,
	Severity:        rules.Warning,
	Source:          rules.ManifestSource,
	Summary:         "Reports PersistentVolumes whose storage is a disk or directory of one node (spec.local, spec.hostPath).",
	Rationale: `A local PersistentVolume carries a nodeAffinity to the node that holds the
disk: every pod that claims it is scheduled onto that node, and when the node
fails the data is unreachable until it comes back. A hostPath PersistentVolume
is worse: nothing even keeps the pod on the node that has the data.`,
	Fires: []string{
		"`kind: PersistentVolume` with `spec.local.path: /mnt/disks/ssd1` and a nodeAffinity on kubernetes.io/hostname",
		"`kind: PersistentVolume` with `spec.hostPath.path: /data`",
	},
	Quiet:       []string{"PersistentVolumes backed by CSI drivers, NFS or cloud disks"},
	Remediation: "Use a storage class whose volumes can attach on any node, or keep the data in a replicated backing service.",
})

// fileTypes are hostPath types that mount a single file or device.
var fileTypes = map[string]bool{"File": true, "FileOrCreate": true, "Socket": true, "CharDevice": true, "BlockDevice": true}

// hostPathUse tells what a hostPath volume holds, from its path and type
// and, when those say nothing, from where the containers mount it: a
// directory mounted only at /etc/app is configuration.
func hostPathUse(v *manifest.Volume, mounts []*manifest.Mount) manifest.MountUse {
	p := manifest.Str(manifest.Get(v.Node, "hostPath", "path"))
	if manifest.IsTemplated(p) {
		p = ""
	}
	file := fileTypes[manifest.Str(manifest.Get(v.Node, "hostPath", "type"))]
	if p != "" {
		if use := (manifest.MountShape{Host: cleanPath(p), File: file}).Use(); use != manifest.UseData {
			return use
		}
	}
	// A directory such as /srv/app says nothing more: judge it by where it
	// is mounted (a database file mounted anywhere stays data).
	use := manifest.UseData
	for i, m := range mounts {
		u := m.Shape("").Use()
		if u == manifest.UseData || i > 0 && u != use {
			return manifest.UseData
		}
		use = u
	}
	return use
}

// namesDataFile reports whether a container that mounts volume names a
// data file inside the mount on its command line or in its environment
// (--db=/etc/app/app.db): the mount holds data whatever its shape.
func namesDataFile(w *workload, volume string) bool {
	for _, c := range w.Containers {
		values := append(append(append([]string(nil), c.Invocation.Command...), c.Invocation.Args...), c.EnvValues...)
		for _, m := range c.Mounts {
			if m.Volume == volume && manifest.NamesDataFile(m.Path, values) {
				return true
			}
		}
	}
	return false
}

func checkHostPaths(w *workload, r manifest.Reporter) {
	if w.Object.Kind == "DaemonSet" {
		return // a node agent: one pod per node, meant to see its node
	}
	for _, v := range w.VolumeOrder {
		if v.Source != "hostPath" {
			continue
		}
		mounts := w.MountsByVolume[v.Name]
		if len(mounts) == 0 {
			continue
		}
		p := manifest.Str(manifest.Get(v.Node, "hostPath", "path"))
		what := "hostPath " + p
		if manifest.IsTemplated(p) {
			what = "a hostPath set by the chart"
		}
		readOnly := true
		for _, m := range mounts {
			readOnly = readOnly && m.ReadOnly
		}
		use := hostPathUse(v, mounts)
		if use != manifest.UseData && namesDataFile(w, v.Name) {
			use = manifest.UseData
		}
		switch use {
		case manifest.UseSystem:
			if strings.HasSuffix(p, ".sock") || manifest.Str(manifest.Get(v.Node, "hostPath", "type")) == "Socket" {
				r.Report(HostPathReadOnly, w.Object.Pos(v.SourceKey), describe(w.Object)+" mounts the node's socket "+p+": each replica talks to the daemon of its own node")
				continue
			}
			r.Report(HostPathReadOnly, w.Object.Pos(v.SourceKey), describe(w.Object)+" mounts "+what+", a system directory of the node: each replica sees its own node's")
		case manifest.UseConfig:
			r.Report(HostPathReadOnly, w.Object.Pos(v.SourceKey), describe(w.Object)+" mounts "+what+", configuration kept on the node: each replica reads its own node's copy")
		case manifest.UseScratch, manifest.UseSource:
		default:
			if readOnly {
				r.Report(HostPathReadOnly, w.Object.Pos(v.SourceKey), describe(w.Object)+" mounts "+what+" read-only: each replica sees the files of its own node")
				continue
			}
			r.Report(HostPathVolume, w.Object.Pos(v.SourceKey), describe(w.Object)+" mounts "+what+": data stays on one node")
		}
	}
}

func checkPersistentVolumes(ix *index, r manifest.Reporter) {
	for _, pv := range ix.pvs {
		spec := manifest.Get(pv.Node, "spec")
		if k := manifest.Key(spec, "local"); k != nil {
			msg := describe(pv) + " is a local volume"
			if p := manifest.Str(manifest.Get(spec, "local", "path")); p != "" {
				msg += " at " + value(p)
			}
			if node := pinnedNode(manifest.Get(spec, "nodeAffinity", "required")); node != "" {
				msg += " on node " + value(node)
			}
			r.Report(LocalPersistentVolume, pv.Pos(k), msg+": data stays on one node")
		}
		if k := manifest.Key(spec, "hostPath"); k != nil {
			p := value(manifest.Str(manifest.Get(spec, "hostPath", "path")))
			r.Report(LocalPersistentVolume, pv.Pos(k), describe(pv)+" is a hostPath volume at "+p+": data stays on whichever node wrote it")
		}
	}
}

// pinnedNode returns the hostnames a node selector (with
// nodeSelectorTerms) requires, joined by commas.
func pinnedNode(n *yaml.Node) string {
	var names []string
	for _, term := range manifest.Items(manifest.Get(n, "nodeSelectorTerms")) {
		for _, e := range manifest.Items(manifest.Get(term, "matchExpressions")) {
			if manifest.Str(manifest.Get(e, "key")) != hostnameLabel {
				continue
			}
			for _, v := range manifest.Items(manifest.Get(e, "values")) {
				names = append(names, manifest.Str(v))
			}
		}
	}
	return strings.Join(names, ", ")
}

func cleanPath(p string) string { return path.Clean("/" + p) }
