package nodestorage

import (
	"path"
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

// IsBackingImage reports whether a container image runs a backing service
// (postgres, redis, kafka …) whose storage is stateful by design; see
// manifest.BackingImage for the matching.
func IsBackingImage(image string) bool {
	_, ok := manifest.BackingImage(image)
	return ok
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
// autoscalers.
type index struct {
	workloads []*workload
	claims    map[string][]*manifest.Object // by name
	pvs       []*manifest.Object
	// scalers maps "namespace/Kind/name" of a scale target to the
	// autoscaler that scales it.
	scalers map[string]*manifest.Object
}

func newIndex(set *manifest.Set) *index {
	ix := &index{claims: map[string][]*manifest.Object{}, scalers: map[string]*manifest.Object{}}
	for _, o := range set.Objects() {
		switch {
		case o.Kind == "PersistentVolumeClaim":
			ix.claims[o.Name] = append(ix.claims[o.Name], o)
		case o.Kind == "PersistentVolume":
			ix.pvs = append(ix.pvs, o)
		case o.Kind == "HorizontalPodAutoscaler" || o.Kind == "ScaledObject" && strings.HasPrefix(o.APIVersion, "keda.sh/"):
			ref := manifest.Get(o.Node, "spec", "scaleTargetRef")
			kind := manifest.Str(manifest.Get(ref, "kind"))
			if kind == "" {
				kind = "Deployment" // KEDA's default
			}
			if max, ok := manifest.Int(manifest.Get(o.Node, "spec", "maxReplicas")); ok && max <= 1 {
				continue
			}
			if max, ok := manifest.Int(manifest.Get(o.Node, "spec", "maxReplicaCount")); ok && max <= 1 {
				continue
			}
			ix.scalers[namespace(o)+"/"+kind+"/"+manifest.Str(manifest.Get(ref, "name"))] = o
		case o.IsWorkload():
			if w := newWorkload(o); w != nil {
				ix.workloads = append(ix.workloads, w)
			}
		}
	}
	return ix
}

// claim finds the PersistentVolumeClaim name that a workload in namespace
// ns refers to. Manifests often leave the namespace to `kubectl -n`, so an
// object without one matches any.
func (ix *index) claim(ns, name string) *manifest.Object {
	var loose *manifest.Object
	for _, c := range ix.claims[name] {
		switch cns := namespace(c); {
		case cns == ns:
			return c
		case (cns == "" || ns == "") && loose == nil:
			loose = c
		}
	}
	return loose
}

// scaler returns the autoscaler targeting w, or nil.
func (ix *index) scaler(w *workload) *manifest.Object {
	ns := namespace(w.obj)
	if s := ix.scalers[ns+"/"+w.obj.Kind+"/"+w.obj.Name]; s != nil {
		return s
	}
	if ns != "" {
		return ix.scalers["/"+w.obj.Kind+"/"+w.obj.Name]
	}
	return nil
}

func namespace(o *manifest.Object) string {
	if manifest.IsTemplated(o.Namespace) {
		return ""
	}
	return o.Namespace
}

// workload is a pod-running object with its volumes and containers.
type workload struct {
	obj        *manifest.Object
	spec       *yaml.Node
	volumes    map[string]*volume
	order      []*volume // volumes in document order
	containers []*container
	mounts     map[string][]*mount // by volume name
	// templates are the StatefulSet's volumeClaimTemplates names.
	templates map[string]bool
}

type volume struct {
	name string
	node *yaml.Node
	// source is the key that says where the data lives: hostPath,
	// emptyDir, persistentVolumeClaim, configMap …
	source    string
	sourceKey *yaml.Node
}

type container struct {
	node    *yaml.Node
	name    string
	image   string
	init    bool
	backing string // the backing service it runs, "" for an application
	mounts  []*mount
}

type mount struct {
	node     *yaml.Node
	volume   string
	path     string
	pathKey  *yaml.Node
	readOnly bool
}

func newWorkload(o *manifest.Object) *workload {
	spec := o.PodSpec()
	if spec == nil {
		return nil
	}
	w := &workload{obj: o, spec: spec, volumes: map[string]*volume{}, mounts: map[string][]*mount{}, templates: map[string]bool{}}
	for _, v := range manifest.Items(manifest.Get(spec, "volumes")) {
		vol := &volume{name: manifest.Str(manifest.Get(v, "name")), node: v}
		for _, kv := range manifest.Pairs(v) {
			if k := kv[0].Value; k != "name" {
				vol.source, vol.sourceKey = k, kv[0]
				break
			}
		}
		if _, dup := w.volumes[vol.name]; !dup {
			w.volumes[vol.name] = vol
			w.order = append(w.order, vol)
		}
	}
	for _, t := range manifest.Items(manifest.Get(o.Node, "spec", "volumeClaimTemplates")) {
		w.templates[manifest.Str(manifest.Get(t, "metadata", "name"))] = true
	}
	main := manifest.Items(manifest.Get(spec, "containers"))
	for i, c := range manifest.Containers(spec) {
		ct := &container{
			node:  c,
			name:  manifest.Str(manifest.Get(c, "name")),
			image: manifest.Str(manifest.Get(c, "image")),
			init:  i >= len(main),
		}
		ct.backing = backingOf(o, ct)
		for _, m := range manifest.Items(manifest.Get(c, "volumeMounts")) {
			ro, _ := manifest.Bool(manifest.Get(m, "readOnly"))
			mt := &mount{
				node:     m,
				volume:   manifest.Str(manifest.Get(m, "name")),
				path:     path.Clean("/" + manifest.Str(manifest.Get(m, "mountPath"))),
				pathKey:  manifest.Key(m, "mountPath"),
				readOnly: ro,
			}
			ct.mounts = append(ct.mounts, mt)
			w.mounts[mt.volume] = append(w.mounts[mt.volume], mt)
		}
		w.containers = append(w.containers, ct)
	}
	return w
}

// backingOf names the backing service a container runs. When a Helm chart
// sets the image, the container's name or the chart's directory
// (charts/postgresql/templates/…) stands in for it.
func backingOf(o *manifest.Object, c *container) string {
	if name, ok := manifest.BackingImage(c.image); ok || !manifest.IsTemplated(c.image) {
		return name
	}
	if name, ok := manifest.BackingImage(c.name); ok {
		return name
	}
	if o.File.Helm {
		if i := strings.LastIndex(o.File.Path, "/templates/"); i > 0 {
			chart := o.File.Path[:i]
			name, _ := manifest.BackingImage(chart[strings.LastIndex(chart, "/")+1:])
			return name
		}
	}
	return ""
}

// backing returns the backing service the workload's main containers run.
func (w *workload) backing() string {
	for _, c := range w.containers {
		if !c.init && c.backing != "" {
			return c.backing
		}
	}
	return ""
}

// mountsOf returns the mounts of volume name across the containers.
func (w *workload) mountsOf(name string) []*mount { return w.mounts[name] }

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
	name := c.name
	if manifest.IsTemplated(name) {
		name = "(name set by the chart)"
	}
	return "container " + name + " of " + describe(w.obj)
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
