package engine

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/analyzers/localdisk"
	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// The correlation rules join a piece of Go evidence with what the manifests
// say about the same service. Each finding points at both places.

// SessionsLostAcrossReplicas: in-memory sessions on a replicated service with
// nothing pinning clients.
var SessionsLostAcrossReplicas = rules.Register(&rules.Rule{
	ID:              "sessions-lost-across-replicas",
	Title:           "In-memory sessions on a replicated service",
	Category:        rules.Session,
	Characteristics: []rules.Characteristic{rules.NoClientSessionState, rules.Scalability, rules.FaultTolerance},
	Practice:        rules.ExternalizeState,
	Severity:        rules.Error,
	Source:          rules.EngineSource,
	Summary:         "Reports session state kept in process memory by a service that runs more than one replica (or has an autoscaler) without sticky sessions.",
	Rationale: `The load balancer sends each request to any replica. A session created on one
replica is unknown to the others, so users are logged out and carts empty out
at random, more often the more replicas run. This is the in-memory session
finding confirmed by the deployment: it is not a risk, it is a bug.`,
	Fires:       []string{"a Go session map in a Deployment with `replicas: 3` and a Service without `sessionAffinity`"},
	Quiet:       []string{"the same code with `replicas: 1` and no autoscaler (the session finding alone still fires)"},
	Remediation: "Move sessions to a backing service every replica reaches, or into a signed client-side cookie or token.",
})

// StickySessionCrutch: stickiness that exists to hide in-memory state.
var StickySessionCrutch = rules.Register(&rules.Rule{
	ID:              "sticky-session-crutch",
	Title:           "Sticky sessions hiding in-process state",
	Category:        rules.Sticky,
	Characteristics: []rules.Characteristic{rules.NoClientSessionState, rules.Scalability, rules.FaultTolerance},
	Practice:        rules.AvoidStickySessions,
	Severity:        rules.Warning,
	Source:          rules.EngineSource,
	Summary:         "Reports a sticky-session setting on a replicated service whose code keeps sessions in process memory.",
	Rationale: `Pinning each client to one pod makes in-memory sessions appear to work. They
still vanish when that pod restarts, is evicted, is replaced by a deploy or is
removed by a scale-in, and the pinning skews load so new replicas take little
traffic. Stickiness is a crutch for the state, not a fix.`,
	Fires:       []string{"`sessionAffinity: ClientIP` on the Service of a Deployment whose Go code keeps sessions in a map"},
	Quiet:       []string{"stickiness on a service whose code keeps no session state (the sticky finding alone still fires)"},
	Remediation: "Externalize the session state, then remove the sticky-session setting.",
})

// EphemeralDataPath: Go code writes where the pod keeps nothing.
var EphemeralDataPath = rules.Register(&rules.Rule{
	ID:              "ephemeral-data-path",
	Title:           "Data written to storage that dies with the pod",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.FaultTolerance, rules.Scalability},
	Practice:        rules.BackingServices,
	Severity:        rules.Error,
	Source:          rules.EngineSource,
	Summary:         "Reports a Go write under a path that the service's workload mounts from an emptyDir, or does not mount at all (the container's writable layer).",
	Rationale: `An emptyDir is deleted when its pod leaves the node; the container's writable
layer is deleted when the container is replaced. Data the service writes there
is lost on every restart, reschedule and deploy, and each replica sees only
its own files.`,
	Fires: []string{
		"`os.OpenFile(\"/var/lib/orders/…\", O_CREATE|O_WRONLY)` with an `emptyDir` mounted at `/var/lib/orders`",
		"`bbolt.Open(\"/data/app.db\")` with nothing mounted at `/data`",
	},
	Quiet:       []string{"writes under `/tmp` or to a path mounted from a persistent volume claim"},
	Remediation: "Write the data to a backing service (database, object storage) instead of the pod's filesystem.",
})

// ReplicatedProcessState: per-instance state multiplied by replicas.
var ReplicatedProcessState = rules.Register(&rules.Rule{
	ID:              "replicated-process-state",
	Title:           "Per-instance state on a replicated service",
	Category:        rules.Other,
	Characteristics: []rules.Characteristic{rules.IndependentAndIsolated, rules.Scalability},
	Practice:        rules.BackingServices,
	Severity:        rules.Warning,
	Source:          rules.EngineSource,
	Summary:         "Reports per-client rate limits and connection registries kept in process memory by a service that runs more than one replica.",
	Rationale: `With N replicas, a per-instance rate limit lets each client through N times
the configured rate, and a broadcast over an in-process connection registry
reaches only the clients connected to the replica that sent it.`,
	Fires:       []string{"a map of `*rate.Limiter` keyed by client IP in a Deployment with `replicas: 4`"},
	Quiet:       []string{"the same code with `replicas: 1`"},
	Remediation: "Keep the limiter counters or the fan-out in a backing service (Redis, a message broker) shared by every replica.",
})

// replicaEvidence says how a service is replicated, and where.
type replicaEvidence struct {
	count int
	at    rules.Location
	how   string
}

func (m *model) replicasOf(name string) (replicaEvidence, bool) {
	s := m.svcs[name]
	if s == nil {
		return replicaEvidence{}, false
	}
	for _, w := range s.workloads {
		if w.obj == nil {
			if w.replicas > 1 {
				return replicaEvidence{w.replicas, rules.Location{File: w.file.Path, Line: w.line, Column: 3}, fmt.Sprintf("compose service %s runs %d replicas", w.name, w.replicas)}, true
			}
			continue
		}
		if w.replicas > 1 || w.scaler != nil {
			n := manifest.Key(manifest.Get(w.obj.Node, "spec"), "replicas")
			if n == nil {
				n = w.obj.Node
			}
			how := fmt.Sprintf("%s %s runs %d replicas", strings.ToLower(w.kind), w.name, w.replicas)
			if w.scaler != nil {
				how = fmt.Sprintf("%s %s is autoscaled up to %d replicas", strings.ToLower(w.kind), w.name, w.replicas)
			}
			return replicaEvidence{w.replicas, w.obj.Pos(n).Location(), how}, true
		}
	}
	return replicaEvidence{}, false
}

func (m *model) correlate(findings []rules.Finding, results map[*analysis.Analyzer][]actionResult) []rules.Finding {
	var out []rules.Finding
	sticky := map[string][]rules.Finding{}
	for _, f := range findings {
		if f.Category == rules.Sticky && f.Service != "" {
			sticky[f.Service] = append(sticky[f.Service], f)
		}
	}
	crutched := map[string]bool{}
	for _, f := range findings {
		if f.Service == "" || f.Package == "" {
			continue
		}
		rep, replicated := m.replicasOf(f.Service)
		if !replicated {
			continue
		}
		here := rules.Related{Location: f.Location, Message: f.Message}
		switch {
		case f.Category == rules.Session && len(sticky[f.Service]) == 0:
			c := rules.NewFinding(SessionsLostAcrossReplicas, f.Location,
				fmt.Sprintf("sessions kept in process memory are lost between replicas: %s", rep.how))
			c.Service, c.Package = f.Service, f.Package
			c.Related = []rules.Related{{Location: rep.at, Message: rep.how}}
			out = append(out, c)
		case f.Category == rules.Session:
			for _, s := range sticky[f.Service] {
				key := s.File + fmt.Sprint(s.Line)
				if crutched[key] {
					continue
				}
				crutched[key] = true
				c := rules.NewFinding(StickySessionCrutch, s.Location,
					fmt.Sprintf("sticky sessions hide in-memory sessions of %s: they are lost when a pod restarts or scales in", f.Service))
				c.Service = f.Service
				c.Related = []rules.Related{here, {Location: rep.at, Message: rep.how}}
				out = append(out, c)
			}
		case f.Rule == "per-instance-rate-limit" || f.Rule == "connection-registry":
			what := "each replica enforces its own limit, so clients get the rate times the replica count"
			if f.Rule == "connection-registry" {
				what = "broadcasts reach only the clients connected to the same replica"
			}
			c := rules.NewFinding(ReplicatedProcessState, f.Location, fmt.Sprintf("%s: %s", what, rep.how))
			c.Service, c.Package = f.Service, f.Package
			c.Related = []rules.Related{{Location: rep.at, Message: rep.how}}
			out = append(out, c)
		}
	}
	out = append(out, m.correlateDisk(results)...)
	return out
}

// correlateDisk pairs the paths Go code writes with the volumes mounted there.
func (m *model) correlateDisk(results map[*analysis.Analyzer][]actionResult) []rules.Finding {
	var out []rules.Finding
	for a, rs := range results {
		if a.Name != localdisk.Analyzer.Name {
			continue
		}
		for _, ar := range rs {
			res, ok := ar.Result.(*localdisk.Result)
			if !ok {
				continue
			}
			for _, w := range res.Writes {
				if !strings.HasPrefix(w.Path, "/") || strings.HasPrefix(w.Path, "/tmp") {
					continue
				}
				// Only writes on a serving path: a one-shot export loses
				// nothing a service relies on.
				svcName, aside := m.goPlace(ar.Pkg.PkgPath, ar.Pkg.Fset, w.Pos)
				s := m.svcs[svcName]
				if aside != "" || s == nil || len(s.workloads) == 0 {
					continue
				}
				loc := position(m.absRoot, ar.Pkg.Fset, w.Pos)
				for _, wl := range s.workloads {
					if wl.pod == nil {
						continue
					}
					kind, at := mountAt(wl.pod, w.Path)
					var msg string
					switch kind {
					case "emptyDir":
						msg = fmt.Sprintf("%s writes %s onto an emptyDir of %s %s: the data is lost when the pod goes", w.Call, w.Path, strings.ToLower(wl.kind), wl.name)
					case "":
						msg = fmt.Sprintf("%s writes %s into the container's writable layer of %s %s: nothing is mounted there, the data is lost on restart", w.Call, w.Path, strings.ToLower(wl.kind), wl.name)
						at = wl.obj.Node
					default:
						continue
					}
					c := rules.NewFinding(EphemeralDataPath, loc, msg)
					c.Service, c.Package = svcName, ar.Pkg.PkgPath
					c.Related = []rules.Related{{Location: wl.obj.Pos(at).Location(), Message: fmt.Sprintf("%s %s mounts %s", strings.ToLower(wl.kind), wl.name, describeMount(kind))}}
					out = append(out, c)
					break
				}
			}
		}
	}
	return out
}

func describeMount(kind string) string {
	if kind == "" {
		return "nothing at that path"
	}
	return "an " + kind + " there"
}

// mountAt names the kind of volume mounted over p in a workload's pod
// ("emptyDir", "persistentVolumeClaim", …, "volumeClaimTemplate", or "" for
// nothing) and returns the mountPath node.
func mountAt(pod *manifest.Pod, p string) (string, *yaml.Node) {
	mt, vol := pod.MountAt(p)
	switch {
	case mt == nil:
		return "", nil
	case vol == nil:
		return "volumeClaimTemplate", mt.PathKey
	}
	return vol.Source, mt.PathKey
}
