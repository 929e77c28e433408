// Command newergo asks for a Go newer than any installed: the audit must
// still analyse it, with the installed toolchain, and say so.
package main

import "net/http"

var sessions = map[string]string{}

func main() {
	http.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		sessions[r.FormValue("session_id")] = r.FormValue("user")
	})
	_ = http.ListenAndServe(":8080", nil)
}
