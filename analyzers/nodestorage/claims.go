package nodestorage

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// RWOClaimReplicated is a single-attach volume shared by the replicas of a
// scaled workload.
var RWOClaimReplicated = rules.Register(&rules.Rule{
	ID:              "rwo-claim-replicated",
	Title:           "ReadWriteOnce claim on a replicated workload",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.Scalability, rules.FaultTolerance},
	Practice:        rules.ExternalizeState,
	Severity:        rules.Error,
	Source:          rules.ManifestSource,
	Summary:         "Reports PersistentVolumeClaims with access mode ReadWriteOnce or ReadWriteOncePod mounted by a Deployment, ReplicaSet or StatefulSet that has more than one replica or is scaled by an autoscaler.",
	Rationale: `A ReadWriteOnce volume attaches to one node at a time; a ReadWriteOncePod
volume to one pod. Every replica of a Deployment mounts the same claim, so the
replicas that land on another node stay Pending (or, for ReadWriteOncePod, all
but one do), and a rolling update can deadlock with the new pod waiting for the
old one's volume. The workload looks horizontally scalable but is not: its
state lives on one disk.

The claim is resolved across files by namespace and name; a claim defined
outside the audited files is not reported.`,
	Fires: []string{
		"a Deployment with `replicas: 3` mounting `persistentVolumeClaim: {claimName: uploads}` whose claim has `accessModes: [ReadWriteOnce]`",
		"the same Deployment with one replica but a HorizontalPodAutoscaler whose `scaleTargetRef` names it",
	},
	Quiet: []string{
		"a ReadWriteOnce claim on a Deployment with `replicas: 1` and no autoscaler",
		"a ReadWriteMany claim on a Deployment with `replicas: 3`",
		"StatefulSet `volumeClaimTemplates` (one claim per pod)",
		"replicas set by a Helm value",
	},
	Remediation: "Move the data to a backing service, or use a ReadWriteMany storage class, or give each replica its own claim with a StatefulSet.",
})

// SharedVolume couples workloads through the same files.
var SharedVolume = rules.Register(&rules.Rule{
	ID:              "shared-volume",
	Title:           "Volume shared between workloads",
	Category:        rules.Other,
	Characteristics: []rules.Characteristic{rules.IndependentAndIsolated, rules.FaultTolerance},
	Practice:        rules.BackingServices,
	Severity:        rules.Warning,
	Source:          rules.ManifestSource,
	Summary:         "Reports a PersistentVolumeClaim or a hostPath directory mounted by two different workloads.",
	Rationale: `Two workloads that read and write the same files are one service split in two:
they share a schema nobody owns (file layout, locking, formats), they cannot be
deployed or scaled independently, and a bug or a full disk in one breaks the
other. A backing service with an API (a database, a queue, an object store)
makes the contract explicit.`,
	Fires: []string{
		"a Deployment `api` and a CronJob `report` both mounting `claimName: shared-data`",
		"two Deployments mounting `hostPath: {path: /srv/exchange}`",
	},
	Quiet: []string{
		"containers of the same pod sharing a volume",
		"claims with the same name in different namespaces",
		"workloads mounting the node's logs, sockets, system directories or configuration files",
		"claim names set by a Helm value",
	},
	Remediation: "Give the data one owner and let the other workloads reach it through that service's API or a backing service.",
})

func checkClaims(ix *index, w *workload, r manifest.Reporter) {
	why, rel, ok := replicated(ix, w)
	if !ok {
		return
	}
	for _, v := range w.VolumeOrder {
		if v.Source != "persistentVolumeClaim" || len(w.MountsByVolume[v.Name]) == 0 {
			continue
		}
		nameNode := manifest.Get(v.Node, "persistentVolumeClaim", "claimName")
		name := manifest.Str(nameNode)
		if name == "" || manifest.IsTemplated(name) {
			continue
		}
		pvc := ix.Claim(manifest.Namespace(w.Object), name)
		if pvc == nil {
			continue
		}
		modesKey := manifest.Key(manifest.Get(pvc.Node, "spec"), "accessModes")
		mode := singleAttach(manifest.Items(manifest.Get(pvc.Node, "spec", "accessModes")))
		if mode == "" {
			continue
		}
		consequence := "replicas on other nodes cannot mount it"
		if mode == "ReadWriteOncePod" {
			consequence = "only one pod can mount it"
		}
		related := []rules.Related{related(pvc, modesKey, "claim "+name+" is "+mode)}
		if rel != nil {
			related = append(related, *rel)
		}
		r.Report(RWOClaimReplicated, w.Object.Pos(manifest.Key(manifest.Get(v.Node, "persistentVolumeClaim"), "claimName")),
			describe(w.Object)+" "+why+" but claim "+name+" is "+mode+": "+consequence, related...)
	}
}

// singleAttach returns the claim's single-attach mode when it has no mode
// that allows several nodes.
func singleAttach(modes []*yaml.Node) string {
	single := ""
	for _, m := range modes {
		switch s := manifest.Str(m); s {
		case "ReadWriteOnce", "ReadWriteOncePod":
			if single != "ReadWriteOncePod" {
				single = s
			}
		default:
			return "" // ReadWriteMany, ReadOnlyMany, or set by the chart
		}
	}
	return single
}

// scalable are the kinds whose replicas share the volumes of their pod
// template.
var scalable = map[string]bool{
	"Deployment": true, "ReplicaSet": true, "ReplicationController": true,
	"DeploymentConfig": true, "Rollout": true, "StatefulSet": true,
}

// replicated says why w runs several pods at once ("has 3 replicas", "is
// scaled by horizontalpodautoscaler web"); ok is false when it does not or
// the count is set by the chart.
func replicated(ix *index, w *workload) (why string, rel *rules.Related, ok bool) {
	if !scalable[w.Object.Kind] {
		return "", nil, false
	}
	if s := ix.Scaler(w.Object); s != nil {
		rl := related(s, manifest.Key(manifest.Get(s.Node, "spec"), "scaleTargetRef"), describe(s)+" scales it")
		return "is scaled by " + describe(s), &rl, true
	}
	if n, ok := w.Object.Replicas(); ok && n > 1 {
		return "has " + strconv.Itoa(n) + " replicas", nil, true
	}
	return "", nil, false
}

type share struct {
	w   *workload
	key *yaml.Node
}

func checkShared(ix *index, r manifest.Reporter) {
	first := map[string]share{}
	for _, w := range ix.workloads {
		for _, v := range w.VolumeOrder {
			if len(w.MountsByVolume[v.Name]) == 0 {
				continue
			}
			var id, what string
			var key *yaml.Node
			switch v.Source {
			case "persistentVolumeClaim":
				name := manifest.Str(manifest.Get(v.Node, "persistentVolumeClaim", "claimName"))
				if name == "" || manifest.IsTemplated(name) {
					continue
				}
				ns := manifest.Namespace(w.Object)
				if pvc := ix.Claim(ns, name); pvc != nil {
					ns = manifest.Namespace(pvc)
				}
				id, what = "claim "+ns+"/"+name, "claim "+name
				key = manifest.Key(manifest.Get(v.Node, "persistentVolumeClaim"), "claimName")
			case "hostPath":
				p := manifest.Str(manifest.Get(v.Node, "hostPath", "path"))
				if p == "" || manifest.IsTemplated(p) || hostPathUse(v, w.MountsByVolume[v.Name]) != manifest.UseData {
					continue
				}
				id, what = "hostPath "+cleanPath(p), "hostPath "+cleanPath(p)
				key = v.SourceKey
			default:
				continue
			}
			f, seen := first[id]
			if !seen {
				first[id] = share{w, key}
				continue
			}
			if f.w == w {
				continue
			}
			r.Report(SharedVolume, w.Object.Pos(key), describe(w.Object)+" shares "+what+" with "+describe(f.w.Object)+": the two are coupled through their files",
				related(f.w.Object, f.key, describe(f.w.Object)+" mounts "+what+" here"))
		}
	}
}
