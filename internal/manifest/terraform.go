package manifest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxHCLDepth bounds the nesting of blocks and of templates inside
// templates, so a hostile file cannot exhaust the stack.
const maxHCLDepth = 64

// parseTerraform reads a Terraform file (HCL native syntax) into Directives:
//
//   - a block `resource "aws_lb_target_group" "web" { … }` is a Directive
//     named "resource" whose Args are its labels and whose Block holds the
//     body; Block is never nil for a block, even an empty one;
//   - an attribute `enabled = false` is a Directive named "enabled" with
//     Args ["=", value] and a nil Block. The value is the string's text
//     when the expression is one quoted string or heredoc (escapes decoded,
//     `${…}` kept as written), and the expression's source text otherwise
//     (`false`, `86400`, `var.sticky`, `["a", "b"]`).
//
// TFAttr and TFBlocks read them. Comments (`#`, `//`, `/* */`), strings with
// escapes and `${…}` interpolations, heredocs (`<<EOF`, `<<-EOF`), and
// expressions spanning lines inside brackets are understood; no expression
// is evaluated.
//
// An unclosed block, bracket, string, heredoc or comment, a stray `}` and a
// line that is neither an attribute nor a block are Errors at their line;
// what was read before is kept.
func parseTerraform(f *File, data []byte) []Error {
	p := &hclParser{lx: hclLexer{src: string(data), line: 1, col: 1}, errorList: errorList{file: f.Path}}
	f.Directives = p.body(nil, 0)
	return p.errs
}

// TFAttr returns the attribute key of an HCL block (a Directive of a
// Terraform file) and its value, or nil when the block does not set it.
func TFAttr(block *Directive, key string) (*Directive, string) {
	for _, d := range block.Block {
		if d.Name == key && d.Block == nil && len(d.Args) == 2 && d.Args[0] == "=" {
			return d, d.Args[1]
		}
	}
	return nil, ""
}

// TFBlocks returns the nested blocks of an HCL block of the given type.
func TFBlocks(block *Directive, typ string) []*Directive {
	var out []*Directive
	for _, d := range block.Block {
		if d.Name == typ && d.Block != nil {
			out = append(out, d)
		}
	}
	return out
}

type hclParser struct {
	lx hclLexer
	errorList
}

// next returns the next token, turning a lexer error into an Error.
func (p *hclParser) next() hclToken {
	t := p.lx.next()
	if t.kind == hclBad {
		p.errorf(t.line, "%s", t.text)
	}
	return t
}

// body reads attributes and blocks until the `}` that closes parent (or the
// end of the file at top level).
func (p *hclParser) body(parent *Directive, depth int) []*Directive {
	out := []*Directive{}
	for {
		t := p.next()
		switch t.kind {
		case hclNewline, hclBad:
			continue
		case hclEOF:
			if parent != nil {
				p.errorf(parent.Line, "block %s opened on line %d is not closed by \"}\"", parent.Name, parent.Line)
			}
			return out
		case hclPunct:
			if t.text == "}" {
				if parent != nil {
					return out
				}
				p.errorf(t.line, "unexpected \"}\"")
				continue
			}
		}
		if t.kind != hclIdent {
			p.errorf(t.line, "expected an attribute or a block, found %s", t.describe())
			p.skipLine()
			continue
		}
		d := &Directive{Name: t.text, Line: t.line, Column: t.col, Parent: parent}
		n := p.next()
		if n.kind == hclPunct && n.text == "=" {
			d.Args = []string{"=", p.expr(d)}
			out = append(out, d)
			continue
		}
		// Block labels, then "{".
		for n.kind == hclString || n.kind == hclIdent {
			d.Args = append(d.Args, n.text)
			n = p.next()
		}
		if n.kind != hclPunct || n.text != "{" {
			p.errorf(n.line, "expected \"=\" or a block's \"{\" after %s, found %s", d.Name, n.describe())
			if n.kind != hclNewline && n.kind != hclEOF {
				p.skipLine()
			}
			continue
		}
		out = append(out, d)
		if depth >= maxHCLDepth {
			p.errorf(d.Line, "blocks nested more than %d deep", maxHCLDepth)
			p.lx.pos = len(p.lx.src)
			d.Block = []*Directive{}
			return out
		}
		d.Block = p.body(d, depth+1)
	}
}

// skipLine drops the tokens up to the end of the line.
func (p *hclParser) skipLine() {
	for {
		t := p.lx.next()
		if t.kind == hclNewline || t.kind == hclEOF {
			return
		}
	}
}

// expr reads an attribute's expression up to the end of its line (newlines
// inside brackets do not end it; a `}` outside them ends a one-line block)
// and returns its value.
func (p *hclParser) expr(d *Directive) string {
	var toks []hclToken
	start, end := p.lx.pos, p.lx.pos
	var stack []byte
	for {
		t := p.next()
		switch t.kind {
		case hclEOF:
			if len(stack) > 0 {
				p.errorf(d.Line, "value of %s: %q opened here is not closed", d.Name, stack[len(stack)-1])
			}
			return hclValue(toks, p.lx.src[start:end])
		case hclNewline:
			if len(stack) == 0 {
				return hclValue(toks, p.lx.src[start:end])
			}
			continue
		case hclPunct:
			switch t.text {
			case "(", "[", "{":
				stack = append(stack, t.text[0])
			case ")", "]", "}":
				if len(stack) == 0 {
					if t.text == "}" {
						p.lx.unread(t)
						return hclValue(toks, p.lx.src[start:end])
					}
					p.errorf(t.line, "unexpected %q in the value of %s", t.text, d.Name)
					continue
				}
				stack = stack[:len(stack)-1]
			}
		}
		if len(toks) == 0 {
			start = t.start
		}
		toks = append(toks, t)
		end = p.lx.pos
	}
}

// hclValue is the value of an expression: a lone string's text, or the
// source text.
func hclValue(toks []hclToken, src string) string {
	if len(toks) == 1 && toks[0].kind == hclString {
		return toks[0].text
	}
	return strings.TrimSpace(src)
}

type hclKind int

const (
	hclEOF hclKind = iota
	hclNewline
	hclIdent  // identifiers, numbers, keywords (true, null, for)
	hclString // a quoted string or heredoc: text is its content
	hclPunct  // = { } [ ] ( ) , and operators
	hclBad    // a lexical error: text is the message
)

type hclToken struct {
	kind      hclKind
	text      string
	line, col int
	start     int // byte offset
}

func (t hclToken) describe() string {
	switch t.kind {
	case hclEOF:
		return "end of file"
	case hclNewline:
		return "end of line"
	case hclString:
		return "a string"
	}
	return strconv.Quote(t.text)
}

type hclLexer struct {
	src       string
	pos       int
	line, col int
	back      *hclToken
}

func (lx *hclLexer) unread(t hclToken) { lx.back = &t }

func (lx *hclLexer) advance() byte {
	c := lx.src[lx.pos]
	lx.pos++
	if c == '\n' {
		lx.line++
		lx.col = 1
	} else if c < utf8.RuneSelf || c >= 0xC0 {
		lx.col++ // count runes, not continuation bytes
	}
	return c
}

func (lx *hclLexer) peek(off int) byte {
	if lx.pos+off < len(lx.src) {
		return lx.src[lx.pos+off]
	}
	return 0
}

func isHCLIdent(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

func (lx *hclLexer) next() hclToken {
	if lx.back != nil {
		t := *lx.back
		lx.back = nil
		return t
	}
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			lx.advance()
			continue
		case c == '#' || c == '/' && lx.peek(1) == '/':
			for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
				lx.advance()
			}
			continue
		case c == '/' && lx.peek(1) == '*':
			line := lx.line
			lx.advance()
			lx.advance()
			for lx.pos < len(lx.src) && !(lx.src[lx.pos] == '*' && lx.peek(1) == '/') {
				lx.advance()
			}
			if lx.pos >= len(lx.src) {
				return hclToken{kind: hclBad, text: fmt.Sprintf("comment opened on line %d is not closed by \"*/\"", line), line: line}
			}
			lx.advance()
			lx.advance()
			continue
		}
		break
	}
	t := hclToken{line: lx.line, col: lx.col, start: lx.pos}
	if lx.pos >= len(lx.src) {
		return t
	}
	c := lx.src[lx.pos]
	switch {
	case c == '\n':
		lx.advance()
		t.kind = hclNewline
	case c == '"':
		lx.advance()
		text, err := lx.quoted(0)
		t.kind, t.text = hclString, text
		if err != "" {
			t.kind, t.text = hclBad, err
		}
	case c == '<' && lx.peek(1) == '<' && (lx.peek(2) == '-' || isHCLIdent(lx.peek(2)) && lx.peek(2) != '.'):
		t.kind, t.text = lx.heredoc()
	case isHCLIdent(c):
		for lx.pos < len(lx.src) && isHCLIdent(lx.src[lx.pos]) {
			lx.advance()
		}
		t.kind, t.text = hclIdent, lx.src[t.start:lx.pos]
	default:
		lx.advance()
		t.kind, t.text = hclPunct, string(c)
		// Two-character operators, so that "==" and "=>" are not "=".
		switch string(c) + string(lx.peek(0)) {
		case "==", "!=", "<=", ">=", "=>", "&&", "||":
			t.text += string(lx.advance())
		}
	}
	return t
}

// quoted reads a quoted template after its opening quote and returns its
// text: escapes decoded, interpolations and directives kept as written.
func (lx *hclLexer) quoted(depth int) (string, string) {
	line := lx.line
	var b strings.Builder
	for {
		if lx.pos >= len(lx.src) || lx.src[lx.pos] == '\n' {
			return b.String(), fmt.Sprintf("string opened on line %d is not closed", line)
		}
		c := lx.advance()
		switch {
		case c == '"':
			return b.String(), ""
		case c == '\\':
			if lx.pos >= len(lx.src) {
				continue
			}
			e := lx.advance()
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'u', 'U':
				n := 4
				if e == 'U' {
					n = 8
				}
				hex := ""
				for i := 0; i < n && lx.pos < len(lx.src) && strings.IndexByte("0123456789abcdefABCDEF", lx.src[lx.pos]) >= 0; i++ {
					hex += string(lx.advance())
				}
				if r, err := strconv.ParseUint(hex, 16, 32); err == nil && len(hex) == n {
					b.WriteRune(rune(r))
				} else {
					b.WriteString("\\" + string(e) + hex)
				}
			case '\n':
				return b.String(), fmt.Sprintf("string opened on line %d is not closed", line)
			default:
				b.WriteByte(e)
			}
		case (c == '$' || c == '%') && lx.peek(0) == c && lx.peek(1) == '{':
			// $${ and %%{ are a literal ${ and %{.
			lx.advance()
			lx.advance()
			b.WriteString(string(c) + "{")
		case (c == '$' || c == '%') && lx.peek(0) == '{':
			start := lx.pos - 1
			lx.advance()
			if err := lx.interpolation(depth + 1); err != "" {
				return b.String(), err
			}
			b.WriteString(lx.src[start:lx.pos])
		default:
			b.WriteByte(c)
		}
	}
}

// interpolation skips the inside of `${ … }` after its `{`, strings and
// nested braces included.
func (lx *hclLexer) interpolation(depth int) string {
	line := lx.line
	if depth > maxHCLDepth {
		return fmt.Sprintf("templates nested more than %d deep on line %d", maxHCLDepth, line)
	}
	braces := 0
	for lx.pos < len(lx.src) {
		c := lx.advance()
		switch c {
		case '"':
			if _, err := lx.quoted(depth); err != "" {
				return err
			}
		case '{':
			braces++
		case '}':
			if braces == 0 {
				return ""
			}
			braces--
		}
	}
	return fmt.Sprintf("interpolation opened on line %d is not closed by \"}\"", line)
}

// heredoc reads `<<EOF` or `<<-EOF` and the lines up to the closing marker.
func (lx *hclLexer) heredoc() (hclKind, string) {
	line := lx.line
	lx.advance()
	lx.advance()
	if lx.peek(0) == '-' {
		lx.advance()
	}
	start := lx.pos
	for lx.pos < len(lx.src) && isHCLIdent(lx.src[lx.pos]) {
		lx.advance()
	}
	marker := lx.src[start:lx.pos]
	for lx.pos < len(lx.src) && (lx.src[lx.pos] == ' ' || lx.src[lx.pos] == '\t' || lx.src[lx.pos] == '\r') {
		lx.advance()
	}
	if marker == "" || lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
		return hclBad, fmt.Sprintf("heredoc on line %d: \"<<%s\" must be followed by the end of the line", line, marker)
	}
	var b strings.Builder
	for lx.pos < len(lx.src) {
		lx.advance() // the newline ending the previous line
		ls := lx.pos
		for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
			lx.advance()
		}
		text := lx.src[ls:lx.pos]
		if strings.TrimSpace(text) == marker {
			return hclString, b.String()
		}
		b.WriteString(text)
		b.WriteByte('\n')
	}
	return hclBad, fmt.Sprintf("heredoc <<%s opened on line %d is not closed", marker, line)
}
