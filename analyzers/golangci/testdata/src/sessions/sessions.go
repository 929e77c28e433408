// Package sessions fires once: carts and tokens carry ignore comments,
// on the line above and on their own line.
package sessions

import "net/http"

var sessions = map[string]string{} // want `sessions are kept in process memory in package-level map sessions, written by handler login \(memory-session-map\)$`

func login(w http.ResponseWriter, r *http.Request) {
	sessions[r.FormValue("id")] = r.FormValue("user")
}

//stateaudit:ignore memory-session-map tokens are mirrored to redis by a sidecar
var carts = map[string]string{}

var tokens = map[string]string{} //stateaudit:ignore memory-session-map read-only after start

func token(w http.ResponseWriter, r *http.Request) {
	tokens[r.FormValue("id")] = r.FormValue("token")
}

func cart(w http.ResponseWriter, r *http.Request) {
	carts[r.FormValue("id")] = r.FormValue("item")
}
