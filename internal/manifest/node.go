package manifest

import (
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Get walks mapping keys from n and returns the value node at the end of the
// path, or nil. Aliases are followed.
func Get(n *yaml.Node, path ...string) *yaml.Node {
	for _, key := range path {
		_, v := lookup(n, key)
		if v == nil {
			return nil
		}
		n = v
	}
	return n
}

// Key returns the key node for key in mapping n (its position is where a
// finding about the setting belongs), or nil.
func Key(n *yaml.Node, key string) *yaml.Node {
	k, _ := lookup(n, key)
	return k
}

func lookup(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], deref(n.Content[i+1])
		}
	}
	return nil, nil
}

// maxAliasChain bounds how many aliases deref follows in a row. yaml.v3
// cannot produce an alias of an alias, but a hand-built tree could, and an
// alias may point at a node that contains it (`a: &a [*a]` parses): no
// helper of this file ever follows aliases recursively, each call looks one
// level down, so an alias bomb costs what its text costs.
const maxAliasChain = 16

func deref(n *yaml.Node) *yaml.Node {
	for depth := 0; n != nil && n.Kind == yaml.AliasNode && depth < maxAliasChain; depth++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 && n.Content[0].Kind != yaml.DocumentNode {
		return deref(n.Content[0])
	}
	return n
}

// Walk calls fn for n and every node below it, in document order; when fn
// returns false the node's children are skipped. Walk does not follow
// aliases (fn sees the alias node itself), so it visits every node of the
// text once however many times anchors are referenced, and it keeps its own
// stack, so deep nesting cannot overflow the goroutine's.
func Walk(n *yaml.Node, fn func(*yaml.Node) bool) {
	if n == nil {
		return
	}
	stack := []*yaml.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == nil || !fn(n) || n.Kind == yaml.AliasNode {
			continue
		}
		for i := len(n.Content) - 1; i >= 0; i-- {
			stack = append(stack, n.Content[i])
		}
	}
}

// Pairs returns the key and value nodes of mapping n.
func Pairs(n *yaml.Node) [][2]*yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([][2]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, [2]*yaml.Node{n.Content[i], deref(n.Content[i+1])})
	}
	return out
}

// Items returns the elements of sequence n.
func Items(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = deref(c)
	}
	return out
}

// Str returns a scalar's value, or "".
func Str(n *yaml.Node) string {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// Int returns a scalar's integer value.
func Int(n *yaml.Node) (int, bool) {
	v, err := strconv.Atoi(Str(n))
	return v, err == nil
}

// Bool returns a scalar's boolean value ("true", "True", "yes" …).
func Bool(n *yaml.Node) (bool, bool) {
	switch Str(n) {
	case "true", "True", "TRUE", "yes", "Yes", "on", "On":
		return true, true
	case "false", "False", "FALSE", "no", "No", "off", "Off":
		return false, true
	}
	return false, false
}

// Annotations returns the object's metadata.annotations node (a mapping) or nil.
func (o *Object) Annotations() *yaml.Node { return Get(o.Node, "metadata", "annotations") }

// Labels returns the object's metadata.labels node or nil.
func (o *Object) Labels() *yaml.Node { return Get(o.Node, "metadata", "labels") }

// Annotation returns the key node and value of an annotation.
func (o *Object) Annotation(key string) (*yaml.Node, string, bool) {
	ann := o.Annotations()
	k, v := lookup(ann, key)
	if k == nil {
		return nil, "", false
	}
	return k, Str(v), true
}

// Pos returns the position of node n in the object's file.
func (o *Object) Pos(n *yaml.Node) Pos {
	if n == nil {
		n = o.Node
	}
	return At(o.File, n)
}

// Workload kinds whose pods the checks inspect.
var workloadKinds = map[string]bool{
	"Deployment": true, "StatefulSet": true, "DaemonSet": true, "ReplicaSet": true,
	"ReplicationController": true, "Pod": true, "Job": true, "CronJob": true,
	"DeploymentConfig": true, "Rollout": true,
}

// IsWorkload reports whether the object runs pods.
func (o *Object) IsWorkload() bool { return workloadKinds[o.Kind] }

// PodSpec returns the pod spec of a workload, or nil.
func (o *Object) PodSpec() *yaml.Node {
	switch o.Kind {
	case "Pod":
		return Get(o.Node, "spec")
	case "CronJob":
		return Get(o.Node, "spec", "jobTemplate", "spec", "template", "spec")
	}
	if !o.IsWorkload() {
		return nil
	}
	return Get(o.Node, "spec", "template", "spec")
}

// Replicas returns spec.replicas, with Kubernetes' default of 1 when it is
// absent; ok is false when the value is templated or not a number.
func (o *Object) Replicas() (n int, ok bool) {
	r := Get(o.Node, "spec", "replicas")
	if r == nil {
		return 1, true
	}
	return Int(r)
}

// Containers returns the containers and init containers of a pod spec.
func Containers(podSpec *yaml.Node) []*yaml.Node {
	out := Items(Get(podSpec, "containers"))
	return append(out, Items(Get(podSpec, "initContainers"))...)
}
