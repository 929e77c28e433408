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
	Summary:         "Reports pod volumes of type hostPath that a container mounts writable.",
	Rationale: `A hostPath volume is a directory of the node the pod happens to run on.
What one replica writes there, the replicas on other nodes never see; when the
pod is rescheduled to another node, it starts from that node's (empty or stale)
directory. The data is tied to one machine, so the workload can neither scale
out nor survive the loss of that node.

Node agents are the exception: a DaemonSet that mounts the node's own logs or
system directories (/var/log, /proc, /sys, the container runtime's socket) is
meant to see that node and is not reported.`,
	Fires: []string{
		"a Deployment with `hostPath: {path: /var/lib/orders}` mounted without `readOnly: true`",
		"a StatefulSet writing to `hostPath: {path: /mnt/data}`",
	},
	Quiet: []string{
		"a DaemonSet log collector mounting `/var/log` or `/var/lib/docker/containers`",
		"hostPath volumes that every container mounts `readOnly: true` (reported as host-path-read-only)",
	},
	Remediation: "Keep the data in a backing service or a PersistentVolumeClaim with a network-attached storage class instead of the node's filesystem.",
})

// HostPathReadOnly is a pod reading files of the node it runs on.
var HostPathReadOnly = rules.Register(&rules.Rule{
	ID:              "host-path-read-only",
	Title:           "Read-only hostPath volume",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.IndependentAndIsolated},
	Practice:        rules.ImmutableInfrastructure,
	Severity:        rules.Note,
	Source:          rules.ManifestSource,
	Summary:         "Reports hostPath volumes that every container mounts read-only, outside node-agent DaemonSets.",
	Rationale: `A read-only hostPath cannot hold the pod's state, but the pod now depends on
files that someone put on the node: each replica sees whatever its node
holds, and a new node without those files breaks the pod. Configuration that
ships with the workload (a ConfigMap, a Secret, the image) behaves the same on
every node.`,
	Fires:       []string{"a Deployment mounting `hostPath: {path: /etc/app}` with `readOnly: true`"},
	Quiet:       []string{"a DaemonSet mounting `/var/log` or `/proc` read-only"},
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

// systemPaths are node directories that node agents read: logs, the
// container runtime, kernel interfaces.
var systemPaths = []string{
	"/var/log", "/var/lib/docker/containers", "/var/lib/containerd", "/var/lib/kubelet",
	"/proc", "/sys", "/dev", "/run", "/var/run", "/etc", "/lib/modules", "/usr/lib/modules",
	"/usr/src", "/boot", "/opt/cni", "/var/lib/cni", "/var/lib/calico", "/var/lib/cilium",
}

func isSystemPath(p string) bool {
	if p == "/" {
		return true // node exporters mount the whole root read-only
	}
	for _, s := range systemPaths {
		if under(p, s) {
			return true
		}
	}
	return false
}

func checkHostPaths(w *workload, r manifest.Reporter) {
	daemon := w.Object.Kind == "DaemonSet"
	for _, v := range w.VolumeOrder {
		if v.Source != "hostPath" {
			continue
		}
		mounts := w.MountsByVolume[v.Name]
		if len(mounts) == 0 {
			continue
		}
		p := manifest.Str(manifest.Get(v.Node, "hostPath", "path"))
		templated := manifest.IsTemplated(p)
		if daemon && !templated && isSystemPath(cleanPath(p)) {
			continue
		}
		what := "hostPath " + p
		if templated {
			what = "a hostPath set by the chart"
		}
		readOnly := true
		for _, m := range mounts {
			readOnly = readOnly && m.ReadOnly
		}
		if readOnly {
			r.Report(HostPathReadOnly, w.Object.Pos(v.SourceKey), describe(w.Object)+" mounts "+what+" read-only: each replica sees the files of its own node")
			continue
		}
		r.Report(HostPathVolume, w.Object.Pos(v.SourceKey), describe(w.Object)+" mounts "+what+": data stays on one node")
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
