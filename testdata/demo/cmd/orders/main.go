// Command orders records orders, on the pod's own disk.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
	"path/filepath"
)

const dataDir = "/var/lib/orders"

func place(w http.ResponseWriter, r *http.Request) {
	f, err := os.OpenFile(filepath.Join(dataDir, "orders.jsonl"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	json.NewEncoder(f).Encode(map[string]string{"sku": r.FormValue("sku")})
}

func main() {
	http.HandleFunc("/orders", place)
	log.Fatal(http.ListenAndServe(":8081", nil))
}
