package manifest

import "strings"

// backingImages maps the last path element of an image repository to the
// backing service it runs. Exporters, UIs and operators of the same
// products (redis_exporter, mongo-express, kafka-ui) are not listed: they
// keep no data.
var backingImages = map[string]string{
	"postgres": "postgres", "postgresql": "postgres", "postgresql-repmgr": "postgres",
	"postgis": "postgres", "timescaledb": "postgres", "timescaledb-ha": "postgres",
	"mysql": "mysql", "mysql-server": "mysql", "percona-server": "mysql",
	"mariadb": "mariadb", "mariadb-galera": "mariadb",
	"mongo": "mongo", "mongodb": "mongo", "mongodb-sharded": "mongo", "percona-server-mongodb": "mongo",
	"redis": "redis", "redis-cluster": "redis", "redis-stack": "redis", "redis-stack-server": "redis", "redis-sentinel": "redis",
	"valkey": "valkey", "valkey-cluster": "valkey",
	"memcached": "memcached",
	"kafka":     "kafka", "cp-kafka": "kafka", "cp-server": "kafka",
	"rabbitmq": "rabbitmq",
	"nats":     "nats", "nats-streaming": "nats",
	"elasticsearch": "elasticsearch", "elasticsearch-oss": "elasticsearch",
	"opensearch": "opensearch",
	"etcd":       "etcd",
	"zookeeper":  "zookeeper", "cp-zookeeper": "zookeeper",
	"cassandra":  "cassandra",
	"minio":      "minio",
	"clickhouse": "clickhouse", "clickhouse-server": "clickhouse",
}

// BackingImage reports whether a container image runs a backing service
// (a database, cache, broker or object store that is stateful by design)
// and which one. It looks at the repository's last path element, ignoring
// the registry, the tag and the digest, so `docker.io/bitnami/postgresql:16`,
// `postgres@sha256:…` and `registry.example.com/mirror/redis:7-alpine` all
// match. A templated image (Helm) never matches.
func BackingImage(image string) (name string, ok bool) {
	if image == "" || IsTemplated(image) {
		return "", false
	}
	repo := ImageName(image)
	name, ok = backingImages[repo]
	return name, ok
}

// ImageName is an image reference's repository name without registry, path,
// tag or digest, lower-cased: "ghcr.io/acme/Shop-Frontend:1.2@sha256:…" →
// "shop-frontend". Images are matched to Go services and backing services by it.
func ImageName(image string) string {
	repo := strings.ToLower(image)
	if i := strings.IndexByte(repo, '@'); i >= 0 {
		repo = repo[:i]
	}
	if i := strings.LastIndexByte(repo, '/'); i >= 0 {
		repo = repo[i+1:]
	}
	if i := strings.IndexByte(repo, ':'); i >= 0 {
		repo = repo[:i]
	}
	return repo
}
