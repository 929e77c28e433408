package main

import "net/http"

// routes is filled at start-up only: not state.
var routes = map[string]http.HandlerFunc{}

func hello(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello " + r.FormValue("name"))) }

func main() {
	routes["/hello"] = hello
	for p, h := range routes {
		http.HandleFunc(p, h)
	}
	http.ListenAndServe(":8080", nil)
}
