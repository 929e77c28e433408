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
	// "" for an application or a client of one (a migration Job running
	// psql).
	Backing string
	// Role is what the container does with a backing service's image:
	// whether it is a client, keeps no data, and where its data lives.
	// Zero for applications.
	Role   Role
	Mounts []*Mount
	// EnvValues are the literal values of its env entries.
	EnvValues []string
	// Invocation is its command line and environment.
	Invocation Invocation
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
	oneShot := o.Kind == "Job" || o.Kind == "CronJob"
	for i, c := range Containers(spec) {
		ct := &Container{
			Node:  c,
			Name:  Str(Get(c, "name")),
			Image: Str(Get(c, "image")),
			Init:  i >= len(main),
		}
		ct.Invocation = Invocation{
			Image:   ct.Image,
			Name:    ct.Name,
			Command: strs(Get(c, "command")),
			Args:    strs(Get(c, "args")),
			Env:     map[string]string{},
			// An init container with restartPolicy Always is a sidecar
			// that runs as long as the pod.
			OneShot: oneShot || ct.Init && Str(Get(c, "restartPolicy")) != "Always",
		}
		for _, e := range Items(Get(c, "env")) {
			v := Str(Get(e, "value"))
			if v != "" {
				ct.EnvValues = append(ct.EnvValues, v)
			}
			if Key(e, "value") != nil {
				ct.Invocation.Env[Str(Get(e, "name"))] = v
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
		if service := backingOf(o, ct, len(main)); service != "" {
			ct.SetRole(service, BackingRole(service, ct.Invocation))
		}
		p.Containers = append(p.Containers, ct)
	}
	return p
}

// SetRole records what the container does with backing service service's
// image: Backing stays empty for a client.
func (c *Container) SetRole(service string, r Role) {
	c.Role, c.Backing = r, service
	if r.Client {
		c.Backing = ""
	}
}

// strs returns the scalars of a sequence.
func strs(n *yaml.Node) []string {
	var out []string
	for _, it := range Items(n) {
		out = append(out, Str(it))
	}
	return out
}

// backingOf names the backing service a container runs: by its image;
// when the image says nothing (a private build or mirror), by a
// well-known data directory it mounts (/var/lib/postgresql/data); then, when
// a Helm chart sets the image, by the container's name or the chart's
// directory (charts/postgresql/templates/…); last by the chart the labels
// name (helm.sh/chart: postgresql-12.1.0, app.kubernetes.io/name), for the
// container of that name or the pod's only one.
func backingOf(o *Object, c *Container, mains int) string {
	if name, ok := BackingImage(c.Image); ok {
		return name
	}
	for _, m := range c.Mounts {
		if name, ok := BackingDataPath(m.Path); ok {
			return name
		}
	}
	if IsTemplated(c.Image) {
		if name, ok := BackingImage(c.Name); ok {
			return name
		}
		if o.File.Helm {
			if i := strings.LastIndex(o.File.Path, "/templates/"); i > 0 {
				chart := o.File.Path[:i]
				if name, ok := BackingImage(chart[strings.LastIndex(chart, "/")+1:]); ok {
					return name
				}
			}
		}
	}
	if c.Image == "" || helperContainer(c) {
		return ""
	}
	name := chartOf(o)
	if name == "" {
		return ""
	}
	if own, ok := BackingImage(c.Name); ok && own == name || mains == 1 && !c.Init {
		return name
	}
	return ""
}

// chartOf names the backing service that an object's chart labels name,
// unless the labels say the object is a component beside it (metrics, a
// UI, a backup job).
func chartOf(o *Object) string {
	for _, labels := range []*yaml.Node{o.Labels(), Get(o.Node, "spec", "template", "metadata", "labels")} {
		switch Str(Get(labels, "app.kubernetes.io/component")) {
		case "metrics", "exporter", "ui", "dashboard", "console", "backup", "operator", "proxy", "webhook":
			return ""
		}
		for _, key := range []string{"helm.sh/chart", "app.kubernetes.io/name", "chart"} {
			if name, ok := BackingChart(Str(Get(labels, key))); ok {
				return name
			}
		}
	}
	return ""
}

// helperWords in a container's name or image mark a helper running beside a
// backing service (an exporter, a UI, a proxy), which keeps no data.
var helperWords = []string{"exporter", "metrics", "proxy", "bouncer", "pgpool", "admin", "ui", "console", "dashboard",
	"operator", "backup", "sidecar", "agent", "init", "wait", "shell", "busybox", "curl", "kubectl", "reloader", "permissions"}

func helperContainer(c *Container) bool {
	for _, s := range []string{strings.ToLower(c.Name), ImageName(c.Image)} {
		for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
			for _, w := range helperWords {
				if part == w || strings.HasSuffix(part, w) && w != "ui" && w != "init" {
					return true
				}
			}
		}
	}
	return false
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
