package manifest

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Pod is a workload's pod template read once for every check and for the
// service model: its volumes, containers and mounts, each with its node.
type Pod struct {
	Object *Object
	Spec   *yaml.Node
	// Volumes by name, and in document order.
	Volumes     map[string]*Volume
	VolumeOrder []*Volume
	// Containers are the containers, then the init containers.
	Containers []*Container
	// MountsByVolume lists the mounts of each volume across containers.
	MountsByVolume map[string][]*Mount
	// Templates are a StatefulSet's volumeClaimTemplates names.
	Templates map[string]bool
}

// Volume is one entry of the pod's volumes.
type Volume struct {
	Name string
	Node *yaml.Node
	// Source is the key that says where the data lives: hostPath,
	// emptyDir, persistentVolumeClaim, configMap …
	Source    string
	SourceKey *yaml.Node
}

// Container is a container or init container of the pod.
type Container struct {
	Node  *yaml.Node
	Name  string
	Image string
	Init  bool
	// Backing is the backing service the container runs (postgres, redis …),
	// "" for an application.
	Backing string
	Mounts  []*Mount
	// EnvValues are the literal values of its env entries.
	EnvValues []string
}

// Mount is one volumeMounts entry.
type Mount struct {
	Node     *yaml.Node
	Volume   string
	Path     string // cleaned, absolute
	PathKey  *yaml.Node
	ReadOnly bool
}

// PodOf reads the pod template of a workload, or returns nil for objects
// that run no pods.
func PodOf(o *Object) *Pod {
	spec := o.PodSpec()
	if spec == nil {
		return nil
	}
	p := &Pod{Object: o, Spec: spec, Volumes: map[string]*Volume{}, MountsByVolume: map[string][]*Mount{}, Templates: map[string]bool{}}
	for _, v := range Items(Get(spec, "volumes")) {
		vol := &Volume{Name: Str(Get(v, "name")), Node: v}
		for _, kv := range Pairs(v) {
			if k := kv[0].Value; k != "name" {
				vol.Source, vol.SourceKey = k, kv[0]
				break
			}
		}
		if _, dup := p.Volumes[vol.Name]; !dup {
			p.Volumes[vol.Name] = vol
			p.VolumeOrder = append(p.VolumeOrder, vol)
		}
	}
	for _, t := range Items(Get(o.Node, "spec", "volumeClaimTemplates")) {
		p.Templates[Str(Get(t, "metadata", "name"))] = true
	}
	main := Items(Get(spec, "containers"))
	for i, c := range Containers(spec) {
		ct := &Container{
			Node:  c,
			Name:  Str(Get(c, "name")),
			Image: Str(Get(c, "image")),
			Init:  i >= len(main),
		}
		ct.Backing = backingOf(o, ct)
		for _, e := range Items(Get(c, "env")) {
			if v := Str(Get(e, "value")); v != "" {
				ct.EnvValues = append(ct.EnvValues, v)
			}
		}
		for _, m := range Items(Get(c, "volumeMounts")) {
			ro, _ := Bool(Get(m, "readOnly"))
			mt := &Mount{
				Node:     m,
				Volume:   Str(Get(m, "name")),
				Path:     path.Clean("/" + Str(Get(m, "mountPath"))),
				PathKey:  Key(m, "mountPath"),
				ReadOnly: ro,
			}
			ct.Mounts = append(ct.Mounts, mt)
			p.MountsByVolume[mt.Volume] = append(p.MountsByVolume[mt.Volume], mt)
		}
		p.Containers = append(p.Containers, ct)
	}
	return p
}

// backingOf names the backing service a container runs. When a Helm chart
// sets the image, the container's name or the chart's directory
// (charts/postgresql/templates/…) stands in for it.
func backingOf(o *Object, c *Container) string {
	if name, ok := BackingImage(c.Image); ok || !IsTemplated(c.Image) {
		return name
	}
	if name, ok := BackingImage(c.Name); ok {
		return name
	}
	if o.File.Helm {
		if i := strings.LastIndex(o.File.Path, "/templates/"); i > 0 {
			chart := o.File.Path[:i]
			name, _ := BackingImage(chart[strings.LastIndex(chart, "/")+1:])
			return name
		}
	}
	return ""
}

// Backing returns the backing service the pod's main containers run, or "".
func (p *Pod) Backing() string {
	for _, c := range p.Containers {
		if !c.Init && c.Backing != "" {
			return c.Backing
		}
	}
	return ""
}

// Images returns the images of the main containers, in order.
func (p *Pod) Images() []string {
	var out []string
	for _, c := range p.Containers {
		if !c.Init && c.Image != "" {
			out = append(out, c.Image)
		}
	}
	return out
}

// MountAt returns the mount whose mountPath is the longest prefix of the
// absolute path file, and its volume (nil for a volumeClaimTemplate or an
// undeclared volume), or nil when nothing is mounted over it.
func (p *Pod) MountAt(file string) (*Mount, *Volume) {
	var best *Mount
	for _, c := range p.Containers {
		for _, m := range c.Mounts {
			if m.Path != file && !strings.HasPrefix(file, strings.TrimSuffix(m.Path, "/")+"/") {
				continue
			}
			if best == nil || len(m.Path) > len(best.Path) {
				best = m
			}
		}
	}
	if best == nil {
		return nil, nil
	}
	return best, p.Volumes[best.Volume]
}
