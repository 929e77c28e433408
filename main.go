// Command stateaudit audits a system's architecture for statelessness.
//
// Run it in a repository (`stateaudit`), in CI (`stateaudit --format sarif`),
// or as a vet tool (`go vet -vettool=$(which stateaudit) ./...`). See README.md.
package main

import (
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/stateaudit/stateaudit/analyzers"
	"github.com/stateaudit/stateaudit/cmd"
)

func main() {
	if vetInvocation(os.Args[1:]) {
		// unitchecker parses the flags itself and exits.
		unitchecker.Main(analyzers.ForDrivers(analyzers.All())...)
	}
	os.Exit(cmd.Execute(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// vetInvocation reports whether go vet is driving us: it asks for the
// version (-V=full), for the analyzer flags (-flags), or hands over one
// package's config file (*.cfg), after any analyzer flags.
func vetInvocation(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "-V=full", "-V", "-flags":
		return true
	}
	// go vet passes analyzer flags, then the config file last.
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return false
		}
	}
	return strings.HasSuffix(args[len(args)-1], ".cfg")
}
