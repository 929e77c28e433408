package manifest

import "strings"

// Index answers the cross-file questions of manifests: which claim a volume
// refers to, which autoscaler scales a workload.
type Index struct {
	claims map[string][]*Object // by name
	// scalers maps "namespace/Kind/name" of a scale target to its autoscaler.
	scalers map[string]*Object
}

// NewIndex indexes the claims and autoscalers (HorizontalPodAutoscaler and
// KEDA ScaledObject) of a set. Autoscalers whose maximum is 1 scale nothing
// and are left out.
func NewIndex(set *Set) *Index {
	ix := &Index{claims: map[string][]*Object{}, scalers: map[string]*Object{}}
	for _, o := range set.Objects() {
		switch {
		case o.Kind == "PersistentVolumeClaim":
			ix.claims[o.Name] = append(ix.claims[o.Name], o)
		case o.Kind == "HorizontalPodAutoscaler" || o.Kind == "ScaledObject" && strings.HasPrefix(o.APIVersion, "keda.sh/"):
			ref := Get(o.Node, "spec", "scaleTargetRef")
			kind := Str(Get(ref, "kind"))
			if kind == "" {
				kind = "Deployment" // KEDA's default
			}
			if max, ok := ScalerMax(o); ok && max <= 1 {
				continue
			}
			ix.scalers[Namespace(o)+"/"+kind+"/"+Str(Get(ref, "name"))] = o
		}
	}
	return ix
}

// Namespace is an object's namespace, "" when unset or set by a chart.
// Manifests often leave the namespace to `kubectl -n`, so "" matches any.
func Namespace(o *Object) string {
	if IsTemplated(o.Namespace) {
		return ""
	}
	return o.Namespace
}

// Claim finds the PersistentVolumeClaim name that a workload in namespace
// ns refers to. A claim without a namespace matches any.
func (ix *Index) Claim(ns, name string) *Object {
	var loose *Object
	for _, c := range ix.claims[name] {
		switch cns := Namespace(c); {
		case cns == ns:
			return c
		case (cns == "" || ns == "") && loose == nil:
			loose = c
		}
	}
	return loose
}

// Scaler returns the autoscaler targeting workload o, or nil.
func (ix *Index) Scaler(o *Object) *Object {
	ns := Namespace(o)
	if s := ix.scalers[ns+"/"+o.Kind+"/"+o.Name]; s != nil {
		return s
	}
	if ns != "" {
		return ix.scalers["/"+o.Kind+"/"+o.Name]
	}
	return nil
}

// ScalerMax is an autoscaler's maximum replica count (HPA maxReplicas, KEDA
// maxReplicaCount).
func ScalerMax(s *Object) (int, bool) {
	if n, ok := Int(Get(s.Node, "spec", "maxReplicas")); ok {
		return n, true
	}
	return Int(Get(s.Node, "spec", "maxReplicaCount"))
}
