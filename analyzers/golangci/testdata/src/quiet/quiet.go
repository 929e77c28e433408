// Package quiet is the sessions fixture without want comments: with
// memory-session-map disabled it must report nothing.
package quiet

import "net/http"

var sessions = map[string]string{}

func login(w http.ResponseWriter, r *http.Request) {
	sessions[r.FormValue("id")] = r.FormValue("user")
}
