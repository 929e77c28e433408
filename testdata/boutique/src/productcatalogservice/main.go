// Command productcatalogservice serves a catalog read from a file shipped in
// the image: read-only, so stateless.
package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	catalog, err := os.ReadFile("products.json")
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/products", func(w http.ResponseWriter, r *http.Request) { w.Write(catalog) })
	log.Fatal(http.ListenAndServe(":3550", nil))
}
