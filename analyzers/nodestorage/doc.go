// Package nodestorage defines the manifest check that finds data kept on one
// node or in one container: storage that stops a workload from scaling out
// or from surviving the loss of a node.
//
// # Check nodestorage
//
// nodestorage: report node-local and container-local state in Kubernetes manifests
//
// It reads pod templates of every workload kind (Deployment, StatefulSet,
// DaemonSet, ReplicaSet, Job, CronJob, Pod, Argo Rollout, OpenShift
// DeploymentConfig) together with the PersistentVolumeClaims,
// PersistentVolumes and autoscalers of the whole set, and reports:
//
//   - hostPath directories mounted writable to keep data (host-path-volume);
//     hostPaths read-only, of configuration (a single file, a path under
//     /etc) or of the node's sockets and system directories are notes
//     (host-path-read-only); DaemonSets, one pod per node by design, are
//     not reported;
//   - PersistentVolumes with spec.local or spec.hostPath
//     (local-persistent-volume);
//   - ReadWriteOnce and ReadWriteOncePod claims mounted by a workload with
//     more than one replica or an autoscaler (HorizontalPodAutoscaler, KEDA
//     ScaledObject) (rwo-claim-replicated), claims resolved across files by
//     namespace and name;
//   - StatefulSets of applications (stateful-application); those of backing
//     services, and their claims, are a note (backing-service-storage);
//   - backing services whose data directory is an emptyDir or no volume at
//     all (ephemeral-backing-data), unless they run so that they keep no
//     data (Redis with persistence off, a sentinel, a coordinating search
//     node) or run the image's client tools (a migration Job);
//   - emptyDir volumes at durable-looking paths such as /data or /var/lib/app
//     (emptydir-durable-data);
//   - application containers without readOnlyRootFilesystem
//     (writable-root-filesystem);
//   - pods pinned to a node by nodeName, a kubernetes.io/hostname selector
//     or required affinity, or a hostPort (node-pinned);
//   - claims and hostPath directories mounted by two workloads
//     (shared-volume, category other).
//
// Backing services are recognised by image (see manifest.BackingImage), by
// a well-known data directory they mount (manifest.BackingDataPath) and by
// the chart their labels name (manifest.BackingChart); what a container
// does with the image is read by manifest.BackingRole, and what a mount
// holds by manifest.MountShape. In Helm templates, values set by `{{ … }}` are unknown:
// messages say "set by the chart", and a rule whose verdict depends on such a
// value (replicas, a claim name, a mount path) stays quiet.
package nodestorage
