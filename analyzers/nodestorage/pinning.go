package nodestorage

import (
	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// NodePinned is a workload tied to one node.
var NodePinned = rules.Register(&rules.Rule{
	ID:              "node-pinned",
	Title:           "Workload pinned to a node",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.Scalability, rules.FaultTolerance},
	Practice:        rules.ImmutableInfrastructure,
	Severity:        rules.Warning,
	Source:          rules.ManifestSource,
	Summary:         "Reports pods pinned to one node by spec.nodeName, a nodeSelector or required nodeAffinity on kubernetes.io/hostname, or a container hostPort.",
	Rationale: `A pod that must run on one named node usually does so because something it
needs lives there: files, a disk, an address clients were given. When that
node drains or dies, the pod cannot go anywhere else, and replicas cannot
spread. A hostPort ties each pod to its node's address and allows one pod per
node, so replicas beyond the node count stay Pending.

Spreading rules (podAntiAffinity with topologyKey kubernetes.io/hostname),
preferred affinities and selectors on zones, operating systems or instance
types are not pinning and are not reported. DaemonSets run on every node by
design, so their hostPorts are not reported either.`,
	Fires: []string{
		"`spec.nodeName: worker-3` in a pod template",
		"`nodeSelector: {kubernetes.io/hostname: worker-3}`",
		"a required nodeAffinity matchExpression on `kubernetes.io/hostname`",
		"`hostPort: 8080` on a Deployment's container",
	},
	Quiet: []string{
		"`nodeSelector: {kubernetes.io/os: linux}` or a zone selector",
		"podAntiAffinity with `topologyKey: kubernetes.io/hostname`",
		"preferredDuringSchedulingIgnoredDuringExecution node affinity",
		"hostPort on a DaemonSet",
	},
	Remediation: "Remove the node pin and move whatever the pod needs from that node into a volume, a backing service or a Service address.",
})

const hostnameLabel = "kubernetes.io/hostname"

func checkPinning(w *workload, r manifest.Reporter) {
	o := w.Object
	if k := manifest.Key(w.Spec, "nodeName"); k != nil {
		r.Report(NodePinned, o.Pos(k), describe(o)+" is pinned by nodeName to "+named("node", manifest.Str(manifest.Get(w.Spec, "nodeName"))))
	}
	if k := manifest.Key(manifest.Get(w.Spec, "nodeSelector"), hostnameLabel); k != nil {
		r.Report(NodePinned, o.Pos(k), describe(o)+" is pinned by nodeSelector "+hostnameLabel+" to "+named("node", manifest.Str(manifest.Get(w.Spec, "nodeSelector", hostnameLabel))))
	}
	required := manifest.Get(w.Spec, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution")
	for _, term := range manifest.Items(manifest.Get(required, "nodeSelectorTerms")) {
		for _, list := range []string{"matchExpressions", "matchFields"} {
			for _, e := range manifest.Items(manifest.Get(term, list)) {
				key := manifest.Str(manifest.Get(e, "key"))
				if key != hostnameLabel && !(list == "matchFields" && key == "metadata.name") {
					continue
				}
				if op := manifest.Str(manifest.Get(e, "operator")); op != "In" {
					continue
				}
				nodes := ""
				for i, v := range manifest.Items(manifest.Get(e, "values")) {
					if i > 0 {
						nodes += ", "
					}
					nodes += value(manifest.Str(v))
				}
				r.Report(NodePinned, o.Pos(manifest.Key(e, "key")), describe(o)+" is pinned by a required nodeAffinity on "+key+" to node "+nodes)
			}
		}
	}
	if o.Kind == "DaemonSet" {
		return
	}
	for _, c := range w.Containers {
		for _, p := range manifest.Items(manifest.Get(c.Node, "ports")) {
			k := manifest.Key(p, "hostPort")
			if k == nil {
				continue
			}
			port := manifest.Str(manifest.Get(p, "hostPort"))
			if n, ok := manifest.Int(manifest.Get(p, "hostPort")); ok && n == 0 {
				continue // 0 means no host port
			}
			r.Report(NodePinned, o.Pos(k), describeContainer(w, c)+" binds "+named("hostPort", port)+": one pod per node, reached at the node's address")
		}
	}
}
