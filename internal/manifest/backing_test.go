package manifest

import "testing"

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
	} {
		if got := isBacking(image); got != want {
			t.Errorf("IsBackingImage(%q) = %v, want %v", image, got, want)
		}
	}
}
