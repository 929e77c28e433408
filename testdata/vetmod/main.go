package main

import "net/http"

var sessions = map[string]string{}

// tokens is suppressed: go vet must not report it.
var tokens = map[string]string{} //stateaudit:ignore memory-session-map cleared on every deploy, single replica by design

func login(w http.ResponseWriter, r *http.Request) {
	sessions[r.FormValue("id")] = "x"
	tokens[r.FormValue("id")] = "y"
}

func main() {
	http.HandleFunc("/login", login)
	http.ListenAndServe(":8080", nil)
}
