package manifest

import (
	"fmt"
	"strings"
)

// parseNginx reads an nginx configuration: directives `name args;` and blocks
// `name args { … }`, `#` comments, single- and double-quoted arguments and
// `${var}` inside words, the way nginx's own tokenizer splits them. Lua
// blocks (`content_by_lua_block { … }`) are kept as one directive without
// parsing the code inside.
//
// A directive not ended by `;`, a block not closed by `}` or a stray `}` is an
// Error at the line of the problem; the directives read so far are kept.
func parseNginx(f *File, data []byte) []Error {
	p := &nginxParser{lx: nginxLexer{src: string(data), line: 1, col: 1}, errorList: errorList{file: f.Path}}
	f.Directives = p.block(nil)
	return p.errs
}

type nginxParser struct {
	lx nginxLexer
	errorList
}

// block reads directives until the `}` that closes parent (or the end of the
// file at top level).
func (p *nginxParser) block(parent *Directive) []*Directive {
	var out []*Directive
	for {
		t := p.lx.next()
		if p.lx.err != "" {
			p.errorf(p.lx.errLine, "%s", p.lx.err)
			return out
		}
		switch t.kind {
		case tokEOF:
			if parent != nil {
				p.errorf(t.line, "unexpected end of file: block %q opened on line %d is not closed by \"}\"", parent.Name, parent.Line)
			}
			return out
		case tokClose:
			if parent == nil {
				p.errorf(t.line, "unexpected \"}\"")
				continue
			}
			return out
		case tokSemi:
			p.errorf(t.line, "unexpected \";\"")
			continue
		case tokOpen:
			p.errorf(t.line, "unexpected \"{\"")
			// Read and drop the anonymous block to stay in step.
			p.block(&Directive{Name: "{", Line: t.line})
			continue
		}
		d := &Directive{Name: t.text, Line: t.line, Column: t.col, Parent: parent}
		out = append(out, d)
		if !p.args(d) {
			return out
		}
	}
}

// args reads d's arguments and its terminator; it returns false when the
// file ended.
func (p *nginxParser) args(d *Directive) bool {
	for {
		t := p.lx.next()
		if p.lx.err != "" {
			p.errorf(p.lx.errLine, "%s", p.lx.err)
			return false
		}
		switch t.kind {
		case tokWord:
			d.Args = append(d.Args, t.text)
		case tokSemi:
			return true
		case tokOpen:
			if strings.HasSuffix(d.Name, "_by_lua_block") {
				if !p.lx.skipBlock() {
					p.errorf(d.Line, "unexpected end of file: block %q opened on line %d is not closed by \"}\"", d.Name, d.Line)
					return false
				}
				return true
			}
			d.Block = p.block(d)
			return true
		case tokClose:
			p.errorf(d.Line, "directive %q is not terminated by \";\"", d.Name)
			p.lx.unread(t)
			return true
		case tokEOF:
			p.errorf(d.Line, "unexpected end of file: directive %q is not terminated by \";\"", d.Name)
			return false
		}
	}
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokWord
	tokSemi
	tokOpen
	tokClose
)

type nginxToken struct {
	kind      tokKind
	text      string
	line, col int
}

type nginxLexer struct {
	src       string
	pos       int
	line, col int
	back      *nginxToken
	err       string
	errLine   int
}

func (lx *nginxLexer) unread(t nginxToken) { lx.back = &t }

func (lx *nginxLexer) advance() byte {
	c := lx.src[lx.pos]
	lx.pos++
	if c == '\n' {
		lx.line++
		lx.col = 1
	} else {
		lx.col++
	}
	return c
}

func (lx *nginxLexer) next() nginxToken {
	if lx.back != nil {
		t := *lx.back
		lx.back = nil
		return t
	}
	// Skip blanks and comments.
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		if c == '#' {
			for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
				lx.advance()
			}
			continue
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			lx.advance()
			continue
		}
		break
	}
	t := nginxToken{line: lx.line, col: lx.col}
	if lx.pos >= len(lx.src) {
		return t
	}
	switch lx.src[lx.pos] {
	case ';':
		lx.advance()
		t.kind = tokSemi
		return t
	case '{':
		lx.advance()
		t.kind = tokOpen
		return t
	case '}':
		lx.advance()
		t.kind = tokClose
		return t
	case '"', '\'':
		q := lx.advance()
		var b strings.Builder
		for {
			if lx.pos >= len(lx.src) {
				lx.err, lx.errLine = fmt.Sprintf("unterminated quoted string starting on line %d", t.line), t.line
				return nginxToken{line: lx.line}
			}
			c := lx.advance()
			if c == '\\' && lx.pos < len(lx.src) {
				n := lx.advance()
				if n != q && n != '\\' {
					b.WriteByte('\\')
				}
				b.WriteByte(n)
				continue
			}
			if c == q {
				break
			}
			b.WriteByte(c)
		}
		t.kind, t.text = tokWord, b.String()
		return t
	}
	start := lx.pos
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		if c == '$' && lx.pos+1 < len(lx.src) && lx.src[lx.pos+1] == '{' {
			// ${var}: the braces belong to the word.
			for lx.pos < len(lx.src) && lx.src[lx.pos] != '}' && lx.src[lx.pos] != '\n' {
				lx.advance()
			}
			if lx.pos < len(lx.src) && lx.src[lx.pos] == '}' {
				lx.advance()
			}
			continue
		}
		if c == '\\' && lx.pos+1 < len(lx.src) {
			lx.advance()
			lx.advance()
			continue
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '{' || c == '}' {
			break
		}
		lx.advance()
	}
	t.kind, t.text = tokWord, lx.src[start:lx.pos]
	return t
}

// skipBlock skips the body of a block whose `{` was just read, counting
// nested braces and skipping quoted strings and comments; it returns false
// when the file ends first.
func (lx *nginxLexer) skipBlock() bool {
	depth := 1
	for lx.pos < len(lx.src) {
		c := lx.advance()
		switch c {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return true
			}
		case '"', '\'':
			for lx.pos < len(lx.src) {
				n := lx.advance()
				if n == '\\' && lx.pos < len(lx.src) {
					lx.advance()
					continue
				}
				if n == c || n == '\n' {
					break
				}
			}
		case '-':
			if lx.pos < len(lx.src) && lx.src[lx.pos] == '-' { // Lua comment
				for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
					lx.advance()
				}
			}
		}
	}
	return false
}
