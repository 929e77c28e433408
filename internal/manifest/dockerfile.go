package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/command"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// parseDockerfile reads a Dockerfile with BuildKit's own parser — the one
// `docker build` uses — into one Directive per instruction, Name upper-cased,
// at the line of the instruction and the column of its first character.
// Parser directives (`# syntax=`, `# escape=`), line continuations, comments
// inside them and here-documents are read exactly as Docker reads them.
//
// Args are the instruction's arguments as BuildKit splits them: the elements
// of the JSON array for the exec form (`VOLUME ["/data", "/logs"]`), the
// blank-separated words of the instructions that take a list (`VOLUME /data
// /logs`, `EXPOSE 80 443`), or the whole command of a shell-form RUN, CMD or
// ENTRYPOINT. The bodies of a RUN's here-documents follow its arguments, so
// a `go build` inside `RUN <<EOF … EOF` is seen.
//
// A file BuildKit refuses is an Error at the line it gives; an instruction
// Docker does not know, and one without arguments (other than the empty
// exec form `CMD []`), are Errors at their lines, the rest of the file kept.
func parseDockerfile(f *File, data []byte) []Error {
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return []Error{{File: f.Path, Line: errorLine(err), Message: firstLine(err.Error())}}
	}
	lines := splitLines(data)
	var errs []Error
	for _, n := range res.AST.Children {
		d := &Directive{Name: strings.ToUpper(n.Value), Line: n.StartLine, Column: 1}
		if n.StartLine >= 1 && n.StartLine <= len(lines) {
			l := lines[n.StartLine-1]
			d.Column = len(l) - len(strings.TrimLeft(l, " \t")) + 1
		}
		for a := n.Next; a != nil; a = a.Next {
			d.Args = append(d.Args, a.Value)
		}
		for _, h := range n.Heredocs {
			d.Args = append(d.Args, h.Content)
		}
		f.Directives = append(f.Directives, d)
		switch _, known := command.Commands[strings.ToLower(n.Value)]; {
		case !known:
			errs = append(errs, Error{File: f.Path, Line: d.Line, Message: fmt.Sprintf("unknown instruction %q", strings.Fields(n.Original + " ")[0])})
		case len(d.Args) == 0 && !(n.Attributes["json"] && (d.Name == "CMD" || d.Name == "ENTRYPOINT" || d.Name == "SHELL")):
			// `CMD []` clears an inherited command; Docker accepts it.
			errs = append(errs, Error{File: f.Path, Line: d.Line, Message: fmt.Sprintf("%s requires at least one argument", d.Name)})
		}
	}
	return errs
}

// errorLine is the line BuildKit gives a parse error, or 0.
func errorLine(err error) int {
	var le *parser.LocationError
	if errors.As(err, &le) {
		for _, loc := range le.Locations {
			for _, r := range loc {
				if r.Start.Line > 0 {
					return r.Start.Line
				}
			}
		}
	}
	return 0
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
