package engine

import (
	"fmt"
	"go/token"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/config"
	"github.com/stateaudit/stateaudit/internal/deploy"
	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/internal/reach"
	"github.com/stateaudit/stateaudit/internal/report"
	"github.com/stateaudit/stateaudit/internal/suppress"
	"github.com/stateaudit/stateaudit/rules"
)

// workload is something that runs: a Kubernetes workload or a compose service.
type workload struct {
	name       string
	namespace  string
	kind       string // Deployment, StatefulSet, …, or "compose"
	file       *manifest.File
	obj        *manifest.Object // nil for compose services
	pod        *manifest.Pod    // nil for compose services
	scaler     *manifest.Object // the autoscaler targeting it, if any
	backing    string           // the backing service it runs (postgres, redis …), or ""
	node       *yaml.Node       // the workload's mapping (object or compose service)
	line       int
	images     []string
	replicas   int               // declared replicas; 0 when unknown
	labels     map[string]string // pod template labels
	buildCtx   string            // compose build context, relative to the root
	dockerfile string            // compose build dockerfile, relative to the context
	envValues  []string
	dependsOn  []string
	profiles   []string // compose profiles
	// mountSources are the host paths and volume names a compose service mounts.
	mountSources []string
	service      *svc
	// unit is the deployable unit of the workload's file; placement its
	// scope (the file's, a Helm test hook's, a compose profile's).
	unit      deploy.Unit
	placement deploy.Placement
}

// svc is one service of the model: workloads and Go mains under one name.
type svc struct {
	name      string
	workloads []*workload
	goSvcs    []*goService
	links     []report.Link
	uses      map[string]bool
}

type model struct {
	workloads []*workload
	gsvcs     []*goService
	svcs      map[string]*svc
	order     []string
	// objects by file, sorted by line, to find the object a finding is in.
	objects map[string][]*manifest.Object
	// k8s Services by namespace/name.
	k8sServices map[string]*manifest.Object
	// goOwner maps a Go service to the model service it joined.
	goOwner map[*goService]*svc
	// units maps each manifest file to its deployable unit.
	units   map[string]deploy.Unit
	absRoot string
	cfg     *config.Config
	sc      *scoping
}

func buildModel(absRoot string, set *manifest.Set, gsvcs []*goService, cfg *config.Config, sc *scoping, layout *deploy.Layout) *model {
	m := &model{absRoot: absRoot, cfg: cfg, sc: sc, gsvcs: gsvcs, svcs: map[string]*svc{}, objects: map[string][]*manifest.Object{},
		k8sServices: map[string]*manifest.Object{}, goOwner: map[*goService]*svc{}, units: map[string]deploy.Unit{}}
	for _, g := range gsvcs {
		g.placement = sc.goDir(g.dir)
	}
	m.nameFromDockerfiles(set)
	for _, f := range set.Files {
		unit := layout.UnitOf(f.Path, f.Format == manifest.Compose)
		m.units[f.Path] = unit
		filePlace := sc.file(f.Path)
		for _, o := range f.Objects {
			m.objects[f.Path] = append(m.objects[f.Path], o)
			switch {
			case o.IsWorkload():
				w := workloadOf(o)
				w.unit, w.placement = unit, filePlace
				if _, hook, ok := o.Annotation("helm.sh/hook"); ok {
					if p, ok := deploy.HookScope(hook); ok && deploy.Less(w.placement, p) {
						w.placement = p
					}
				}
				m.addWorkload(w)
			case o.Kind == "Service" && strings.HasPrefix(o.APIVersion, "v1"):
				m.k8sServices[m.serviceKey(unit, o.Namespace, o.Name)] = o
			}
		}
		if f.Format == manifest.Compose {
			for _, w := range composeWorkloads(f) {
				w.unit, w.placement = unit, filePlace
				if p, ok := deploy.ProfileScope(w.profiles); ok && deploy.Less(w.placement, p) {
					w.placement = p
				}
				for _, src := range w.mountSources {
					if p, ok := deploy.MountSourceScope(src); ok && deploy.Less(w.placement, p) {
						w.placement = p
						break
					}
				}
				m.addWorkload(w)
			}
		}
	}
	// Autoscalers raise the replica ceiling of their target, in its unit.
	for _, us := range splitUnits(set, layout) {
		ix := manifest.NewIndex(us)
		for _, w := range m.workloads {
			if w.obj == nil || w.unit != m.units[us.Files[0].Path] {
				continue
			}
			if w.scaler = ix.Scaler(w.obj); w.scaler != nil {
				if max, ok := manifest.ScalerMax(w.scaler); ok && max > w.replicas {
					w.replicas = max
				}
			}
		}
	}
	for _, w := range m.workloads {
		for _, img := range w.images {
			if w.backing == "" && cfg.IsBackingImage(img) {
				w.backing = manifest.ImageName(img)
			}
		}
	}
	m.linkGo(set)
	m.linkUses()
	return m
}

func workloadOf(o *manifest.Object) *workload {
	w := &workload{name: o.Name, namespace: o.Namespace, kind: o.Kind, file: o.File, obj: o, node: o.Node, line: o.Node.Line}
	if n, ok := o.Replicas(); ok {
		w.replicas = n
	}
	switch o.Kind {
	case "DaemonSet", "Pod", "Job", "CronJob":
		w.replicas = 0 // not replicated behind one address in the same sense
		if o.Kind == "Pod" {
			w.replicas = 1
		}
	}
	if w.pod = manifest.PodOf(o); w.pod != nil {
		w.images = w.pod.Images()
		w.backing = w.pod.Backing()
		for _, c := range w.pod.Containers {
			w.envValues = append(w.envValues, c.EnvValues...)
		}
	}
	labels := manifest.Get(o.Node, "spec", "template", "metadata", "labels")
	if o.Kind == "Pod" {
		labels = o.Labels()
	}
	w.labels = map[string]string{}
	for _, kv := range manifest.Pairs(labels) {
		w.labels[kv[0].Value] = manifest.Str(kv[1])
	}
	return w
}

// composeWorkloads reads the services of a compose file.
func composeWorkloads(f *manifest.File) []*workload {
	var out []*workload
	for _, doc := range f.Docs {
		for _, kv := range manifest.Pairs(manifest.Get(doc, "services")) {
			n := kv[1]
			w := &workload{name: kv[0].Value, kind: "compose", file: f, node: n, line: kv[0].Line}
			if img := manifest.Str(manifest.Get(n, "image")); img != "" {
				w.images = append(w.images, img)
				w.backing, _ = manifest.BackingImage(img)
			}
			if r, ok := manifest.Int(manifest.Get(n, "deploy", "replicas")); ok {
				w.replicas = r
			} else if r, ok := manifest.Int(manifest.Get(n, "scale")); ok {
				w.replicas = r
			} else {
				w.replicas = 1
			}
			build := manifest.Get(n, "build")
			ctx := manifest.Str(build)
			if ctx == "" {
				ctx = manifest.Str(manifest.Get(build, "context"))
			}
			if ctx != "" {
				w.buildCtx = path.Clean(path.Join(path.Dir(f.Path), ctx))
				w.dockerfile = manifest.Str(manifest.Get(build, "dockerfile"))
			}
			env := manifest.Get(n, "environment")
			for _, kv := range manifest.Pairs(env) {
				w.envValues = append(w.envValues, manifest.Str(kv[1]))
			}
			for _, it := range manifest.Items(env) {
				if _, v, ok := strings.Cut(manifest.Str(it), "="); ok {
					w.envValues = append(w.envValues, v)
				}
			}
			for _, it := range manifest.Items(manifest.Get(n, "profiles")) {
				w.profiles = append(w.profiles, manifest.Str(it))
			}
			for _, it := range manifest.Items(manifest.Get(n, "volumes")) {
				src := manifest.Str(manifest.Get(it, "source"))
				if s := manifest.Str(it); s != "" {
					src, _, _ = strings.Cut(s, ":")
				}
				if src != "" {
					w.mountSources = append(w.mountSources, src)
				}
			}
			for _, it := range manifest.Items(manifest.Get(n, "depends_on")) {
				w.dependsOn = append(w.dependsOn, manifest.Str(it))
			}
			for _, kv := range manifest.Pairs(manifest.Get(n, "depends_on")) {
				w.dependsOn = append(w.dependsOn, kv[0].Value)
			}
			out = append(out, w)
		}
	}
	return out
}

// addWorkload adds a workload to the service of its name. Workloads of one
// name in different units are one service only when they run the same
// image (one application deployed by a chart and by plain manifests); two
// sibling examples that both call a Deployment "web" stay two services,
// the second named after its unit's directory.
func (m *model) addWorkload(w *workload) {
	m.workloads = append(m.workloads, w)
	name := w.name
	if manifest.IsTemplated(name) {
		name = templatedName(w)
	}
	key := name
	if s, ok := m.svcs[key]; ok && !s.sameApp(w) {
		where := w.unit.Dir
		if where == "." || where == "" {
			where = path.Base(w.file.Path)
		}
		key = name + " (" + where + ")"
	}
	s := m.svc(key)
	s.workloads = append(s.workloads, w)
	w.service = s
}

// sameApp reports whether a workload belongs with a service of its name:
// the same unit, or the same image.
func (s *svc) sameApp(w *workload) bool {
	if len(s.workloads) == 0 {
		return true
	}
	for _, o := range s.workloads {
		if o.unit == w.unit {
			return true
		}
		if o.placement.Normal().Scope != w.placement.Normal().Scope {
			continue // a test environment's copy is not the production service
		}
		for _, a := range o.images {
			for _, b := range w.images {
				if a != "" && !manifest.IsTemplated(a) && manifest.ImageName(a) == manifest.ImageName(b) {
					return true
				}
			}
		}
	}
	return false
}

// templatedName names a workload whose name a chart sets: after its
// template file (templates/cartservice.yaml → cartservice), so that the
// placeholders of two templates never merge two services.
func templatedName(w *workload) string {
	base := path.Base(w.file.Path)
	base = strings.TrimSuffix(base, path.Ext(base))
	if w.obj != nil {
		for _, o := range w.file.Objects {
			if o != w.obj && o.IsWorkload() {
				// Several workloads in one template: tell them apart by line.
				return fmt.Sprintf("%s:%d", base, w.line)
			}
		}
	}
	return base
}

// serviceKey indexes Kubernetes Services by unit, namespace and name.
func (m *model) serviceKey(u deploy.Unit, ns, name string) string {
	return u.Kind + "\x00" + u.Dir + "\x00" + ns + "/" + name
}

func (m *model) svc(name string) *svc {
	s, ok := m.svcs[name]
	if !ok {
		s = &svc{name: name, uses: map[string]bool{}}
		m.svcs[name] = s
		m.order = append(m.order, name)
	}
	return s
}

// linkGo joins Go service mains to workloads, strongest link first.
func (m *model) linkGo(set *manifest.Set) {
	linked := map[*goService]bool{}
	join := func(g *goService, w *workload, how string) {
		if w.service == nil {
			return
		}
		if linked[g] {
			// The main runs in a second workload (a compose service and a
			// Deployment of the same image): one service, unless that
			// workload's service already runs another Go main.
			s := m.goOwner[g]
			if s != nil && s != w.service && len(w.service.goSvcs) == 0 && s.placement().Scope == w.placement.Normal().Scope {
				s.links = append(s.links, report.Link{Source: g.dir, Manifest: w.file.Path, How: how})
				from := w.service
				m.merge(s, from)
				if g.namedLike(w.name) && s.name != w.name {
					// The workload named like the main names the service.
					m.rename(s, w.name)
				}
			}
			return
		}
		linked[g] = true
		w.service.goSvcs = append(w.service.goSvcs, g)
		w.service.links = append(w.service.links, report.Link{Source: g.dir, Manifest: w.file.Path, How: how})
		m.goOwner[g] = w.service
	}
	inside := func(dir, ctx string) bool {
		return ctx == "." || dir == ctx || strings.HasPrefix(dir, ctx+"/")
	}
	// pick chooses the Go service in a build context: the only one, or the
	// one named like the workload or image.
	pick := func(ctx, name string) *goService {
		var in []*goService
		for _, g := range m.gsvcs {
			if inside(g.dir, ctx) {
				in = append(in, g)
			}
		}
		if len(in) == 1 {
			return in[0]
		}
		for _, g := range in {
			if g.name == name {
				return g
			}
		}
		return nil
	}
	// 0. explicit links in .stateaudit.yaml.
	if m.cfg != nil {
		for _, l := range m.cfg.Services {
			var g *goService
			for _, cand := range m.gsvcs {
				if l.Source != "" && cand.dir == l.Source {
					g = cand
				}
			}
			how := fmt.Sprintf("services entry %s in %s:%d", l.Name, m.cfg.Path, l.Line)
			for _, w := range m.workloads {
				named := l.Workload != "" && w.name == l.Workload
				listed := false
				for _, mf := range l.Manifests {
					listed = listed || w.file.Path == mf
				}
				if !named && !listed || l.Workload != "" && !named {
					continue
				}
				m.rename(w.service, l.Name)
				if g != nil {
					join(g, w, how)
				}
			}
			if g != nil && !linked[g] {
				// A Go service named in the configuration but run by no
				// workload found: a service of its own, under that name.
				s := m.svc(l.Name)
				s.goSvcs = append(s.goSvcs, g)
				m.goOwner[g] = s
				linked[g] = true
			}
		}
	}
	// 1. skaffold artifacts: image → context.
	for _, f := range set.Files {
		if f.Format != manifest.Skaffold {
			continue
		}
		for _, doc := range f.Docs {
			for _, a := range manifest.Items(manifest.Get(doc, "build", "artifacts")) {
				image := manifest.Str(manifest.Get(a, "image"))
				ctx := manifest.Str(manifest.Get(a, "context"))
				if ctx == "" {
					ctx = "."
				}
				ctx = path.Clean(path.Join(path.Dir(f.Path), ctx))
				how := "skaffold artifact " + image + " (context " + ctx + ") in " + f.Path
				g, df := m.dockerMain(set, ctx, manifest.Str(manifest.Get(a, "docker", "dockerfile")))
				if g != nil {
					how += ", whose " + df + " builds " + g.dir
				} else if g = pick(ctx, manifest.ImageName(image)); g == nil {
					continue
				}
				for _, w := range m.workloads {
					for _, img := range w.images {
						if manifest.ImageName(img) == manifest.ImageName(image) {
							join(g, w, how)
						}
					}
				}
			}
		}
	}
	// 2. compose build contexts.
	for _, w := range m.workloads {
		if w.buildCtx == "" {
			continue
		}
		if g, df := m.dockerMain(set, w.buildCtx, w.dockerfile); g != nil {
			join(g, w, "compose build context "+w.buildCtx+", whose "+df+" builds "+g.dir)
		} else if g := pick(w.buildCtx, w.name); g != nil {
			join(g, w, "compose build context "+w.buildCtx)
		}
	}
	// 3. image or workload name ↔ Go service name or directory.
	for _, g := range m.gsvcs {
		for _, w := range m.workloads {
			if w.backing != "" {
				continue
			}
			for _, img := range w.images {
				if n := manifest.ImageName(img); g.namedLike(n) {
					join(g, w, "image "+img+" named like "+g.dir)
				}
			}
		}
		for _, w := range m.workloads {
			if w.backing == "" && g.namedLike(w.name) {
				join(g, w, "workload name "+w.name+" matches "+g.dir)
			}
		}
	}
	// Go services with no workload are services of their own.
	for _, g := range m.gsvcs {
		if !linked[g] {
			s := m.svc(g.name)
			s.goSvcs = append(s.goSvcs, g)
			m.goOwner[g] = s
		}
	}
}

// rename gives a model service the name the configuration chose.
func (m *model) rename(s *svc, name string) {
	if s == nil || s.name == name {
		return
	}
	if other, ok := m.svcs[name]; ok && other != s {
		// Merge into the service already under that name.
		for _, w := range s.workloads {
			w.service = other
			other.workloads = append(other.workloads, w)
		}
		s.workloads = nil
		delete(m.svcs, s.name)
		m.removeOrder(s.name)
		return
	}
	delete(m.svcs, s.name)
	for i, n := range m.order {
		if n == s.name {
			m.order[i] = name
		}
	}
	s.name = name
	m.svcs[name] = s
}

// merge moves the workloads of service from into service into.
func (m *model) merge(into, from *svc) {
	for _, w := range from.workloads {
		w.service = into
		into.workloads = append(into.workloads, w)
	}
	for u := range from.uses {
		into.uses[u] = true
	}
	from.workloads = nil
	delete(m.svcs, from.name)
	m.removeOrder(from.name)
}

func (m *model) removeOrder(name string) {
	for i, n := range m.order {
		if n == name {
			m.order = append(m.order[:i], m.order[i+1:]...)
			return
		}
	}
}

// dockerMain finds the Go service a build context's Dockerfile builds
// (`go build -o /app ./cmd/orders` → cmd/orders under the context), and
// names the Dockerfile. dockerfile is relative to the context ("" for the
// default Dockerfile).
func (m *model) dockerMain(set *manifest.Set, ctx, dockerfile string) (*goService, string) {
	if dockerfile == "" {
		dockerfile = "Dockerfile"
	}
	name := path.Clean(path.Join(ctx, dockerfile))
	for _, f := range set.Files {
		if f.Format != manifest.Dockerfile || f.Path != name {
			continue
		}
		for _, target := range goBuildTargets(f) {
			dir := path.Clean(path.Join(ctx, target))
			for _, g := range m.gsvcs {
				if g.dir == dir {
					return g, name
				}
			}
		}
	}
	return nil, ""
}

// goBuildFlagsWithValue are go build flags whose value is the next word.
var goBuildFlagsWithValue = map[string]bool{
	"-o": true, "-ldflags": true, "-gcflags": true, "-asmflags": true, "-tags": true, "-p": true,
	"-mod": true, "-buildmode": true, "-installsuffix": true, "-pkgdir": true, "-toolexec": true,
	"-overlay": true, "-pgo": true, "-modfile": true, "-C": true,
}

// goBuildTargets lists the package paths a Dockerfile's RUN instructions
// pass to `go build` or `go install`, relative to the build context.
func goBuildTargets(f *manifest.File) []string {
	var out []string
	for _, b := range goBuilds(f) {
		out = append(out, b.target)
	}
	return out
}

// goBuild is one `go build [-o OUT] TARGET` of a Dockerfile.
type goBuild struct{ target, out string }

// goBuilds lists the go build and go install commands of a Dockerfile's RUN
// instructions: the package built (relative to the build context) and the
// binary written (-o), when given.
func goBuilds(f *manifest.File) []goBuild {
	var out []goBuild
	for _, d := range f.Directives {
		if d.Name != "RUN" {
			continue
		}
		words := strings.Fields(strings.Join(d.Args, " "))
		for i := 0; i+1 < len(words); i++ {
			if words[i] != "go" || words[i+1] != "build" && words[i+1] != "install" {
				continue
			}
			bin := ""
			for j := i + 2; j < len(words); j++ {
				w := words[j]
				if w == "&&" || w == ";" || w == "|" || w == "||" || strings.HasSuffix(w, ";") {
					break
				}
				if strings.HasPrefix(w, "-") {
					if v, ok := strings.CutPrefix(w, "-o="); ok {
						bin = v
					} else if goBuildFlagsWithValue[w] && j+1 < len(words) {
						if w == "-o" {
							bin = words[j+1]
						}
						j++
					}
					continue
				}
				if w == "." || strings.HasPrefix(w, "./") {
					out = append(out, goBuild{target: path.Clean(strings.TrimSuffix(w, "/...")), out: bin})
				}
			}
		}
	}
	return out
}

// genericBinaries are binary names that say nothing about the service.
var genericBinaries = map[string]bool{"app": true, "server": true, "main": true, "bin": true, "service": true, "out": true, "binary": true, "run": true, "api": true, "cmd": true}

// nameFromDockerfiles renames the Go services whose directory gives a weak
// name (the module root, cmd/server) after the binary a Dockerfile beside
// them builds: `go build -o /usr/bin/gotify-server .` names the service
// gotify-server.
func (m *model) nameFromDockerfiles(set *manifest.Set) {
	for _, f := range set.Files {
		if f.Format != manifest.Dockerfile {
			continue
		}
		for _, b := range goBuilds(f) {
			name := strings.TrimSuffix(path.Base(b.out), path.Ext(b.out))
			if b.out == "" || genericBinaries[strings.ToLower(name)] || strings.ContainsAny(name, "$%{") {
				continue
			}
			dir := path.Clean(path.Join(path.Dir(f.Path), b.target))
			for _, g := range m.gsvcs {
				if g.dir == dir && g.weakName {
					g.aliases = append(g.aliases, g.name)
					g.name = name
				}
			}
		}
	}
}

// linkUses records which backing services each service reaches, from env
// values that name them (REDIS_ADDR=redis:6379) and compose depends_on.
func (m *model) linkUses() {
	// Backing workloads by unit: a workload names only those deployed with it.
	backing := map[deploy.Unit]map[string]*workload{}
	for _, w := range m.workloads {
		if w.backing != "" {
			if backing[w.unit] == nil {
				backing[w.unit] = map[string]*workload{}
			}
			backing[w.unit][w.name] = w
		}
	}
	for _, w := range m.workloads {
		for _, v := range w.envValues {
			for name, b := range backing[w.unit] {
				if name != w.name && mentionsHost(v, name) {
					w.service.uses[b.service.name] = true
				}
			}
		}
		for _, d := range w.dependsOn {
			if b := backing[w.unit][d]; b != nil {
				w.service.uses[b.service.name] = true
			}
		}
	}
}

// mentionsHost reports whether an env value names host: "redis:6379",
// "postgres://u@db:5432/x", "redis.default.svc".
func mentionsHost(value, host string) bool {
	for _, sep := range []string{"//", "@"} {
		if i := strings.LastIndex(value, sep); i >= 0 {
			value = value[i+len(sep):]
		}
	}
	h := value
	if i := strings.IndexAny(h, ":/?"); i >= 0 {
		h = h[:i]
	}
	if h == host {
		return true
	}
	return strings.HasPrefix(h, host+".")
}

// ownerName names the model service a Go main belongs to.
func (m *model) ownerName(g *goService) string {
	if s := m.goOwner[g]; s != nil {
		return s.name
	}
	return g.name
}

// placeGo decides which service a Go finding weighs on: the first service
// main whose serving path runs the code. Code that only one-shot commands
// or tools run is set aside with the reason; code the reference graph does
// not see reached at all (dead code, or a call it cannot follow) counts for
// the first service main that imports its package, as before the graph.
func (m *model) placeGo(gp *goPhase, gf goFinding) (service, setAside string) {
	return m.goPlace(gf.pkg, gf.fset, gf.pos)
}

func (m *model) goPlace(pkg string, fset *token.FileSet, pos token.Pos) (service, setAside string) {
	var oneShot, elsewhere string
	var unknown *goService
	for _, g := range m.gsvcs {
		if !g.reaches[pkg] {
			continue
		}
		r, cmd := g.prog.At(fset, pos)
		switch r {
		case reach.Serving:
			return m.ownerName(g), ""
		case reach.OneShot:
			if oneShot == "" {
				oneShot = fmt.Sprintf("run only by the one-shot command %q of %s, which never serves", cmd, g.name)
			}
		case reach.Elsewhere:
			if elsewhere == "" {
				elsewhere = fmt.Sprintf("not on the serving path of %s", g.name)
			}
		default:
			if unknown == nil {
				unknown = g
			}
		}
	}
	switch {
	case oneShot != "":
		return "", oneShot
	case unknown != nil:
		return m.ownerName(unknown), ""
	case elsewhere != "":
		return "", elsewhere
	}
	return "", "not in code a service runs (tools, generators, libraries no service main imports)"
}

// objectAt finds the Kubernetes object that contains a line of a file.
func (m *model) objectAt(file string, line int) *manifest.Object {
	var found *manifest.Object
	for _, o := range m.objects[file] {
		if o.Node.Line <= line && (found == nil || o.Node.Line >= found.Node.Line) {
			found = o
		}
	}
	return found
}

// manifestServiceFor names the service a manifest finding belongs to.
func (m *model) manifestServiceFor(file string, line int) string {
	if o := m.objectAt(file, line); o != nil {
		if ws := m.owners(o); len(ws) > 0 {
			return ws[0].service.name
		}
		return ""
	}
	if w := m.composeAt(file, line); w != nil {
		return w.service.name
	}
	return ""
}

// composeAt finds the compose service whose entry contains a line.
func (m *model) composeAt(file string, line int) *workload {
	var best *workload
	for _, w := range m.workloads {
		if w.obj == nil && w.file.Path == file && w.line <= line && (best == nil || w.line > best.line) {
			best = w
		}
	}
	return best
}

// workloadAt finds the workload whose object or compose entry contains a
// line of a file, or nil.
func (m *model) workloadAt(file string, line int) *workload {
	if o := m.objectAt(file, line); o != nil {
		if o.IsWorkload() {
			for _, w := range m.workloads {
				if w.obj == o {
					return w
				}
			}
		}
		return nil
	}
	return m.composeAt(file, line)
}

// owners returns the workloads an object configures: the workload itself, a
// Service's selected pods, and the targets named by routing objects.
func (m *model) owners(o *manifest.Object) []*workload {
	if o.IsWorkload() {
		for _, w := range m.workloads {
			if w.obj == o {
				return []*workload{w}
			}
		}
	}
	if o.Kind == "Service" {
		return m.selected(o)
	}
	if o.Kind == "PersistentVolumeClaim" {
		var out []*workload
		for _, w := range m.workloads {
			if w.obj == nil || w.namespace != o.Namespace || w.unit != m.units[o.File.Path] {
				continue
			}
			for _, v := range manifest.Items(manifest.Get(w.obj.PodSpec(), "volumes")) {
				if manifest.Str(manifest.Get(v, "persistentVolumeClaim", "claimName")) == o.Name {
					out = append(out, w)
				}
			}
		}
		return out
	}
	// Routing objects and CRDs: scalars that name a Service or a workload.
	var out []*workload
	seen := map[*workload]bool{}
	var walk func(n *yaml.Node, key string, depth int)
	walk = func(n *yaml.Node, key string, depth int) {
		if n == nil || depth > 12 {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if depth == 0 && n.Content[i].Value == "metadata" {
					continue
				}
				walk(n.Content[i+1], n.Content[i].Value, depth+1)
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, key, depth+1)
			}
		case yaml.ScalarNode:
			switch key {
			case "name", "serviceName", "service", "host", "scaleTargetRef":
			default:
				return
			}
			host := n.Value
			if i := strings.IndexAny(host, ".:"); i > 0 {
				host = host[:i]
			}
			if s, ok := m.k8sServices[m.serviceKey(m.units[o.File.Path], o.Namespace, host)]; ok {
				for _, w := range m.selected(s) {
					if !seen[w] {
						seen[w] = true
						out = append(out, w)
					}
				}
				return
			}
			for _, w := range m.workloads {
				if w.obj != nil && w.name == host && w.namespace == o.Namespace && w.unit == m.units[o.File.Path] && !seen[w] {
					seen[w] = true
					out = append(out, w)
				}
			}
		}
	}
	walk(o.Node, "", 0)
	return out
}

// selected returns the workloads a Service's selector matches.
func (m *model) selected(s *manifest.Object) []*workload {
	sel := map[string]string{}
	for _, kv := range manifest.Pairs(manifest.Get(s.Node, "spec", "selector")) {
		sel[kv[0].Value] = manifest.Str(kv[1])
	}
	var out []*workload
	for _, w := range m.workloads {
		if w.obj == nil || w.namespace != s.Namespace || w.unit != m.units[s.File.Path] {
			continue
		}
		if len(sel) == 0 {
			if w.name == s.Name {
				out = append(out, w)
			}
			continue
		}
		match := true
		for k, v := range sel {
			if w.labels[k] != v {
				match = false
				break
			}
		}
		if match {
			out = append(out, w)
		}
	}
	return out
}

// applyAnnotation suppresses a manifest finding when its object carries
// `stateaudit.io/ignore: "RULE[,RULE]: reason"`.
func (m *model) applyAnnotation(f *rules.Finding) {
	o := m.objectAt(f.File, f.Line)
	if o == nil {
		return
	}
	_, value, ok := o.Annotation(suppress.AnnotationKey)
	if !ok {
		return
	}
	ids, reason := suppress.Annotation(value)
	for _, id := range ids {
		if id == f.Rule || id == "all" {
			f.Suppressed = true
			f.Justification = reason
			return
		}
	}
}

// services builds the report's services and their verdicts.
func (m *model) services(findings []rules.Finding) []report.Service {
	names := append([]string(nil), m.order...)
	sort.Strings(names)
	// The findings of each service, in report order: those that count, and,
	// for a service whose scope is set aside, those set aside with it, so
	// that its verdicts say what it would be if it were audited.
	byService := map[string][]int{}
	for i, f := range findings {
		if !f.Suppressed && f.Service != "" {
			byService[f.Service] = append(byService[f.Service], i)
		}
	}
	var out []report.Service
	for _, name := range names {
		s := m.svcs[name]
		rs := report.Service{Name: name, Kind: "unknown", Verdicts: map[rules.Characteristic]report.Verdict{}}
		m.serviceScope(&rs, s)
		backing := len(s.workloads) > 0
		for _, w := range s.workloads {
			rs.Manifests = appendUnique(rs.Manifests, w.file.Path)
			if w.replicas > rs.Replicas {
				rs.Replicas = w.replicas
			}
			if rs.Image == "" && len(w.images) > 0 {
				rs.Image = w.images[0]
			}
			backing = backing && w.backing != ""
		}
		for _, g := range s.goSvcs {
			rs.Sources = appendUnique(rs.Sources, g.dir)
			rs.Language = "go"
		}
		switch {
		case backing && len(s.goSvcs) == 0:
			rs.Kind = "backing"
		case len(s.goSvcs) > 0 || len(s.workloads) > 0:
			rs.Kind = "application"
		}
		rs.Links = s.links
		for u := range s.uses {
			rs.Uses = append(rs.Uses, u)
		}
		sort.Strings(rs.Uses)
		if rs.Kind == "application" {
			if len(s.goSvcs) == 0 {
				rs.Unseen = append(rs.Unseen, "no Go source is linked to this workload: its code was not audited")
			}
			if len(s.workloads) == 0 {
				rs.Unseen = append(rs.Unseen, "no deployment manifest: replicas, storage and load balancing were not audited")
			}
		}
		for _, c := range rules.Characteristics {
			v := report.Verdict{Verdict: report.Stateless, Evidence: []int{}}
			for _, i := range byService[name] {
				f := &findings[i]
				if !hasCharacteristic(*f, c) || f.SetAside != "" && !rs.SetAside {
					continue
				}
				if f.Severity >= rules.Warning || rs.Kind == "backing" {
					v.Verdict = report.Stateful
					v.Evidence = append(v.Evidence, i)
				}
			}
			rs.Verdicts[c] = v
		}
		out = append(out, rs)
	}
	return out
}

func hasCharacteristic(f rules.Finding, c rules.Characteristic) bool {
	for _, x := range f.Characteristics {
		if x == c {
			return true
		}
	}
	return false
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
