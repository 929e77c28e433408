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
//     `/abs:/y`, `~/x:/y`, `${VAR:-./x}:/y`, long form type: bind) on
//     services that do not run a backing-service image, where data may be
//     kept; read-only mounts, single files, configuration, sockets and
//     system directories, caches and the project's own sources are quiet
//     (manifest.MountShape);
//   - compose-replicated-volume (disk, warning): writable named volumes of
//     application services with deploy.replicas (or scale) above one, unless
//     the volume is declared on a network driver or an nfs/cifs mount;
//   - compose-backing-volume (disk, note): the storage of a backing service
//     (postgres, mysql, redis, kafka … as told by manifest.BackingImage or
//     the data directory it mounts), stateful by design; not for services
//     run so that they keep no data or as clients (manifest.BackingRole);
//   - dockerfile-volume (disk, note): VOLUME instructions in JSON-array or
//     plain form, worded as stateful by design when the stage is built FROM a
//     backing-service image.
package composestate
