package composestate

import (
	"strings"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// DockerfileVolume is an image that declares a volume.
var DockerfileVolume = rules.Register(&rules.Rule{
	ID:              "dockerfile-volume",
	Title:           "VOLUME instruction in a Dockerfile",
	Category:        rules.Disk,
	Characteristics: []rules.Characteristic{rules.FaultTolerance},
	Practice:        rules.ExternalizeState,
	Severity:        rules.Note,
	Source:          rules.ManifestSource,
	Summary:         "Notes Dockerfile VOLUME instructions, in JSON-array or plain form, which declare that the image keeps data on the container's host.",
	Rationale: `` + "`VOLUME /data`" + ` tells the runtime that the image writes data worth keeping
under that path. Docker creates an anonymous volume on the host for every
container: the data stays on that host, a new container starts with an empty
one, and the volumes pile up. On its own it is a note — the evidence is
stronger when the service's code writes there. Images built on a backing
service (FROM postgres, redis …) are stateful by design and say so.`,
	Fires:       []string{"`VOLUME /data`", "`VOLUME [\"/var/lib/app\", \"/var/log/app\"]`"},
	Quiet:       []string{"`RUN mkdir /data`", "a comment that mentions VOLUME"},
	Remediation: "Write durable data to a backing service or object storage instead of a local path, and remove the VOLUME instruction.",
})

func checkDockerfile(f *manifest.File, r manifest.Reporter) {
	base := "" // the backing service the current stage is built on
	for _, d := range f.Directives {
		switch d.Name {
		case "FROM":
			base = ""
			for _, a := range d.Args {
				if !strings.HasPrefix(a, "--") { // skip --platform=…
					base, _ = manifest.BackingImage(a)
					break
				}
			}
		case "VOLUME":
			if len(d.Args) == 0 {
				continue
			}
			msg := "image declares VOLUME " + strings.Join(d.Args, " ") + "; data written there stays on the container's host"
			if base != "" {
				msg = "image based on " + base + " declares VOLUME " + strings.Join(d.Args, " ") + "; backing service, stateful by design"
			}
			r.Report(DockerfileVolume, manifest.DirectivePos(f, d), msg)
		}
	}
}
