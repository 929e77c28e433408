package manifest

import (
	"fmt"
	"strings"
)

// maxApacheDepth bounds the nesting of sections.
const maxApacheDepth = 64

// parseApache reads an Apache httpd configuration. Every directive line
// becomes a Directive with its words as Args; a section
// `<Proxy "balancer://app"> … </Proxy>` becomes a Directive named "<Proxy"
// (the name as written, with its `<`) whose Args are the section's
// arguments and whose Block holds the directives up to the matching close
// tag. Words are split the way httpd splits them: blanks separate, double or
// single quotes group (a backslash escapes the quote inside), a backslash at
// the end of a line continues it, and a line whose first word starts with
// `#` is a comment. httpd has no trailing comments, but a `#` word after a
// blank ends the line here too, so that annotated examples read as meant.
// Directive and section names are case-insensitive in httpd: compare them
// with strings.EqualFold.
//
// A section not closed, a close tag that matches no open section, a section
// line without its `>` and an unterminated quote are Errors at their line;
// the directives around them are kept.
func parseApache(f *File, data []byte) []Error {
	var errs []Error
	errorf := func(line int, format string, args ...any) {
		errs = append(errs, Error{File: f.Path, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	var open []*Directive // the sections enclosing the current line
	add := func(d *Directive) {
		if n := len(open); n > 0 {
			d.Parent = open[n-1]
			open[n-1].Block = append(open[n-1].Block, d)
			return
		}
		f.Directives = append(f.Directives, d)
	}
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		line, startLine := strings.TrimSuffix(lines[i], "\r"), i+1
		// A backslash at the very end continues the line.
		if strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			var b strings.Builder
			for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
				b.WriteString(line[:len(line)-1])
				i++
				line = strings.TrimSuffix(lines[i], "\r")
			}
			b.WriteString(line)
			line = b.String()
		}
		text := strings.TrimLeft(line, " \t")
		if text == "" || text[0] == '#' {
			continue
		}
		col := len(line) - len(text) + 1
		if strings.HasPrefix(text, "</") {
			name := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text[2:]), ">"))
			n := len(open)
			switch {
			case n == 0:
				errorf(startLine, "%s without matching <%s> section", "</"+name+">", name)
			case !strings.EqualFold(open[n-1].Name[1:], name):
				// Close the nearest section of that name if there is one, so
				// one typo does not swallow the rest of the file.
				errorf(startLine, "</%s> closes section <%s opened on line %d", name, open[n-1].Name[1:], open[n-1].Line)
				for j := n - 1; j >= 0; j-- {
					if strings.EqualFold(open[j].Name[1:], name) {
						open = open[:j]
						break
					}
				}
			default:
				open = open[:n-1]
			}
			continue
		}
		if text[0] == '<' {
			body := strings.TrimRight(text, " \t")
			if !strings.HasSuffix(body, ">") {
				errorf(startLine, "section %s is missing its closing \">\"", firstWord(body))
				body += ">"
			}
			words, err := apacheWords(body[1 : len(body)-1])
			if err != "" {
				errorf(startLine, "%s", err)
			}
			if len(words) == 0 {
				errorf(startLine, "section without a name")
				continue
			}
			d := &Directive{Name: "<" + words[0], Args: words[1:], Line: startLine, Column: col, Block: []*Directive{}}
			add(d)
			if len(open) >= maxApacheDepth {
				// Real configs nest a few levels; this is garbage. Stop
				// before the section stack makes the parse quadratic.
				errorf(startLine, "sections nested more than %d deep", maxApacheDepth)
				return errs
			}
			open = append(open, d)
			continue
		}
		words, err := apacheWords(text)
		if err != "" {
			errorf(startLine, "%s", err)
		}
		if len(words) == 0 {
			continue
		}
		add(&Directive{Name: words[0], Args: words[1:], Line: startLine, Column: col})
	}
	for _, d := range open {
		errorf(d.Line, "section %s> opened on line %d is not closed by </%s>", d.Name, d.Line, d.Name[1:])
	}
	return errs
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

// apacheWords splits a directive line into words the way httpd's
// ap_getword_conf does, dropping a trailing ` # …` comment.
func apacheWords(s string) (words []string, err string) {
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			return words, ""
		}
		if s[i] == '#' && len(words) > 0 {
			return words, ""
		}
		if q := s[i]; q == '"' || q == '\'' {
			var b strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != q; j++ {
				if s[j] == '\\' && j+1 < len(s) && (s[j+1] == q || s[j+1] == '\\') {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return append(words, b.String()), "unterminated quoted string"
			}
			words = append(words, b.String())
			i = j + 1
			continue
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' {
			j++
		}
		words = append(words, s[i:j])
		i = j
	}
}
