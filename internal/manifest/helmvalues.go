package manifest

import (
	"bytes"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Chart is what the lenient Helm reader knows of a chart besides its
// templates: the default values (values.yaml) and the chart's name. With
// it, a block under `{{- if .Values.hostPort.enabled }}` whose default is
// off reads as absent, and `name: {{ .Values.cart.name }}` reads as the
// default name, as `helm template` with default values would render them.
// Anything it cannot decide (a condition on a function's result, a value
// set by a range) it leaves to the placeholder reading: both branches
// present, the value unknown.
type Chart struct {
	// Name is the chart's name from Chart.yaml ("" when unknown).
	Name string
	// Values is the root of values.yaml, nil when there is none.
	Values *yaml.Node
}

// maxValuesDepth bounds how deep a path or alias chain in values.yaml is
// followed.
const maxValuesDepth = 64

// ParseChart reads a chart's Chart.yaml and values.yaml (either may be nil).
// Values that do not parse leave the chart without values: every condition
// is then unknown.
func ParseChart(chartYAML, valuesYAML []byte) *Chart {
	c := &Chart{}
	var meta yaml.Node
	if chartYAML != nil && yaml.Unmarshal(chartYAML, &meta) == nil && len(meta.Content) > 0 {
		c.Name = Str(Get(meta.Content[0], "name"))
	}
	var vals yaml.Node
	if valuesYAML != nil && yaml.Unmarshal(valuesYAML, &vals) == nil && len(vals.Content) > 0 {
		c.Values = vals.Content[0]
	} else if valuesYAML != nil && len(bytes.TrimSpace(valuesYAML)) == 0 {
		c.Values = &yaml.Node{Kind: yaml.MappingNode}
	}
	return c
}

// value looks up a dotted path under .Values. ok is false when the answer
// is unknown (no values.yaml); a missing key is known to be nil, which Helm
// treats as false and as an empty string.
func (c *Chart) value(path []string) (n *yaml.Node, ok bool) {
	if c == nil || c.Values == nil {
		return nil, false
	}
	n = c.Values
	for i, depth := 0, 0; i < len(path); depth++ {
		if depth > maxValuesDepth {
			return nil, false
		}
		if n.Kind == yaml.AliasNode {
			n = n.Alias
			continue
		}
		if n.Kind != yaml.MappingNode {
			return nil, true
		}
		next := (*yaml.Node)(nil)
		for k := 0; k+1 < len(n.Content); k += 2 {
			if n.Content[k].Value == path[i] {
				next = n.Content[k+1]
			}
		}
		if next == nil {
			return nil, true
		}
		n, i = next, i+1
	}
	for depth := 0; n != nil && n.Kind == yaml.AliasNode && depth < maxValuesDepth; depth++ {
		n = n.Alias
	}
	return n, true
}

// truthy is Go template truth: false, 0, "", nil and empty collections are false.
func truthy(n *yaml.Node) bool {
	if n == nil {
		return false
	}
	switch n.Kind {
	case yaml.MappingNode, yaml.SequenceNode:
		return len(n.Content) > 0
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return false
		case "!!bool":
			b, _ := strconv.ParseBool(n.Value)
			return b
		case "!!int", "!!float":
			f, err := strconv.ParseFloat(n.Value, 64)
			return err != nil || f != 0
		}
		return n.Value != ""
	}
	return true
}

// tri is a condition's value: true, false, or unknown.
type tri int8

const (
	unknown tri = iota
	yes
	no
)

func triOf(b bool) tri {
	if b {
		return yes
	}
	return no
}

// expr is a parsed template expression: a term or a function call.
type expr struct {
	fn    string // and, or, not, eq, ne, empty; "" for a term
	args  []*expr
	path  []string // .Values.a.b → [a b]
	lit   *string  // a string, number or bool literal
	other bool     // anything else: unknown
}

// tokens splits an action's text into words, parentheses and quoted strings.
func tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '(' || c == ')' || c == '|':
			out = append(out, string(c))
			i++
		case c == '"' || c == '`':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' && c == '"' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return append(out, s[i:])
			}
			out = append(out, s[i:j+1])
			i = j + 1
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t()|\"`", rune(s[j])) {
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}

// parseExpr parses a pipeline without pipes: `and .Values.a (not .Values.b)`.
func parseExpr(toks []string) *expr {
	p := &exprParser{toks: toks}
	e := p.call()
	if p.i != len(p.toks) {
		return &expr{other: true}
	}
	return e
}

type exprParser struct {
	toks []string
	i    int
}

func (p *exprParser) call() *expr {
	if p.i >= len(p.toks) {
		return &expr{other: true}
	}
	switch t := p.toks[p.i]; t {
	case "and", "or", "not", "eq", "ne", "empty":
		p.i++
		e := &expr{fn: t}
		for p.i < len(p.toks) && p.toks[p.i] != ")" {
			e.args = append(e.args, p.term())
		}
		return e
	}
	e := p.term()
	if p.i < len(p.toks) && p.toks[p.i] != ")" {
		return &expr{other: true} // a function we do not know, with arguments
	}
	return e
}

func (p *exprParser) term() *expr {
	if p.i >= len(p.toks) {
		return &expr{other: true}
	}
	t := p.toks[p.i]
	p.i++
	switch {
	case t == "(":
		e := p.call()
		if p.i < len(p.toks) && p.toks[p.i] == ")" {
			p.i++
			return e
		}
		return &expr{other: true}
	case strings.HasPrefix(t, ".Values.") || strings.HasPrefix(t, "$.Values."):
		path := strings.Split(strings.TrimPrefix(strings.TrimPrefix(t, "$"), ".Values."), ".")
		for _, s := range path {
			if s == "" {
				return &expr{other: true}
			}
		}
		return &expr{path: path}
	case t == "true" || t == "false":
		return &expr{lit: &t}
	case strings.HasPrefix(t, `"`):
		v, err := strconv.Unquote(t)
		if err != nil {
			return &expr{other: true}
		}
		return &expr{lit: &v}
	case strings.HasPrefix(t, "`") && strings.HasSuffix(t, "`") && len(t) > 1:
		v := t[1 : len(t)-1]
		return &expr{lit: &v}
	}
	if _, err := strconv.ParseFloat(t, 64); err == nil {
		return &expr{lit: &t}
	}
	return &expr{other: true}
}

// eval decides a condition against the chart's values.
func (c *Chart) eval(e *expr) tri {
	switch e.fn {
	case "not":
		if len(e.args) != 1 {
			return unknown
		}
		switch c.eval(e.args[0]) {
		case yes:
			return no
		case no:
			return yes
		}
		return unknown
	case "and", "or":
		if len(e.args) == 0 {
			return unknown
		}
		result := yes
		if e.fn == "or" {
			result = no
		}
		for _, a := range e.args {
			v := c.eval(a)
			switch {
			case e.fn == "and" && v == no, e.fn == "or" && v == yes:
				return v
			case v == unknown:
				result = unknown
			}
		}
		return result
	case "empty":
		if len(e.args) != 1 {
			return unknown
		}
		switch c.eval(e.args[0]) {
		case yes:
			return no
		case no:
			return yes
		}
		return unknown
	case "eq", "ne":
		if len(e.args) != 2 {
			return unknown
		}
		a, okA := c.scalar(e.args[0])
		b, okB := c.scalar(e.args[1])
		if !okA || !okB {
			return unknown
		}
		if e.fn == "eq" {
			return triOf(a == b)
		}
		return triOf(a != b)
	}
	switch {
	case e.other:
		return unknown
	case e.lit != nil:
		v := *e.lit
		return triOf(v != "" && v != "false" && v != "0")
	}
	n, ok := c.value(e.path)
	if !ok {
		return unknown
	}
	return triOf(truthy(n))
}

// scalar is the text of a term that is a literal or a scalar value.
func (c *Chart) scalar(e *expr) (string, bool) {
	switch {
	case e.fn != "" || e.other:
		return "", false
	case e.lit != nil:
		return *e.lit, true
	}
	n, ok := c.value(e.path)
	if !ok {
		return "", false
	}
	if n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return "", true
	}
	if n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// substitute returns the text an inline action renders to when it is a
// plain value: `.Values.cart.name`, `.Values.x | quote`, `.Chart.Name`,
// `.Release.Name` (helm template's "release-name").
func (c *Chart) substitute(action string) (string, bool) {
	if c == nil {
		return "", false
	}
	body := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(action, "{{"), "}}"))
	body = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(body, "-"), "-"))
	quote := false
	if v, ok := strings.CutSuffix(body, "| quote"); ok {
		body, quote = strings.TrimSpace(v), true
	}
	var text string
	switch {
	case body == ".Release.Name" || body == "$.Release.Name":
		text = "release-name"
	case body == ".Chart.Name" || body == "$.Chart.Name":
		if c.Name == "" {
			return "", false
		}
		text = c.Name
	default:
		toks := tokens(body)
		if len(toks) != 1 {
			return "", false
		}
		e := parseExpr(toks)
		if e.path == nil {
			return "", false
		}
		v, ok := c.scalar(e)
		if !ok || v == "" || strings.ContainsAny(v, "\n{}") {
			return "", false
		}
		text = v
	}
	if quote {
		return strconv.Quote(text), true
	}
	return text, true
}

// control is the keyword and condition of a control action:
// {{- if COND }}, {{ else if COND }}, {{ else }}, {{ end }},
// {{ range … }}, {{ with … }}, {{ define … }}, {{ block … }}.
func control(action string) (kw, cond string) {
	body := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(action, "{{"), "}}"))
	body = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(body, "-"), "-"))
	word, rest, _ := strings.Cut(body, " ")
	switch word {
	case "if", "range", "with", "define", "block", "end":
		return word, strings.TrimSpace(rest)
	case "else":
		rest = strings.TrimSpace(rest)
		if c, ok := strings.CutPrefix(rest, "if "); ok {
			return "else if", strings.TrimSpace(c)
		}
		if c, ok := strings.CutPrefix(rest, "with "); ok {
			return "else with", strings.TrimSpace(c)
		}
		return "else", ""
	}
	return "", ""
}

// rangeSource drops a range's variable declaration: `$k, $v := .Values.x`.
func rangeSource(cond string) string {
	if _, src, ok := strings.Cut(cond, ":="); ok {
		return strings.TrimSpace(src)
	}
	return cond
}

// block is an open control structure while reading a template.
type block struct {
	state tri  // the branch being read: yes, no or unknown
	taken bool // an earlier branch is known to have been taken
	open  bool // every earlier branch is known not taken
}

// condition evaluates the condition of a control keyword.
func (c *Chart) condition(kw, cond string) tri {
	switch kw {
	case "if", "else if", "with", "else with":
		return c.eval(parseExpr(tokens(cond)))
	case "range":
		return c.eval(parseExpr(tokens(rangeSource(cond))))
	}
	return unknown
}

// maxBlocks bounds the nesting of control structures followed.
const maxBlocks = 256

// applyValues blanks the lines of a template that the chart's default
// values leave out (the body of an if whose condition is false, of a range
// over an empty list) and writes plain values in place of the actions that
// print them. Line numbers stay those of the template.
func applyValues(data []byte, c *Chart) []byte {
	if c == nil || !bytes.Contains(data, []byte("{{")) {
		return data
	}
	var out bytes.Buffer
	out.Grow(len(data))
	var stack []block
	visible := func() bool {
		for _, b := range stack {
			if b.state == no {
				return false
			}
		}
		return true
	}
	for start := 0; start < len(data); {
		end := lineEndAt(data, start)
		// The actions that start on this line; one may run over lines.
		type span struct{ s, e int }
		var acts []span
		for pos := start; pos < end; {
			i := bytes.Index(data[pos:end], []byte("{{"))
			if i < 0 {
				break
			}
			s := pos + i
			e := actionEnd(data, s)
			acts = append(acts, span{s, e})
			if e > end {
				end = lineEndAt(data, e)
			}
			pos = e
		}
		line := data[start:end]
		if !visible() {
			for _, b := range line {
				if b == '\n' || b == '\r' {
					out.WriteByte(b)
				} else {
					out.WriteByte(' ')
				}
			}
		} else {
			last := start
			for _, a := range acts {
				if kw, _ := control(string(data[a.s:a.e])); kw != "" {
					continue
				}
				if v, ok := c.substitute(string(data[a.s:a.e])); ok {
					out.Write(data[last:a.s])
					out.WriteString(v)
					last = a.e
				}
			}
			out.Write(data[last:end])
		}
		for _, a := range acts {
			kw, cond := control(string(data[a.s:a.e]))
			switch kw {
			case "if", "range", "with":
				v := unknown
				if visible() {
					v = c.condition(kw, cond)
				}
				if len(stack) < maxBlocks {
					stack = append(stack, block{state: v, taken: v == yes, open: v == no})
				}
			case "define", "block":
				if len(stack) < maxBlocks {
					stack = append(stack, block{state: unknown})
				}
			case "else if", "else with", "else":
				if len(stack) == 0 {
					continue
				}
				b := &stack[len(stack)-1]
				switch {
				case b.taken:
					b.state = no
				case b.open && kw == "else":
					b.state, b.taken, b.open = yes, true, false
				case b.open:
					v := c.condition(kw, cond)
					b.state, b.taken, b.open = v, v == yes, v == no
				default:
					b.state = unknown
				}
			case "end":
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
			}
		}
		if end < len(data) {
			out.WriteByte(data[end]) // the newline
		}
		start = end + 1
	}
	return out.Bytes()
}

// lineEndAt returns the offset of the newline ending the line that holds
// offset i, or len(data).
func lineEndAt(data []byte, i int) int {
	if i >= len(data) {
		return len(data)
	}
	if j := bytes.IndexByte(data[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(data)
}
