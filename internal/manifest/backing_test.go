package manifest

import (
	"reflect"
	"testing"
)

func isBacking(image string) bool {
	_, ok := BackingImage(image)
	return ok
}

func TestIsBackingImage(t *testing.T) {
	for image, want := range map[string]bool{
		"postgres":                                             true,
		"postgres:16-alpine":                                   true,
		"docker.io/library/postgres:16":                        true,
		"bitnami/postgresql:16.3.0":                            true,
		"registry.example.com:5000/redis":                      true,
		"ghcr.io/valkey-io/valkey:8":                           true,
		"confluentinc/cp-kafka:7.6.0":                          true,
		"clickhouse/clickhouse-server:24":                      true,
		"docker.elastic.co/elasticsearch/elasticsearch:8.14.0": true,
		"quay.io/minio/minio@sha256:abc":                       true,
		"MySQL:8":                                              true,
		"oliver006/redis_exporter":                             false,
		"prometheuscommunity/postgres-exporter":                false,
		"mongo-express":                                        false,
		"provectuslabs/kafka-ui":                               false,
		"shop/orders:1":                                        false,
		"TPL_________________":                                 false,
		"":                                                     false,
		// Names too generic alone are matched with their owner.
		"mcr.microsoft.com/mssql/server:2022-latest": true,
		"example/server:1":                           false,
		"vitess/lite:v19":                            true,
		"example/lite:1":                             false,
		// Applications backed by a database are not backing services.
		"quay.io/keycloak/keycloak:24":    false,
		"jaegertracing/all-in-one:1.57":   false,
		"grafana/grafana:11":              false,
		"pgbouncer/pgbouncer:1.22":        false,
		"danielqsj/kafka-exporter:latest": false,
	} {
		if got := isBacking(image); got != want {
			t.Errorf("IsBackingImage(%q) = %v, want %v", image, got, want)
		}
	}
}

// TestBackingCatalogue checks the products the catalogue must know, by an
// image each is commonly run from.
func TestBackingCatalogue(t *testing.T) {
	for image, want := range map[string]string{
		"cockroachdb/cockroach:v24.1.0":               "cockroach",
		"quay.io/coreos/etcd:v3.5.13":                 "etcd",
		"opensearchproject/opensearch:2":              "opensearch",
		"rethinkdb:2.4":                               "rethinkdb",
		"hazelcast/hazelcast:5.4":                     "hazelcast",
		"percona/percona-xtradb-cluster:8.0":          "mysql",
		"bitnami/mariadb-galera:11":                   "mariadb",
		"osixia/openldap:1.5.0":                       "openldap",
		"bitnami/openldap:2.6":                        "openldap",
		"starrocks/allin1-ubuntu:3.2":                 "starrocks",
		"scylladb/scylla:5.4":                         "scylla",
		"cassandra:5":                                 "cassandra",
		"zookeeper:3.9":                               "zookeeper",
		"bitnami/kafka:3.7":                           "kafka",
		"apache/kafka:3.7.0":                          "kafka",
		"confluentinc/cp-server:7.6.0":                "kafka",
		"redpandadata/redpanda:v24.1.1":               "redpanda",
		"nats:2.10":                                   "nats",
		"minio/minio:latest":                          "minio",
		"hashicorp/consul:1.18":                       "consul",
		"hashicorp/vault:1.16":                        "vault",
		"influxdb:2.7":                                "influxdb",
		"prom/prometheus:v2.52.0":                     "prometheus",
		"neo4j:5":                                     "neo4j",
		"couchdb:3":                                   "couchdb",
		"couchbase:enterprise-7.6.1":                  "couchbase",
		"arangodb:3.12":                               "arangodb",
		"dgraph/dgraph:v23.1.0":                       "dgraph",
		"pingcap/tikv:v8.1.0":                         "tidb",
		"pingcap/pd:v8.1.0":                           "tidb",
		"yugabytedb/yugabyte:2.20":                    "yugabyte",
		"surrealdb/surrealdb:v1.5":                    "surrealdb",
		"getmeili/meilisearch:v1.8":                   "meilisearch",
		"typesense/typesense:26.0":                    "typesense",
		"solr:9":                                      "solr",
		"qdrant/qdrant:v1.9":                          "qdrant",
		"semitechnologies/weaviate:1.25":              "weaviate",
		"milvusdb/milvus:v2.4":                        "milvus",
		"apachepulsar/pulsar:3.2":                     "pulsar",
		"rabbitmq:3-management":                       "rabbitmq",
		"apache/activemq-classic:6.1":                 "activemq",
		"apache/activemq-artemis:2.33":                "artemis",
		"emqx/emqx:5.6":                               "emqx",
		"eclipse-mosquitto:2":                         "mosquitto",
		"memcached:1.6":                               "memcached",
		"docker.dragonflydb.io/dragonflydb/dragonfly": "dragonfly",
	} {
		if got, _ := BackingImage(image); got != want {
			t.Errorf("BackingImage(%q) = %q, want %q", image, got, want)
		}
	}
}

func TestBackingDataPath(t *testing.T) {
	for dir, want := range map[string]string{
		"/var/lib/postgresql/data":        "postgres",
		"/var/lib/postgresql/data/pgdata": "postgres",
		"/var/lib/mysql":                  "mysql",
		"/data/db":                        "mongo",
		"/bitnami/postgresql":             "postgres",
		"/bitnami/redis/data":             "redis",
		"/usr/share/elasticsearch/data":   "elasticsearch",
		"/var/lib/cassandra":              "cassandra",
		"/cockroach/cockroach-data":       "cockroach",
		"/var/lib/etcd":                   "etcd",
		"/var/lib/rabbitmq/mnesia":        "rabbitmq",
		"/var/lib/clickhouse":             "clickhouse",
		"/var/lib/clickhouse-keeper":      "clickhouse-keeper",
		"/var/lib/zookeeper":              "zookeeper",
		// Not distinctive: many images use them.
		"/data":                "",
		"/kafka":               "",
		"/var/lib/app":         "",
		"/bitnami/wordpress":   "",
		"/var/lib/postgresql2": "",
	} {
		got, ok := BackingDataPath(dir)
		if got != want || ok != (want != "") {
			t.Errorf("BackingDataPath(%q) = %q, %v; want %q", dir, got, ok, want)
		}
	}
}

func TestBackingChart(t *testing.T) {
	for label, want := range map[string]string{
		"postgresql-12.1.0":     "postgres",
		"postgresql":            "postgres",
		"redis-18.6.1":          "redis",
		"kafka-v26.0.0":         "kafka",
		"mongodb-sharded-7.0.0": "mongo",
		"orders-1.2.0":          "",
		"podinfo-6.5.4":         "",
		"redis-cart":            "",
	} {
		if got, _ := BackingChart(label); got != want {
			t.Errorf("BackingChart(%q) = %q, want %q", label, got, want)
		}
	}
}

func TestBackingRole(t *testing.T) {
	for _, tc := range []struct {
		name    string
		service string
		inv     Invocation
		want    Role
	}{
		{"server by default", "postgres", Invocation{Image: "postgres:16"},
			Role{Data: []string{"/var/lib/postgresql/data", "/var/lib/postgresql", "/home/postgres/pgdata", "/bitnami/postgresql"}}},
		{"PGDATA", "postgres", Invocation{Image: "postgres:16", Env: map[string]string{"PGDATA": "/pg/data"}},
			Role{Data: []string{"/pg/data", "/var/lib/postgresql/data", "/var/lib/postgresql", "/home/postgres/pgdata", "/bitnami/postgresql"}}},
		{"flags to the entrypoint", "postgres", Invocation{Args: []string{"-c", "max_connections=200"}},
			Role{Data: BackingDataPaths("postgres")}},
		{"psql", "postgres", Invocation{Command: []string{"psql", "-h", "db"}}, Role{Client: true}},
		{"pg_isready in a script", "postgres", Invocation{Command: []string{"sh", "-c", "until pg_isready -h db; do sleep 1; done"}}, Role{Client: true}},
		{"server in a script", "postgres", Invocation{Command: []string{"/bin/sh", "-c", "chown -R 999 /data && exec docker-entrypoint.sh postgres"}},
			Role{Data: BackingDataPaths("postgres")}},
		{"a custom script", "postgres", Invocation{Command: []string{"/scripts/start.sh"}}, Role{Data: BackingDataPaths("postgres")}},
		{"a Job", "mysql", Invocation{OneShot: true}, Role{Client: true}},
		{"idle toolbox", "redis", Invocation{Command: []string{"sleep", "infinity"}}, Role{Client: true}},
		{"cockroach sql", "cockroach", Invocation{Command: []string{"/cockroach/cockroach", "sql", "--insecure"}}, Role{Client: true}},
		{"cockroach start", "cockroach", Invocation{Args: []string{"start", "--store=path=/mnt/crdb,size=50%"}},
			Role{Data: []string{"/mnt/crdb", "/cockroach/cockroach-data"}}},
		{"redis no persistence", "redis", Invocation{Args: []string{"--save", "", "--appendonly", "no"}},
			Role{NoData: `persistence is off (save "", no append-only file)`, Data: BackingDataPaths("redis")}},
		{"redis one string", "redis", Invocation{Command: []string{`redis-server --save '' --appendonly no`}},
			Role{NoData: `persistence is off (save "", no append-only file)`, Data: BackingDataPaths("redis")}},
		{"redis literal quotes", "redis", Invocation{Args: []string{"--save", "''"}},
			Role{NoData: `persistence is off (save "", no append-only file)`, Data: BackingDataPaths("redis")}},
		{"redis aof", "redis", Invocation{Args: []string{"--save", "", "--appendonly", "yes"}}, Role{Data: BackingDataPaths("redis")}},
		{"redis snapshots", "redis", Invocation{Args: []string{"--save", "60", "1"}}, Role{Data: BackingDataPaths("redis")}},
		{"redis --dir", "redis", Invocation{Args: []string{"--dir", "/var/lib/redis"}}, Role{Data: append([]string{"/var/lib/redis"}, BackingDataPaths("redis")...)}},
		{"redis config", "redis", Invocation{Configs: []string{"maxmemory 64mb\nsave \"\"\nappendonly no\n"}},
			Role{NoData: `persistence is off (save "", no append-only file)`, Data: BackingDataPaths("redis")}},
		{"sentinel image", "redis", Invocation{Image: "bitnami/redis-sentinel:7"}, Role{NoData: "a sentinel keeps no data", Data: []string{"/bitnami/redis", "/data"}}},
		{"sentinel flag", "redis", Invocation{Args: []string{"/etc/s.conf", "--sentinel"}}, Role{NoData: "a sentinel keeps no data", Data: BackingDataPaths("redis")}},
		{"memcached", "memcached", Invocation{}, Role{NoData: "memcached keeps its items in memory only"}},
		{"es coordinating", "elasticsearch", Invocation{Env: map[string]string{"node.data": "false", "node.master": "false"}},
			Role{NoData: "a coordinating-only node keeps no data", Data: BackingDataPaths("elasticsearch")}},
		{"es data node", "elasticsearch", Invocation{Env: map[string]string{"node.roles": "data_hot,ingest"}}, Role{Data: BackingDataPaths("elasticsearch")}},
		{"es master", "elasticsearch", Invocation{Env: map[string]string{"NODE_DATA": "false"}}, Role{Data: BackingDataPaths("elasticsearch")}},
		{"es -E roles", "opensearch", Invocation{Args: []string{"-Enode.roles=[]"}},
			Role{NoData: "a coordinating-only node keeps no data", Data: BackingDataPaths("opensearch")}},
		{"bitnami coordinating", "elasticsearch", Invocation{Image: "bitnami/elasticsearch:8", Env: map[string]string{"ELASTICSEARCH_NODE_ROLES": ""}},
			Role{NoData: "a coordinating-only node keeps no data", Data: []string{"/bitnami/elasticsearch", "/usr/share/elasticsearch/data"}}},
		{"bitnami node type", "elasticsearch", Invocation{Env: map[string]string{"ELASTICSEARCH_NODE_TYPE": "coordinating"}},
			Role{NoData: "a coordinating-only node keeps no data", Data: BackingDataPaths("elasticsearch")}},
		{"core nats", "nats", Invocation{}, Role{NoData: "core NATS keeps no data (JetStream is off)"}},
		{"jetstream", "nats", Invocation{Args: []string{"--jetstream"}}, Role{Data: []string{"/tmp/nats/jetstream"}}},
		{"vault dev", "vault", Invocation{}, Role{NoData: "dev mode keeps its data in memory", Data: BackingDataPaths("vault")}},
		{"vault server", "vault", Invocation{Args: []string{"server"}}, Role{Data: BackingDataPaths("vault")}},
		{"vault agent", "vault", Invocation{Args: []string{"vault", "agent", "-config=/etc/agent.hcl"}}, Role{Client: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := BackingRole(tc.service, tc.inv); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("BackingRole = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestShellWords(t *testing.T) {
	got := shellWords([]string{"sh", "-c", `redis-server --save "" --appendonly no; echo 'a b'`, "", "''"})
	want := []string{"sh", "-c", "redis-server", "--save", "", "--appendonly", "no", "echo", "a b", "", ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("shellWords = %q, want %q", got, want)
	}
}
