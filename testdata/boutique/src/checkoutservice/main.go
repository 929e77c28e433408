// Command checkoutservice places orders. This fixture adds what a real
// checkout service often grows: an idempotency map and a receipt log on the
// pod's disk.
package main

import (
	"log"
	"net/http"
	"os"
	"sync"
)

var (
	mu sync.Mutex
	// placed remembers order tokens per user to make retries idempotent.
	placed = map[string]string{}
)

func placeOrder(w http.ResponseWriter, r *http.Request) {
	user := r.Header.Get("X-User-ID")
	mu.Lock()
	placed[user] = r.FormValue("token")
	mu.Unlock()
	f, err := os.OpenFile("/var/lib/checkout/receipts.log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err == nil {
		f.WriteString(user + "\n")
		f.Close()
	}
}

func main() {
	http.HandleFunc("/checkout", placeOrder)
	log.Fatal(http.ListenAndServe(":5050", nil))
}
