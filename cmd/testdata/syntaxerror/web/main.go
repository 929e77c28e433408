package main

import "net/http"

var sessions = map[string]string{}

func login(w http.ResponseWriter, r *http.Request) { sessions[r.FormValue("id")] = "x" }

func main() {
	http.HandleFunc("/login", login)
	http.ListenAndServe(":8080", nil)
}
