package manifest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// dockerInstructions are the instructions a Dockerfile may hold.
var dockerInstructions = map[string]bool{
	"FROM": true, "RUN": true, "CMD": true, "LABEL": true, "MAINTAINER": true, "EXPOSE": true,
	"ENV": true, "ADD": true, "COPY": true, "ENTRYPOINT": true, "VOLUME": true, "USER": true,
	"WORKDIR": true, "ARG": true, "ONBUILD": true, "STOPSIGNAL": true, "HEALTHCHECK": true, "SHELL": true,
}

// heredocRE finds the here-documents an instruction opens (`<<EOF`, `<<-EOF`,
// `<<"EOF"`).
var heredocRE = regexp.MustCompile(`<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)(["']?)`)

// parseDockerfile reads a Dockerfile into one Directive per instruction, Name
// upper-cased, at the line and column of the instruction word. Lines ending
// in the escape character (`\`, or the one set by a `# escape=` parser
// directive) continue on the next line; comment lines, also those inside a
// continuation, are dropped; here-documents (`RUN <<EOF … EOF`) are skipped.
//
// Args are the elements of the JSON array for the exec form
// (`VOLUME ["/data", "/logs"]`), otherwise the blank-separated words
// (`VOLUME /data /logs`). A word that starts with `#` ends the arguments: in
// the shell form it is a shell comment, and elsewhere nobody means a volume
// or port called `#`.
//
// An unknown instruction, an instruction without arguments and an
// unterminated here-document are Errors at their lines.
func parseDockerfile(f *File, data []byte) []Error {
	var errs []Error
	lines := strings.Split(string(data), "\n")
	escape := byte('\\')
	directives := true // parser directives may only open the file
	for i := 0; i < len(lines); i++ {
		raw := strings.TrimRight(lines[i], " \t\r")
		trimmed := strings.TrimLeft(raw, " \t")
		if trimmed == "" {
			directives = false
			continue
		}
		if trimmed[0] == '#' {
			if directives {
				if v, ok := parserDirective(trimmed, "escape"); ok && (v == "`" || v == `\`) {
					escape = v[0]
				}
			}
			continue
		}
		directives = false
		start := i
		col := len(raw) - len(trimmed) + 1
		// The continued lines are joined in a builder: appending to a
		// string copies it each time, and a hostile file of 2 MB of
		// continuations took minutes.
		var joined strings.Builder
		part := trimmed
		for strings.HasSuffix(part, string(escape)) && i+1 < len(lines) {
			joined.WriteString(part[:len(part)-1])
			part = ""
			for i+1 < len(lines) {
				i++
				next := strings.TrimRight(lines[i], " \t\r")
				if t := strings.TrimLeft(next, " \t"); t == "" || t[0] == '#' {
					continue
				}
				joined.WriteByte(' ')
				part = strings.TrimLeft(next, " \t")
				break
			}
		}
		joined.WriteString(part)
		text := strings.TrimSuffix(joined.String(), string(escape))
		name, rest, _ := strings.Cut(text, " ")
		if n, r, ok := strings.Cut(name, "\t"); ok {
			name, rest = n, r+" "+rest
		}
		d := &Directive{Name: strings.ToUpper(name), Line: start + 1, Column: col, Args: dockerArgs(strings.TrimSpace(rest))}
		f.Directives = append(f.Directives, d)
		switch {
		case !dockerInstructions[d.Name]:
			errs = append(errs, Error{File: f.Path, Line: d.Line, Message: fmt.Sprintf("unknown instruction %q", name)})
		case len(d.Args) == 0 && !emptyExecForm(d.Name, rest):
			errs = append(errs, Error{File: f.Path, Line: d.Line, Message: fmt.Sprintf("%s requires at least one argument", d.Name)})
		}
		// Skip the bodies of here-documents, in order.
		for _, m := range heredocRE.FindAllStringSubmatch(text, -1) {
			if m[2] != m[4] {
				continue
			}
			word, dash := m[3], m[1] == "-"
			closed := false
			for i+1 < len(lines) {
				i++
				l := strings.TrimRight(lines[i], "\r")
				if dash {
					l = strings.TrimLeft(l, "\t")
				}
				if l == word {
					closed = true
					break
				}
			}
			if !closed {
				errs = append(errs, Error{File: f.Path, Line: d.Line, Message: fmt.Sprintf("here-document %q opened by %s is not terminated", word, d.Name)})
				break
			}
		}
	}
	return errs
}

// parserDirective reads `# key=value` from a comment line.
func parserDirective(comment, key string) (string, bool) {
	body := strings.TrimSpace(strings.TrimPrefix(comment, "#"))
	k, v, ok := strings.Cut(body, "=")
	if !ok || !strings.EqualFold(strings.TrimSpace(k), key) {
		return "", false
	}
	return strings.TrimSpace(v), true
}

// dockerArgs splits an instruction's arguments: a JSON array of strings for
// the exec form, blank-separated words otherwise.
func dockerArgs(rest string) []string {
	if strings.HasPrefix(rest, "[") {
		dec := json.NewDecoder(strings.NewReader(rest))
		var arr []string
		if err := dec.Decode(&arr); err == nil {
			tail := strings.TrimSpace(rest[dec.InputOffset():])
			if tail == "" || tail[0] == '#' {
				if arr == nil {
					arr = []string{}
				}
				return arr
			}
		}
	}
	words := strings.Fields(rest)
	for i, w := range words {
		if w[0] == '#' {
			words = words[:i]
			break
		}
	}
	if len(words) == 0 {
		return nil
	}
	return words
}

// emptyExecForm reports whether an instruction is the empty exec form that
// Docker accepts: `CMD []` (clears the command), `ENTRYPOINT []`.
func emptyExecForm(name, rest string) bool {
	switch name {
	case "CMD", "ENTRYPOINT":
		return strings.Join(strings.Fields(rest), "") == "[]"
	}
	return false
}
