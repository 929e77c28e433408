// Command flagapp serves unless a flag or an argument asks for a one-shot job.
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
)

var (
	genKeys = flag.Bool("gen-keys", false, "generate keys and exit")
	verbose = flag.Bool("v", false, "log more")
	dump    bool
)

func init() { flag.BoolVar(&dump, "dump", false, "dump the state and exit") }

func main() {
	flag.Parse()
	if *genKeys {
		_ = os.WriteFile("keys.pem", nil, 0o600) // want:oneshot:-gen-keys
		return
	}
	if dump {
		writeDump() // want:oneshot:-dump
		os.Exit(0)
	}
	switch flag.Arg(0) {
	case "migrate":
		migrate()
		return
	}
	if *verbose {
		setupLog() // want:serving
	}
	if err := os.MkdirAll("/var/lib/flagapp", 0o755); err != nil { // want:serving
		log.Fatal(err)
	}
	log.Fatal(http.ListenAndServe(":8080", nil))
}

func writeDump() { _ = os.WriteFile("dump.json", nil, 0o644) } // want:oneshot:-dump

func migrate() { _ = os.WriteFile("migrated", nil, 0o644) } // want:oneshot:migrate

func setupLog() {} // want:serving
