package main

import (
	"net/http"

	bolt "go.etcd.io/bbolt"
)

func main() {
	db, _ := bolt.Open("/var/lib/app/app.db", 0o600, nil)
	_ = db
	http.ListenAndServe(":8080", nil)
}
