package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Everything a report holds comes from the audited tree — file names,
// service names, YAML values and Go literals quoted in messages, error
// messages — and stateaudit runs in CI on pull requests from strangers.
// What it prints reaches terminals, which obey escape sequences, and CI
// logs, whose runners obey commands: GitHub Actions reads a line that
// starts with "::" (after white space) as a workflow command and "##[" anywhere
// in a line as a logging command, Azure Pipelines "##vso[". Clean makes one
// value harmless; the line guard is the last filter on every line the text
// printers and the command line write. See docs/security.md.

// Clean returns s made safe to print as part of one line of a terminal or a
// CI log:
//
//   - control characters (C0, DEL, C1), Unicode line and paragraph
//     separators and bidirectional controls are shown as Go escapes (\n,
//     \x1b, \u0085, \u202e), and so are the bytes of invalid UTF-8 (\xff);
//   - "##[" and the like ("##vso[") become "#\x23[", which no runner reads;
//   - a leading "::" becomes "\x3a:", so s cannot start a workflow command.
//
// Ordinary text comes back unchanged, and Clean(Clean(s)) == Clean(s).
func Clean(s string) string { return clean(s, false) }

// cleanLines is Clean for text whose line breaks are meant (a multi-line
// error message): each line is cleaned, and CRLF becomes LF.
func cleanLines(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return Clean(s)
	}
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = Clean(l)
	}
	return strings.Join(lines, "\n")
}

// logCommand matches the start of a runner logging command anywhere in a
// line: "##[" (GitHub Actions), "##vso[" (Azure Pipelines), "##teamcity[".
var logCommand = regexp.MustCompile(`##([A-Za-z]*\[)`)

// clean is Clean; with keepSGR, the palette's own colour sequences pass.
func clean(s string, keepSGR bool) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if keepSGR && s[i] == 0x1b {
			if n := paletteSGR(s[i:]); n > 0 {
				b.WriteString(s[i : i+n])
				i += n
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case hidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	out := logCommand.ReplaceAllString(b.String(), `#\x23$1`)
	rest := strings.TrimLeftFunc(out, unicode.IsSpace)
	if strings.HasPrefix(rest, "::") {
		out = out[:len(out)-len(rest)] + `\x3a` + rest[1:]
	}
	return out
}

// isPlain reports whether clean has nothing to do: valid UTF-8 without
// control or hidden characters, no "##", no leading "::".
func isPlain(s string) bool {
	if strings.Contains(s, "##") || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || hidden(r) {
			return false
		}
	}
	return !strings.HasPrefix(strings.TrimLeftFunc(s, unicode.IsSpace), "::")
}

// hidden reports whether a terminal or a browser would act on r rather
// than show it: C1 controls (U+009B is CSI in 8-bit terminals), line and
// paragraph separators, and the bidirectional controls that reorder
// what a line appears to say.
func hidden(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x2028 || r == 0x2029:
		return true
	case r == 0x061c || r == 0x200e || r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// paletteSGR returns the length of the palette colour sequence s starts
// with, or 0: only the palette's own codes pass, never one that hides text.
func paletteSGR(s string) int {
	for _, code := range paletteCodes {
		if seq := "\x1b[" + code + "m"; strings.HasPrefix(s, seq) {
			return len(seq)
		}
	}
	return 0
}

// LineGuard passes text on line by line, each line cleaned the way Clean
// cleans a value (LF ends a line; with colours, the palette's own
// sequences pass). It is the last filter on what the text printers and the
// command line write, for the value that some code forgot to clean. It
// cannot tell a line break inside a value from the end of a line: values
// are cleaned with Clean before they are printed.
type LineGuard struct {
	w      io.Writer
	colors bool
	line   []byte
	err    error
}

// NewLineGuard returns a guard writing to w; colors lets the palette's
// colour sequences through. Call Flush at the end.
func NewLineGuard(w io.Writer, colors bool) *LineGuard {
	return &LineGuard{w: w, colors: colors}
}

func (g *LineGuard) Write(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			g.line = append(g.line, p...)
			break
		}
		g.line = append(g.line, p[:i]...)
		g.emit("\n")
		p = p[i+1:]
	}
	if g.err != nil {
		return 0, g.err
	}
	return n, nil
}

// Flush writes what is left of an unfinished line.
func (g *LineGuard) Flush() error {
	if len(g.line) > 0 && g.err == nil {
		g.emit("")
	}
	return g.err
}

func (g *LineGuard) emit(end string) {
	line := clean(string(g.line), g.colors) + end
	g.line = g.line[:0]
	if g.err == nil {
		_, g.err = io.WriteString(g.w, line)
	}
}

// guarded runs print with its output going through a line guard.
func guarded(w io.Writer, colors bool, print func(io.Writer) error) error {
	g := NewLineGuard(w, colors)
	err := print(g)
	if ferr := g.Flush(); err == nil {
		err = ferr
	}
	return err
}

// writeJSON writes v as indented JSON in which nothing a terminal or a
// runner acts on is left raw, although every value decodes to what it
// was: encoding/json escapes C0 controls and U+2028/9 already; here C1
// controls, DEL and bidirectional controls become \u escapes too, and
// "##[" (only ever inside a string) becomes "#\u0023[".
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(hardenJSON(buf.Bytes()))
	return err
}

func hardenJSON(doc []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(doc))
	for i := 0; i < len(doc); {
		r, size := utf8.DecodeRune(doc[i:])
		if r == 0x7f || hidden(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.Write(doc[i : i+size])
		}
		i += size
	}
	return logCommand.ReplaceAll(b.Bytes(), []byte(`#\u0023$1`))
}

// sanitized returns a deep copy of the report with every string in it —
// whatever field it is in, now or later — passed through clean. The
// printers that write lines for people and runners print this copy.
func (r *Report) sanitized(clean func(string) string) *Report {
	out := cleanValue(reflect.ValueOf(r).Elem(), clean)
	c := out.Interface().(Report)
	return &c
}

func cleanValue(v reflect.Value, clean func(string) string) reflect.Value {
	switch v.Kind() {
	case reflect.String:
		out := reflect.New(v.Type()).Elem()
		out.SetString(clean(v.String()))
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := 0; i < v.NumField(); i++ {
			if out.Field(i).CanSet() {
				out.Field(i).Set(cleanValue(v.Field(i), clean))
			}
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(cleanValue(v.Index(i), clean))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		iter := v.MapRange()
		for iter.Next() {
			out.SetMapIndex(cleanValue(iter.Key(), clean), cleanValue(iter.Value(), clean))
		}
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(cleanValue(v.Elem(), clean))
		return out
	}
	return v
}
