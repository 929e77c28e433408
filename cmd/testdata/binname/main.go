// Command binname serves; its Dockerfile builds it as notes-server, which
// names the service better than the module's /v3 suffix would.
package main

import "net/http"

func main() { _ = http.ListenAndServe(":8080", nil) }
