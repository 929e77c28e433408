// Command frontend serves the shop's web UI. Like the upstream Online
// Boutique frontend it keeps no session on the server: a session ID cookie
// goes to the client, and the cart lives in cartservice (backed by Redis).
package main

import (
	"crypto/rand"
	"encoding/hex"
	"log"
	"net/http"
	"os"
)

const cookieSessionID = "shop_session-id"

func ensureSessionID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie(cookieSessionID); err == http.ErrNoCookie {
			b := make([]byte, 16)
			rand.Read(b)
			http.SetCookie(w, &http.Cookie{Name: cookieSessionID, Value: hex.EncodeToString(b), MaxAge: 172800})
		}
		next.ServeHTTP(w, r)
	})
}

func home(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("products from " + os.Getenv("PRODUCT_CATALOG_SERVICE_ADDR")))
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", home)
	log.Fatal(http.ListenAndServe(":"+os.Getenv("PORT"), ensureSessionID(mux)))
}
