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
	// SubPath is the path inside the volume mounted at Path, "" for the
	// whole volume.
	SubPath string
}

// Shape is the mount's shape for MountShape.Use, with host the host path
// of its volume ("" unless a hostPath). A subPath that names a file makes
// it a single file.
func (m *Mount) Shape(host string) MountShape {
	return MountShape{Host: host, Target: m.Path, File: m.SubPath != "" && isFileName(path.Base(m.SubPath))}
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
				SubPath:  Str(Get(m, "subPath")),
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

// MountUse is what a mounted path holds, judged from the shape of the
// mount alone.
type MountUse int

const (
	// UseData is anything that may be data the container writes.
	UseData MountUse = iota
	// UseConfig is configuration or content the container reads: a single
	// file, a path under /etc, certificates, templates, static pages.
	UseConfig
	// UseSystem is a socket, device or system directory of the host
	// (/var/run/docker.sock, /dev, /proc, /var/lib/kubelet …).
	UseSystem
	// UseScratch is temporary files, caches and logs.
	UseScratch
	// UseSource is the project's own directory mounted for development
	// (`.:/app`, `../..:/src`).
	UseSource
)

// MountShape is what is known of a mount: the host path of a bind mount or
// hostPath volume ("" for volumes), the path in the container, and whether
// it is known to be a single file (hostPath type File, FileOrCreate,
// Socket …, or a Kubernetes subPath with a file name).
type MountShape struct {
	Host, Target string
	File         bool
}

// hostSystemDirs are directories of a host that belong to its operating
// system, container runtime or kubelet, not to an application.
var hostSystemDirs = []string{
	"/var/run", "/run", "/dev", "/sys", "/proc", "/var/log", "/var/lib/docker", "/var/lib/kubelet",
	"/var/lib/containerd", "/var/lib/cni", "/var/lib/calico", "/var/lib/cilium", "/opt/cni", "/etc", "/lib",
	"/lib64", "/usr", "/boot", "/bin", "/sbin",
}

// configDirs are places in a container where images read configuration or
// serve static content from.
var configDirs = []string{
	"/etc", "/usr/local/etc", "/usr/share/nginx/html", "/usr/local/apache2/conf", "/usr/local/apache2/htdocs",
	"/usr/share/caddy", "/docker-entrypoint-initdb.d", "/docker-entrypoint.d",
}

// configNames are directory names that hold configuration or content
// shipped with the deployment, wherever they are mounted.
var configNames = map[string]bool{
	"conf.d": true, "config.d": true, "certs": true, "cert": true, "certificates": true, "ssl": true, "tls": true,
	"pki": true, "secrets": true, "provisioning": true, "templates": true, "locales": true, "i18n": true,
	"translations": true, "ldif": true, "initdb": true, "initdb.d": true, "migrations": true, "seeds": true,
	"dashboards": true, "html": true, "static": true, "assets": true,
}

// configDirNames name a configuration directory wherever they are in a
// path, except a top-level /config in the container: that is where many
// images (linuxserver.io, Home Assistant) keep all their state.
var configDirNames = map[string]bool{
	"config": true, "configs": true, "configuration": true, "configmaps": true, "conf": true, "settings": true,
}

// scratchNames are directory names of temporary files, caches and logs.
var scratchNames = map[string]bool{
	"tmp": true, "temp": true, "cache": true, ".cache": true, "caches": true, "log": true, "logs": true,
	"node_modules": true, ".pnpm-store": true, ".npm": true, ".yarn": true, ".m2": true, ".gradle": true,
}

// dataExts are file extensions of data that programs write: databases,
// snapshots, journals. A single file with any other extension is read as
// configuration or content.
var dataExts = map[string]bool{
	"db": true, "sqlite": true, "sqlite3": true, "db3": true, "mdb": true, "ldb": true, "bolt": true,
	"rdb": true, "aof": true, "wal": true, "realm": true, "kdbx": true,
}

// stateFiles are single files that well-known programs write their state
// to: Traefik's ACME certificates store.
var stateFiles = map[string]bool{"acme.json": true}

// configDotfiles are configuration files whose name starts with a dot.
var configDotfiles = map[string]bool{
	".env": true, ".htpasswd": true, ".npmrc": true, ".netrc": true, ".pgpass": true, ".my.cnf": true, ".gitconfig": true,
}

// Use tells what the mount holds, from its shape alone: a socket or system
// directory of the host, the project's source, a single file (configuration
// unless its name says database), a configuration place, scratch space, or
// — when nothing says otherwise — data.
func (m MountShape) Use() MountUse {
	host, target := cleanMountPath(m.Host), cleanMountPath(m.Target)
	if m.Host != "" && (hostPathIsSystem(host) || strings.HasSuffix(host, ".sock")) ||
		strings.HasSuffix(target, ".sock") || underAny(target, "/var/run", "/run") {
		return UseSystem
	}
	if m.Host != "" && onlyDots(m.Host) {
		return UseSource
	}
	for _, p := range []string{host, target} {
		if p == "" {
			continue
		}
		base := path.Base(p)
		if stateFiles[base] || dataExts[fileExt(base)] {
			return UseData
		}
	}
	for _, p := range []string{host, target} {
		if p != "" && (fileExt(path.Base(p)) == "log") {
			return UseScratch
		}
	}
	if m.File || isFileName(path.Base(host)) || isFileName(path.Base(target)) {
		return UseConfig
	}
	// A top-level /config is where many images keep all their state,
	// whatever the host directory is called.
	if target != "" && underAny(target, configDirs...) || target != "/config" && (configPath(host, false) || configPath(target, true)) {
		return UseConfig
	}
	for _, p := range []string{host, target} {
		if p != "" && (underAny(p, "/tmp", "/var/tmp", "/var/cache", "/var/log") || hasSegment(p, scratchNames)) {
			return UseScratch
		}
	}
	return UseData
}

// hostPathIsSystem reports whether a host path is the host's root or lies
// in one of its system directories.
func hostPathIsSystem(p string) bool {
	return p == "/" || strings.HasPrefix(p, "/") && underAny(p, hostSystemDirs...)
}

// configPath reports whether a path names a configuration directory: its
// last element is one of configNames, or any element is one of
// configDirNames — except, in the container, a top-level one.
func configPath(p string, inContainer bool) bool {
	if p == "" {
		return false
	}
	segs := strings.Split(strings.Trim(p, "/"), "/")
	if configNames[strings.ToLower(segs[len(segs)-1])] {
		return true
	}
	for i, s := range segs {
		s = strings.ToLower(s)
		if configDirNames[s] && !(inContainer && i == 0 && s == "config") {
			return true
		}
	}
	return false
}

// SingleFile reports whether the mount is known to be one file: its type
// says so, or its path has a file name.
func (m MountShape) SingleFile() bool {
	return m.File || m.Host != "" && isFileName(path.Base(cleanMountPath(m.Host))) || m.Target != "" && isFileName(path.Base(cleanMountPath(m.Target)))
}

// NamesDataFile reports whether one of a container's command-line or
// environment values names a data file (a database, Traefik's acme.json)
// inside dir. The mount at dir then holds data whatever its shape says:
// `./traefik:/etc/traefik` with
// `--certificatesresolvers.le.acme.storage=/etc/traefik/acme.json`.
func NamesDataFile(dir string, values []string) bool {
	dir = cleanMountPath(dir)
	if dir == "" || dir == "." {
		return false
	}
	for _, v := range values {
		for _, part := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune("=,:; \t\"'", r) }) {
			if !strings.HasPrefix(part, "/") {
				continue
			}
			p := path.Clean(part)
			if !strings.HasPrefix(p, dir+"/") {
				continue
			}
			if base := path.Base(p); stateFiles[base] || dataExts[fileExt(base)] {
				return true
			}
		}
	}
	return false
}

func hasSegment(p string, names map[string]bool) bool {
	for _, s := range strings.Split(strings.Trim(p, "/"), "/") {
		if names[strings.ToLower(s)] {
			return true
		}
	}
	return false
}

// fileExt is a file name's extension, lower-cased, when it has one that
// contains a letter (so that "nginx-1.25" is no file), "" otherwise.
func fileExt(base string) string {
	i := strings.LastIndexByte(base, '.')
	if i <= 0 || i == len(base)-1 {
		return ""
	}
	ext := strings.ToLower(base[i+1:])
	letter := false
	for _, r := range ext {
		switch {
		case r >= 'a' && r <= 'z':
			letter = true
		case r >= '0' && r <= '9' || r == '_' || r == '-':
		default:
			return ""
		}
	}
	if !letter || len(ext) > 10 || ext == "d" { // conf.d is a directory
		return ""
	}
	return ext
}

// isFileName reports whether a path element names a file rather than a
// directory: it has an extension, or it is a configuration dotfile.
func isFileName(base string) bool {
	if strings.HasPrefix(base, ".") {
		return configDotfiles[strings.ToLower(base)]
	}
	return fileExt(base) != ""
}

// onlyDots reports whether a host path is the project directory itself or
// one of its parents (".", "./", "..", "../..").
func onlyDots(p string) bool {
	for _, s := range strings.Split(strings.TrimSuffix(p, "/"), "/") {
		if s != "." && s != ".." {
			return false
		}
	}
	return true
}

// cleanMountPath cleans a path without making a relative one absolute;
// variables and home directories stay as written.
func cleanMountPath(p string) string {
	if p == "" {
		return ""
	}
	return path.Clean(p)
}

func underAny(p string, dirs ...string) bool {
	for _, d := range dirs {
		if p == d || strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}
