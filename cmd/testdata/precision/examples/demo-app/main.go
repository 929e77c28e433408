// Command demo-app is an example client with its own session map.
package main

import "net/http"

var sessions = map[string]string{}

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		sessions[r.FormValue("session_id")] = "x"
	})
	_ = http.ListenAndServe(":9000", nil)
}
