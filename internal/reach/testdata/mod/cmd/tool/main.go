// Command tool never serves: it is not a service.
package main

import "example.com/reachmod/store"

func main() { _ = store.Export("dump.json") }
