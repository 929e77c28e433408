package nodestorage

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// Check is the nodestorage manifest check.
var Check = &manifest.Check{Name: "nodestorage", Rules: Rules(), Run: run}

// Rules returns the rules the check reports, in catalog order.
func Rules() []*rules.Rule {
	return []*rules.Rule{
		HostPathVolume, HostPathReadOnly, LocalPersistentVolume, RWOClaimReplicated,
		StatefulApplication, BackingServiceStorage, EphemeralBackingData,
		EmptyDirDurableData, WritableRootFilesystem, NodePinned, SharedVolume,
	}
}

func run(set *manifest.Set, r manifest.Reporter) {
	ix := newIndex(set)
	for _, w := range ix.workloads {
		checkHostPaths(w, r)
		checkClaims(ix, w, r)
		checkStateful(w, r)
		checkEmptyDirs(w, r)
		checkRootFilesystems(w, r)
		checkPinning(w, r)
	}
	checkPersistentVolumes(ix, r)
	checkShared(ix, r)
}

// index is what the rules look up across files: workloads, claims,
// autoscalers, persistent volumes.
type index struct {
	*manifest.Index
	workloads  []*workload
	pvs        []*manifest.Object
	configMaps map[string][]*manifest.Object // by name
}

// workload is a pod-running object, read by manifest.PodOf.
type workload = manifest.Pod

// container is one of the pod's containers.
type container = manifest.Container

func newIndex(set *manifest.Set) *index {
	ix := &index{Index: manifest.NewIndex(set), configMaps: map[string][]*manifest.Object{}}
	for _, o := range set.Objects() {
		switch {
		case o.Kind == "PersistentVolume":
			ix.pvs = append(ix.pvs, o)
		case o.Kind == "ConfigMap":
			ix.configMaps[o.Name] = append(ix.configMaps[o.Name], o)
		case o.IsWorkload():
			if w := manifest.PodOf(o); w != nil {
				ix.workloads = append(ix.workloads, w)
			}
		}
	}
	for _, w := range ix.workloads {
		readConfigs(ix, w)
	}
	return ix
}

// configMap finds the ConfigMap name that a workload in namespace ns
// mounts; one without a namespace matches any. Names set by a chart match
// when the template text is the same.
func (ix *index) configMap(ns, name string) *manifest.Object {
	var loose *manifest.Object
	for _, c := range ix.configMaps[name] {
		switch cns := manifest.Namespace(c); {
		case cns == ns:
			return c
		case (cns == "" || ns == "") && loose == nil:
			loose = c
		}
	}
	return loose
}

// describe names a workload in messages: "deployment orders".
func describe(o *manifest.Object) string {
	kind := strings.ToLower(o.Kind)
	switch {
	case o.Name == "":
		return kind
	case manifest.IsTemplated(o.Name):
		return kind + " (name set by the chart)"
	}
	return kind + " " + o.Name
}

// describeContainer names a container of a workload in messages.
func describeContainer(w *workload, c *container) string {
	name := c.Name
	if manifest.IsTemplated(name) {
		name = "(name set by the chart)"
	}
	return "container " + name + " of " + describe(w.Object)
}

// value renders a scalar for a message, or "set by the chart".
func value(s string) string {
	if manifest.IsTemplated(s) {
		return "set by the chart"
	}
	return s
}

// named renders "node worker-3", or "a node set by the chart" when Helm
// sets the value.
func named(what, s string) string {
	if manifest.IsTemplated(s) {
		return "a " + what + " set by the chart"
	}
	return what + " " + s
}

// under reports whether p is dir or inside it.
func under(p, dir string) bool {
	return p == dir || dir == "/" || strings.HasPrefix(p, dir+"/")
}

// related points at a node of another object.
func related(o *manifest.Object, n *yaml.Node, msg string) rules.Related {
	return rules.Related{Location: o.Pos(n).Location(), Message: msg}
}
