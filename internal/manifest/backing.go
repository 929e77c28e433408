package manifest

import (
	"path"
	"strings"
)

// backingService is a product whose job is to hold data that other services
// rely on: a database, cache, broker, search index, object or
// configuration store. Applications backed by one (Keycloak, Grafana,
// Jaeger) are not backing services.
type backingService struct {
	name string
	// images are repository names: the last path element ("postgres") or,
	// for names too generic to stand alone, owner/name ("mssql/server").
	images []string
	// data are the directories the image keeps its data in by default;
	// none for services that keep nothing on disk unless told to
	// (memcached, Hazelcast, Mosquitto) or whose data is telemetry.
	data []string
}

// backingServices is the catalogue, in the order ambiguous data paths are
// resolved (/var/lib/mysql is mysql's before mariadb's). Exporters, UIs,
// operators and proxies of the same products (redis_exporter,
// mongo-express, kafka-ui, pgbouncer) keep no data and are not listed.
var backingServices = []backingService{
	{"postgres", []string{"postgres", "postgresql", "postgresql-repmgr", "postgis", "timescaledb", "timescaledb-ha", "pgvector", "citus", "crunchy-postgres"},
		[]string{"/var/lib/postgresql/data", "/var/lib/postgresql", "/home/postgres/pgdata", "/bitnami/postgresql"}},
	{"mysql", []string{"mysql", "mysql-server", "percona", "percona-server", "percona-xtradb-cluster"}, []string{"/var/lib/mysql", "/bitnami/mysql"}},
	{"mariadb", []string{"mariadb", "mariadb-galera"}, []string{"/var/lib/mysql", "/bitnami/mariadb", "/bitnami/mariadb-galera"}},
	{"mssql", []string{"mssql/server", "azure-sql-edge"}, []string{"/var/opt/mssql"}},
	{"mongo", []string{"mongo", "mongodb", "mongodb-sharded", "percona-server-mongodb", "mongodb-community-server", "mongodb-enterprise-server"},
		[]string{"/data/db", "/data/configdb", "/bitnami/mongodb"}},
	{"redis", []string{"redis", "redis-cluster", "redis-stack", "redis-stack-server", "redis-sentinel"}, []string{"/data", "/bitnami/redis"}},
	{"valkey", []string{"valkey", "valkey-cluster", "valkey-sentinel"}, []string{"/data", "/bitnami/valkey"}},
	{"keydb", []string{"keydb"}, []string{"/data"}},
	{"dragonfly", []string{"dragonfly"}, []string{"/data"}},
	{"memcached", []string{"memcached"}, nil},
	{"hazelcast", []string{"hazelcast", "hazelcast-enterprise"}, nil},
	{"kafka", []string{"kafka", "kafka-native", "cp-kafka", "cp-server", "cp-enterprise-kafka"}, []string{"/var/lib/kafka/data", "/var/lib/kafka", "/kafka", "/bitnami/kafka"}},
	{"redpanda", []string{"redpanda"}, []string{"/var/lib/redpanda/data"}},
	{"pulsar", []string{"pulsar", "pulsar-all"}, []string{"/pulsar/data"}},
	{"rabbitmq", []string{"rabbitmq"}, []string{"/var/lib/rabbitmq", "/bitnami/rabbitmq"}},
	{"activemq", []string{"activemq", "activemq-classic"}, []string{"/opt/apache-activemq/data", "/opt/activemq/data"}},
	{"artemis", []string{"activemq-artemis", "artemis"}, []string{"/var/lib/artemis-instance"}},
	{"emqx", []string{"emqx"}, []string{"/opt/emqx/data"}},
	{"mosquitto", []string{"eclipse-mosquitto", "mosquitto"}, nil},
	{"nats", []string{"nats", "nats-streaming"}, nil}, // data only with JetStream: see BackingRole
	{"elasticsearch", []string{"elasticsearch", "elasticsearch-oss"}, []string{"/usr/share/elasticsearch/data", "/bitnami/elasticsearch"}},
	{"opensearch", []string{"opensearch"}, []string{"/usr/share/opensearch/data", "/bitnami/opensearch"}},
	{"solr", []string{"solr"}, []string{"/var/solr"}},
	{"meilisearch", []string{"meilisearch"}, []string{"/meili_data"}},
	{"typesense", []string{"typesense"}, nil},
	{"qdrant", []string{"qdrant"}, []string{"/qdrant/storage"}},
	{"weaviate", []string{"weaviate"}, []string{"/var/lib/weaviate"}},
	{"milvus", []string{"milvus"}, []string{"/var/lib/milvus"}},
	{"etcd", []string{"etcd"}, []string{"/var/lib/etcd", "/etcd-data", "/var/run/etcd", "/bitnami/etcd"}},
	{"zookeeper", []string{"zookeeper", "cp-zookeeper"}, []string{"/data", "/datalog", "/var/lib/zookeeper", "/bitnami/zookeeper"}},
	{"consul", []string{"consul"}, []string{"/consul/data"}},
	{"vault", []string{"vault", "openbao"}, []string{"/vault/data", "/vault/file", "/openbao/data"}},
	{"cassandra", []string{"cassandra"}, []string{"/var/lib/cassandra", "/bitnami/cassandra"}},
	{"scylla", []string{"scylla", "scylla-enterprise"}, []string{"/var/lib/scylla"}},
	{"cockroach", []string{"cockroach", "cockroachdb"}, []string{"/cockroach/cockroach-data"}},
	{"yugabyte", []string{"yugabyte"}, nil},
	{"tidb", []string{"tidb", "tikv", "pingcap/pd"}, nil},
	// Every Vitess component works in /vt/vtdataroot; only a tablet's
	// MySQL keeps data there, so the directory does not mark data.
	{"vitess", []string{"vitess/lite", "vitess/vttablet", "vitess/mysqlctld"}, nil},
	{"clickhouse", []string{"clickhouse", "clickhouse-server"}, []string{"/var/lib/clickhouse", "/bitnami/clickhouse"}},
	{"clickhouse-keeper", []string{"clickhouse-keeper"}, []string{"/var/lib/clickhouse-keeper", "/var/lib/clickhouse"}},
	{"starrocks", []string{"starrocks/fe-ubuntu", "starrocks/be-ubuntu", "starrocks/cn-ubuntu", "starrocks/allin1-ubuntu"},
		[]string{"/opt/starrocks/fe/meta", "/opt/starrocks/be/storage"}},
	{"questdb", []string{"questdb"}, []string{"/var/lib/questdb"}},
	{"influxdb", []string{"influxdb"}, []string{"/var/lib/influxdb2", "/var/lib/influxdb", "/bitnami/influxdb"}},
	// Telemetry stores: backing services of the dashboards and alerts that
	// read them. Losing their data loses history, no client's state, so
	// no data directory is listed.
	{"prometheus", []string{"prometheus"}, nil},
	{"thanos", []string{"thanos"}, nil},
	{"loki", []string{"loki"}, nil},
	{"tempo", []string{"tempo"}, nil},
	{"mimir", []string{"mimir"}, nil},
	{"victoriametrics", []string{"victoria-metrics", "vmstorage"}, nil},
	{"neo4j", []string{"neo4j"}, []string{"/data"}},
	{"couchdb", []string{"couchdb"}, []string{"/opt/couchdb/data", "/bitnami/couchdb"}},
	{"couchbase", []string{"couchbase", "couchbase-server"}, []string{"/opt/couchbase/var"}},
	{"arangodb", []string{"arangodb"}, []string{"/var/lib/arangodb3"}},
	{"dgraph", []string{"dgraph", "dgraph/standalone"}, []string{"/dgraph"}},
	{"rethinkdb", []string{"rethinkdb"}, []string{"/data"}},
	{"surrealdb", []string{"surrealdb"}, nil},
	{"minio", []string{"minio"}, []string{"/data", "/export", "/bitnami/minio"}},
	{"openldap", []string{"openldap"}, []string{"/var/lib/ldap", "/etc/ldap/slapd.d", "/bitnami/openldap"}},
}

// backingImages maps image repository names to the service they run, and
// backingByName the services by name.
var (
	backingImages = map[string]string{}
	backingByName = map[string]*backingService{}
)

func init() {
	for i := range backingServices {
		s := &backingServices[i]
		backingByName[s.name] = s
		for _, img := range s.images {
			backingImages[img] = s.name
		}
	}
}

// BackingImage reports whether a container image runs a backing service
// (a database, cache, broker or object store that is stateful by design)
// and which one. It looks at the repository's last path element, ignoring
// the registry, the tag and the digest, so `docker.io/bitnami/postgresql:16`,
// `postgres@sha256:…` and `registry.example.com/mirror/redis:7-alpine` all
// match; names too generic to stand alone (`mcr.microsoft.com/mssql/server`)
// are matched with their owner. A templated image (Helm) never matches.
func BackingImage(image string) (name string, ok bool) {
	if image == "" || IsTemplated(image) {
		return "", false
	}
	if owner := imageOwner(image); owner != "" {
		if name, ok = backingImages[owner+"/"+ImageName(image)]; ok {
			return name, true
		}
	}
	name, ok = backingImages[ImageName(image)]
	return name, ok
}

// BackingDataPaths are the directories where backing service name (as
// BackingImage returns it) keeps its data by default; none for services
// that keep no data on disk unless configured to.
func BackingDataPaths(name string) []string {
	if s := backingByName[name]; s != nil {
		return s.data
	}
	return nil
}

// BackingDataPath names the backing service whose well-known data
// directory a container mounts at dir (/var/lib/postgresql/data,
// /bitnami/mongodb, /usr/share/elasticsearch/data …). Only directories
// that identify one product count: /data, which half the images use, does
// not. It recognises a backing service that runs from an image of another
// name (a private build or mirror).
func BackingDataPath(dir string) (string, bool) {
	dir = path.Clean("/" + dir)
	if rest, ok := strings.CutPrefix(dir, "/bitnami/"); ok {
		product, _, _ := strings.Cut(rest, "/")
		return BackingImage(product)
	}
	for _, s := range backingServices {
		for _, d := range s.data {
			if strings.Count(d, "/") < 2 || strings.HasPrefix(d, "/bitnami/") {
				continue // one segment (/data, /kafka): not distinctive
			}
			if dir == d || strings.HasPrefix(dir, d+"/") {
				return s.name, true
			}
		}
	}
	return "", false
}

// BackingChart names the backing service a Helm chart deploys, from the
// chart's name as Kubernetes labels carry it: `helm.sh/chart:
// postgresql-12.1.0` or `app.kubernetes.io/name: postgresql`.
func BackingChart(label string) (string, bool) {
	name := strings.ToLower(strings.TrimSpace(label))
	// Strip a version suffix: the last "-" followed by a digit or "v<digit>".
	for i := len(name) - 1; i > 0; i-- {
		if name[i] != '-' || i+1 >= len(name) {
			continue
		}
		rest := strings.TrimPrefix(name[i+1:], "v")
		if rest != "" && rest[0] >= '0' && rest[0] <= '9' && strings.Contains(rest, ".") {
			name = name[:i]
			break
		}
	}
	return BackingImage(name)
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

// imageOwner is the path element before the repository name
// ("docker.io/bitnami/redis" → "bitnami"), "" when there is none.
func imageOwner(image string) string {
	repo := strings.ToLower(image)
	if i := strings.IndexByte(repo, '@'); i >= 0 {
		repo = repo[:i]
	}
	i := strings.LastIndexByte(repo, '/')
	if i < 0 {
		return ""
	}
	repo = repo[:i]
	return repo[strings.LastIndexByte(repo, '/')+1:]
}

// Invocation is how a container starts its image, as far as the manifest
// says: the role of a container that runs a backing service's image is read
// from it.
type Invocation struct {
	// Image is the image reference.
	Image string
	// Name is the container's or the compose service's name.
	Name string
	// Command replaces the image's entrypoint (Kubernetes command, compose
	// entrypoint); Args are its arguments (Kubernetes args, compose
	// command). Nil when the image's own are used.
	Command, Args []string
	// Env holds the literal values of the environment.
	Env map[string]string
	// Configs are configuration texts the container is given inline: the
	// data of ConfigMaps it mounts, compose configs' content.
	Configs []string
	// OneShot is set for containers that run to completion: Jobs,
	// CronJobs, init containers.
	OneShot bool
}

// Role is what a container does with a backing service's image.
type Role struct {
	// Client is set when the container runs the image's client tools
	// (psql, redis-cli, pg_isready …) or runs to completion instead of
	// serving: a migration Job, an init container that waits for the
	// database. It keeps none of the service's data.
	Client bool
	// NoData says why the service, run this way, keeps no data of its own
	// ("persistence is off"); "" when it may.
	NoData string
	// Data are the directories it keeps data in: those the command line or
	// environment names (PGDATA, --dir, --dbpath …), then the image's
	// defaults.
	Data []string
}

// BackingRole reads from a container's invocation what it does with the
// image of backing service service (as BackingImage names it): serve and
// keep data, serve and keep none (Redis with persistence off, a sentinel,
// an Elasticsearch coordinating node, memcached, core NATS, Vault in dev
// mode), or act as a client.
func BackingRole(service string, inv Invocation) Role {
	words := shellWords(append(append([]string(nil), inv.Command...), inv.Args...))
	r := Role{Data: BackingDataPaths(service)}
	if imageOwner(inv.Image) == "bitnami" {
		// Bitnami images keep their data under /bitnami/<product>.
		var own, rest []string
		for _, d := range r.Data {
			if strings.HasPrefix(d, "/bitnami/") {
				own = append(own, d)
			} else {
				rest = append(rest, d)
			}
		}
		r.Data = append(own, rest...)
	}
	if inv.OneShot || runsClient(words) {
		return Role{Client: true}
	}
	if d := dataFlag(service, words, inv.Env); d != "" {
		r.Data = append([]string{d}, r.Data...)
	}
	switch service {
	case "memcached":
		r.NoData = "memcached keeps its items in memory only"
	case "redis", "valkey", "keydb", "dragonfly":
		r.NoData = redisNoData(inv, words)
	case "elasticsearch", "opensearch":
		if coordinatingOnly(words, inv.Env) {
			r.NoData = "a coordinating-only node keeps no data"
		}
	case "nats":
		r = natsRole(inv, words)
	case "vault":
		if len(words) == 0 || hasWord(words, "-dev") || inv.Env["VAULT_DEV_ROOT_TOKEN_ID"] != "" || inv.Env["BAO_DEV_ROOT_TOKEN_ID"] != "" {
			r.NoData = "dev mode keeps its data in memory"
		}
	}
	return r
}

// serverPrograms start a backing service; clientPrograms talk to one.
// Programs that do both (cockroach, vault, consul, clickhouse) are told
// apart by their subcommand in runsClient.
var (
	serverPrograms = set("docker-entrypoint.sh", "entrypoint.sh", "postgres", "postmaster", "pg_ctl", "pg_ctlcluster",
		"mysqld", "mysqld_safe", "mariadbd", "mongod", "mongos", "redis-server", "redis-sentinel", "valkey-server",
		"valkey-sentinel", "keydb-server", "dragonfly", "memcached", "kafka-server-start", "kafka-server-start.sh",
		"zookeeper-server-start", "zookeeper-server-start.sh", "zkserver.sh", "etcd", "minio", "clickhouse-server",
		"clickhouse-keeper", "rabbitmq-server", "elasticsearch", "opensearch", "cassandra", "scylla", "nats-server",
		"nats-streaming-server", "slapd", "influxd", "neo4j", "couchdb", "arangod", "rethinkdb", "solr", "solr-foreground",
		"meilisearch", "typesense-server", "qdrant", "weaviate", "milvus", "redpanda", "rpk", "pulsar", "emqx", "mosquitto")
	clientPrograms = set("psql", "pg_isready", "pg_dump", "pg_dumpall", "pg_restore", "pg_basebackup", "createdb", "dropdb",
		"createuser", "vacuumdb", "mysql", "mysqladmin", "mysqldump", "mysqlcheck", "mysqlimport", "mariadb",
		"mariadb-admin", "mariadb-dump", "mariadb-check", "mongosh", "mongo", "mongodump", "mongorestore", "mongoimport",
		"mongoexport", "redis-cli", "valkey-cli", "keydb-cli", "cqlsh", "nodetool", "kafka-topics", "kafka-topics.sh",
		"kafka-configs", "kafka-configs.sh", "kafka-acls", "kafka-acls.sh", "kafka-console-producer",
		"kafka-console-producer.sh", "kafka-console-consumer", "kafka-console-consumer.sh", "kafka-consumer-groups",
		"kafka-consumer-groups.sh", "kafka-storage", "kafka-storage.sh", "etcdctl", "etcdutl", "mc", "rabbitmqctl",
		"rabbitmqadmin", "clickhouse-client", "influx", "zkcli.sh", "ldapadd", "ldapmodify", "ldapsearch", "ldapdelete",
		"sqlcmd", "cypher-shell", "arangosh", "arangoimport", "arangodump", "arangorestore")
	// idlePrograms keep a container of the image alive without serving,
	// when they come first (a toolbox or debug container).
	idlePrograms = set("sleep", "tail", "true", "cat")
	// multiPrograms serve under the listed subcommands and act as clients
	// under any other.
	multiPrograms = map[string]map[string]bool{
		"cockroach":  set("start", "start-single-node"),
		"vault":      set("server"),
		"bao":        set("server"),
		"consul":     set("agent"),
		"clickhouse": set("server", "keeper"),
	}
	shells = set("sh", "bash", "ash", "dash", "zsh", "env", "exec", "tini", "dumb-init", "gosu", "su-exec", "-c", "--",
		"set", "-e", "-ex", "-ec", "-eu", "-eux", "-euo", "-o", "pipefail", "until", "while", "if", "then", "do")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// runsClient reports whether a command line runs the image's client tools
// (or idles) rather than its server. An empty command line, one that starts
// with a flag (passed to the image's entrypoint) or one that names a server
// program anywhere runs the server; so does one this cannot read (a script
// of the image's own).
func runsClient(words []string) bool {
	first, client := "", false
	for i, w := range words {
		prog := strings.ToLower(path.Base(w))
		if first == "" && !shells[prog] {
			if strings.HasPrefix(w, "-") {
				return false // flags for the image's entrypoint
			}
			first = prog
		}
		if serve, ok := multiPrograms[prog]; ok && i+1 < len(words) {
			if serve[words[i+1]] {
				return false
			}
			client = true
			continue
		}
		if serverPrograms[prog] {
			return false
		}
		client = client || clientPrograms[prog]
	}
	return client || idlePrograms[first]
}

// dataFlag returns the data directory a command line or environment sets.
func dataFlag(service string, words []string, env map[string]string) string {
	if service == "postgres" && env["PGDATA"] != "" {
		return env["PGDATA"]
	}
	flags := map[string][]string{
		"redis": {"--dir"}, "valkey": {"--dir"}, "keydb": {"--dir"}, "dragonfly": {"--dir"},
		"mysql": {"--datadir"}, "mariadb": {"--datadir"}, "mongo": {"--dbpath"},
		"etcd": {"--data-dir"}, "consul": {"-data-dir", "--data-dir"}, "typesense": {"--data-dir"},
		"nats": {"-sd", "--store_dir"}, "cockroach": {"--store", "-s"},
	}[service]
	for _, f := range flags {
		if v, ok := flagValue(words, f); ok && v != "" {
			if service == "cockroach" {
				v = cockroachStore(v)
			}
			return v
		}
	}
	return ""
}

// cockroachStore reads the path out of --store=path=/x,size=… or --store=/x.
func cockroachStore(v string) string {
	for _, part := range strings.Split(v, ",") {
		if p, ok := strings.CutPrefix(part, "path="); ok {
			return p
		}
	}
	if strings.Contains(v, "=") {
		return ""
	}
	return v
}

// flagValue finds `--flag value` or `--flag=value`.
func flagValue(words []string, flag string) (string, bool) {
	for i, w := range words {
		if w == flag && i+1 < len(words) {
			return words[i+1], true
		}
		if v, ok := strings.CutPrefix(w, flag+"="); ok {
			return v, true
		}
	}
	return "", false
}

func hasWord(words []string, w string) bool {
	for _, x := range words {
		if x == w {
			return true
		}
	}
	return false
}

// redisNoData says why a Redis-compatible server keeps no data: it is a
// sentinel, or both snapshots (`save ""`) and the append-only file are off,
// on its command line, in an inline configuration or in the Bitnami
// image's environment.
func redisNoData(inv Invocation, words []string) string {
	if strings.Contains(ImageName(inv.Image), "sentinel") || strings.Contains(strings.ToLower(inv.Name), "sentinel") ||
		hasWord(words, "--sentinel") || hasWord(words, "redis-sentinel") || hasWord(words, "valkey-sentinel") {
		return "a sentinel keeps no data"
	}
	saveOff, aofOn := false, false
	for i, w := range words {
		switch {
		case w == "--save" && i+1 < len(words) && words[i+1] == "":
			saveOff = true
		case w == "--appendonly" && i+1 < len(words):
			aofOn = strings.EqualFold(words[i+1], "yes")
		}
	}
	for _, text := range inv.Configs {
		for _, line := range strings.Split(text, "\n") {
			f := shellWords([]string{strings.TrimSpace(line)})
			switch {
			case len(f) == 2 && f[0] == "save" && f[1] == "":
				saveOff = true
			case len(f) == 2 && f[0] == "appendonly":
				aofOn = strings.EqualFold(f[1], "yes")
			}
		}
	}
	// Bitnami images configure themselves from the environment, with the
	// append-only file on by default.
	if imageOwner(inv.Image) == "bitnami" {
		aofOn = true
	}
	for _, p := range []string{"REDIS_", "VALKEY_"} {
		if strings.EqualFold(inv.Env[p+"RDB_POLICY_DISABLED"], "yes") {
			saveOff = true
		}
		if v, ok := inv.Env[p+"AOF_ENABLED"]; ok {
			aofOn = !strings.EqualFold(v, "no")
		}
	}
	if saveOff && !aofOn {
		return "persistence is off (save \"\", no append-only file)"
	}
	return ""
}

// coordinatingOnly reports whether an Elasticsearch or OpenSearch node is
// neither data nor master-eligible (master-eligible nodes keep the cluster
// state on disk): node.data=false and node.master=false in the environment
// (also as NODE_DATA, NODE_MASTER) or -E flags, a node.roles list without
// data or master roles, or Bitnami's coordinating node type.
func coordinatingOnly(words []string, env map[string]string) bool {
	settings := map[string]string{}
	for k, v := range env {
		// node.data, NODE_DATA, and Bitnami's ELASTICSEARCH_NODE_ROLES or
		// OPENSEARCH_NODE_ROLES all say the same.
		k = strings.ToLower(strings.ReplaceAll(k, "_", "."))
		k = strings.TrimPrefix(strings.TrimPrefix(k, "elasticsearch."), "opensearch.")
		settings[k] = v
	}
	if settings["node.type"] == "coordinating" {
		return true // Bitnami's ELASTICSEARCH_NODE_TYPE
	}
	for _, w := range words {
		if kv, ok := strings.CutPrefix(w, "-E"); ok {
			k, v, _ := strings.Cut(kv, "=")
			settings[strings.ToLower(k)] = v
		}
	}
	if roles, ok := settings["node.roles"]; ok {
		for _, role := range strings.FieldsFunc(roles, func(r rune) bool { return strings.ContainsRune("[], \"'", r) }) {
			if strings.HasPrefix(role, "data") || role == "master" || role == "cluster_manager" {
				return false
			}
		}
		return true
	}
	return strings.EqualFold(settings["node.data"], "false") && strings.EqualFold(settings["node.master"], "false")
}

// natsRole: core NATS keeps nothing; JetStream (-js, --jetstream, or a
// jetstream block in an inline configuration) keeps its streams in the
// store directory, /tmp/nats/jetstream unless -sd says otherwise. NATS
// Streaming keeps data only with a file store.
func natsRole(inv Invocation, words []string) Role {
	if strings.Contains(ImageName(inv.Image), "streaming") {
		if v, _ := flagValue(words, "--store"); v == "file" || hasWord(words, "-st") && hasWord(words, "file") {
			dir, _ := flagValue(words, "--dir")
			if dir == "" {
				dir, _ = flagValue(words, "-dir")
			}
			return Role{Data: []string{dir}}
		}
		return Role{NoData: "NATS Streaming keeps its messages in memory"}
	}
	js := hasWord(words, "-js") || hasWord(words, "--jetstream")
	for _, text := range inv.Configs {
		js = js || strings.Contains(text, "jetstream")
	}
	if !js {
		return Role{NoData: "core NATS keeps no data (JetStream is off)"}
	}
	dir := dataFlag("nats", words, nil)
	if dir == "" {
		dir = "/tmp/nats/jetstream"
	}
	return Role{Data: []string{dir}}
}

// shellWords splits each word of a command line the way a shell would
// (quotes, and `;`, `&`, `|` as separators), so that a script passed to
// `sh -c` and a Redis option given as one argument (`--save ”`) read as
// words. A quoted empty string stays an empty word.
func shellWords(in []string) []string {
	var out []string
	for _, s := range in {
		if s == "" {
			out = append(out, "")
			continue
		}
		var cur strings.Builder
		inWord := false
		var quote rune
		flush := func() {
			if inWord {
				out = append(out, cur.String())
			}
			cur.Reset()
			inWord = false
		}
		for _, r := range s {
			switch {
			case quote != 0 && r == quote:
				quote = 0
			case quote != 0:
				cur.WriteRune(r)
			case r == '\'' || r == '"':
				quote, inWord = r, true
			case r == ' ' || r == '\t' || r == '\n' || r == ';' || r == '&' || r == '|' || r == '(' || r == ')':
				flush()
			default:
				cur.WriteRune(r)
				inWord = true
			}
		}
		flush()
	}
	return out
}
