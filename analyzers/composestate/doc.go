// Package composestate defines a manifest Check that finds state in compose
// files and Dockerfiles.
//
// # Check composestate
//
// composestate: report sticky labels, DNS round-robin, host and named
// volumes in compose files, and VOLUME in Dockerfiles
//
// Rules:
//
//   - compose-sticky-label (sticky, warning): Traefik labels
//     traefik.http.services.<n>.loadbalancer.sticky.cookie[.*] and the v1
//     traefik.backend.loadbalancer.stickiness / …sticky, in the mapping and
//     the list (`- "key=value"`) form, under labels and deploy.labels;
//   - compose-dnsrr-endpoint (sticky, note): deploy.endpoint_mode: dnsrr;
//   - compose-bind-mount (disk, warning): writable bind mounts (`./x:/y`,
//     `/abs:/y`, `~/x:/y`, `${VAR}:/y`, long form type: bind) on services that
//     do not run a backing-service image; read-only mounts and sockets are
//     quiet;
//   - compose-replicated-volume (disk, warning): writable named volumes of
//     application services with deploy.replicas (or scale) above one, unless
//     the volume is declared on a network driver or an nfs/cifs mount;
//   - compose-backing-volume (disk, note): the storage of a backing service
//     (postgres, mysql, redis, kafka … as told by manifest.BackingImage),
//     stateful by design;
//   - dockerfile-volume (disk, note): VOLUME instructions in JSON-array or
//     plain form, worded as stateful by design when the stage is built FROM a
//     backing-service image.
package composestate
