package manifest

import (
	"fmt"
	"strings"
)

// haproxySections are the keywords that open a section of haproxy.cfg; every
// keyword line that follows belongs to the section until the next one.
var haproxySections = map[string]bool{
	"global": true, "defaults": true, "frontend": true, "backend": true, "listen": true,
	"peers": true, "resolvers": true, "userlist": true, "mailers": true, "program": true,
	"http-errors": true, "ring": true, "cache": true, "log-forward": true, "crt-store": true,
	"traces": true, "acme": true,
}

// parseHAProxy reads an HAProxy configuration. Each section keyword line
// (global, defaults, frontend, backend, listen, …) becomes a Directive whose
// Block holds the keyword lines that follow it. Words are split the way
// HAProxy splits them: blanks separate, `#` starts a comment, double quotes
// (with backslash escapes) and single quotes group.
//
// An unterminated quote is an Error at its line; a keyword before the first
// section is an Error but is kept as a top-level directive.
func parseHAProxy(f *File, data []byte) []Error {
	var errs []Error
	var section *Directive
	for i, raw := range strings.Split(string(data), "\n") {
		line := i + 1
		words, col, err := haproxyWords(raw)
		if err != "" {
			errs = append(errs, Error{File: f.Path, Line: line, Message: err})
		}
		if len(words) == 0 {
			continue
		}
		d := &Directive{Name: words[0], Args: words[1:], Line: line, Column: col}
		if haproxySections[d.Name] {
			section = d
			f.Directives = append(f.Directives, d)
			continue
		}
		if section == nil {
			errs = append(errs, Error{File: f.Path, Line: line, Message: fmt.Sprintf("keyword %q is outside any section", d.Name)})
			f.Directives = append(f.Directives, d)
			continue
		}
		d.Parent = section
		section.Block = append(section.Block, d)
	}
	return errs
}

// haproxyWords splits one line into words and returns the 1-based column of
// the first one, or a message when a quote is not closed.
func haproxyWords(line string) (words []string, col int, err string) {
	line = strings.TrimSuffix(line, "\r")
	var b strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, b.String())
			b.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			flush()
		case c == '#':
			flush()
			return words, col, ""
		case c == '\\' && i+1 < len(line):
			if !inWord && col == 0 {
				col = i + 1
			}
			i++
			b.WriteByte(line[i])
			inWord = true
		case c == '"' || c == '\'':
			if !inWord && col == 0 {
				col = i + 1
			}
			inWord = true
			j := i + 1
			for ; j < len(line) && line[j] != c; j++ {
				if c == '"' && line[j] == '\\' && j+1 < len(line) {
					j++
				}
				b.WriteByte(line[j])
			}
			if j >= len(line) {
				flush()
				return words, col, "unterminated quoted string"
			}
			i = j
		default:
			if !inWord && col == 0 {
				col = i + 1
			}
			b.WriteByte(c)
			inWord = true
		}
	}
	flush()
	return words, col, ""
}

// LooksHAProxy reports whether a config's text is HAProxy's rather than
// nginx's: some line opens a section (`backend app`, `listen stats`) at the
// start of the line, without the `;` or `{` an nginx directive or block
// would carry. nginx's `listen 80;` inside a server block does not count.
// Classify can use it to tell a `.conf` file's format.
func LooksHAProxy(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		if strings.ContainsAny(line, ";{}") {
			continue
		}
		words, col, _ := haproxyWords(line)
		if len(words) == 0 || col > 1 {
			continue
		}
		switch words[0] {
		case "global", "defaults":
			if len(words) == 1 || words[0] == "defaults" {
				return true
			}
		case "frontend", "backend", "listen":
			if len(words) >= 2 {
				return true
			}
		}
	}
	return false
}
