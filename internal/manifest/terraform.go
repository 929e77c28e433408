package manifest

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"go.yaml.in/yaml/v3"
)

// maxHCLDepth bounds the nesting of blocks followed, so a hostile file
// cannot exhaust the stack of the checks that walk them; maxHCLNesting the
// nesting of brackets, braces and interpolations a file may have at all.
const (
	maxHCLDepth   = 64
	maxHCLNesting = 256
)

// tooDeep reports whether data opens more than limit brackets, braces,
// parentheses or interpolations without closing them (strings and comments
// counted too: a file that deep is refused either way), and the line where
// it goes past the limit.
func tooDeep(data []byte, limit int) (int, bool) {
	depth, line := 0, 1
	for _, c := range data {
		switch c {
		case '\n':
			line++
		case '{', '[', '(':
			depth++
			if depth > limit {
				return line, true
			}
		case '}', ']', ')':
			if depth > 0 {
				depth--
			}
		}
	}
	return 0, false
}

// parseTerraform reads a Terraform file with HashiCorp's HCL parser
// (hclsyntax, the native syntax) into Directives:
//
//   - a block `resource "aws_lb_target_group" "web" { … }` is a Directive
//     named "resource" whose Args are its labels and whose Block holds the
//     body; Block is never nil for a block, even an empty one;
//   - an attribute `enabled = false` is a Directive named "enabled" with
//     Args ["=", value] and a nil Block. The value is the evaluated literal
//     when the expression is one (a string, with `${…}` kept as written when
//     it holds one, a number, a bool), the default of the variable when it
//     is `var.NAME` and the file declares `variable "NAME" { default = … }`,
//     and the expression's source text otherwise (`var.sticky ? true :
//     false`, `["a", "b"]`).
//
// TFAttr and TFBlocks read them. A file HCL refuses is an Error at the line
// of each diagnostic; what parsed is kept.
func parseTerraform(f *File, data []byte) []Error {
	if line, deep := tooDeep(data, maxHCLNesting); deep {
		// hclsyntax recurses once per level and overflows the stack (a
		// fatal error, not a panic) on a hostile file.
		return []Error{{File: f.Path, Line: line, Message: fmt.Sprintf("brackets, braces or interpolations nested more than %d deep", maxHCLNesting)}}
	}
	if line, open := unclosedHeredoc(data); open {
		// hclsyntax rescans to the end of the file for every heredoc that
		// never closes: quadratic on a hostile file (256 KiB, 3.7 s).
		return []Error{{File: f.Path, Line: line, Message: "heredoc is never closed"}}
	}
	file, diags := hclsyntax.ParseConfig(data, f.Path, hcl.InitialPos)
	var errs []Error
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		e := Error{File: f.Path, Message: strings.TrimSuffix(d.Summary+"; "+d.Detail, "; ")}
		if d.Subject != nil {
			e.Line = d.Subject.Start.Line
		}
		errs = append(errs, e)
	}
	if file == nil {
		return errs
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return errs
	}
	tf := &tfReader{src: data, defaults: variableDefaults(body)}
	f.Directives = tf.body(body, nil, 0)
	return errs
}

// tfReader turns an hclsyntax body into Directives.
type tfReader struct {
	src      []byte
	defaults map[string]string
}

func (r *tfReader) body(b *hclsyntax.Body, parent *Directive, depth int) []*Directive {
	if depth > maxHCLDepth {
		return nil
	}
	var out []*Directive
	attrs := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		attrs = append(attrs, a)
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].SrcRange.Start.Byte < attrs[j].SrcRange.Start.Byte })
	// Attributes and blocks in source order.
	ai, bi := 0, 0
	for ai < len(attrs) || bi < len(b.Blocks) {
		if bi >= len(b.Blocks) || ai < len(attrs) && attrs[ai].SrcRange.Start.Byte < b.Blocks[bi].TypeRange.Start.Byte {
			a := attrs[ai]
			ai++
			out = append(out, &Directive{
				Name: a.Name, Args: []string{"=", r.value(a.Expr)},
				Line: a.NameRange.Start.Line, Column: a.NameRange.Start.Column, Parent: parent,
			})
			continue
		}
		blk := b.Blocks[bi]
		bi++
		d := &Directive{Name: blk.Type, Args: append([]string(nil), blk.Labels...), Line: blk.TypeRange.Start.Line, Column: blk.TypeRange.Start.Column, Parent: parent}
		d.Block = r.body(blk.Body, d, depth+1)
		if d.Block == nil {
			d.Block = []*Directive{}
		}
		out = append(out, d)
	}
	return out
}

// value is what an attribute's expression says: a literal's value, a
// variable's default, or the expression's source text.
func (r *tfReader) value(e hclsyntax.Expression) string {
	switch x := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		if s, ok := ctyString(x.Val); ok {
			return s
		}
	case *hclsyntax.TemplateExpr:
		if x.IsStringLiteral() {
			if v, diags := x.Value(nil); !diags.HasErrors() {
				if s, ok := ctyString(v); ok {
					return s
				}
			}
		}
		// A string with interpolations: its text between the quotes.
		rng := x.Range()
		text := r.text(rng)
		if len(text) >= 2 && text[0] == '"' && text[len(text)-1] == '"' {
			return text[1 : len(text)-1]
		}
		return text
	case *hclsyntax.ScopeTraversalExpr:
		if len(x.Traversal) == 2 && x.Traversal.RootName() == "var" {
			if at, ok := x.Traversal[1].(hcl.TraverseAttr); ok {
				if d, ok := r.defaults[at.Name]; ok {
					return d
				}
			}
		}
	}
	return r.text(e.Range())
}

func (r *tfReader) text(rng hcl.Range) string {
	if rng.Start.Byte < 0 || rng.End.Byte > len(r.src) || rng.Start.Byte > rng.End.Byte {
		return ""
	}
	return string(r.src[rng.Start.Byte:rng.End.Byte])
}

// ctyString writes a known primitive value as Terraform would print it.
func ctyString(v cty.Value) (string, bool) {
	if !v.IsKnown() || v.IsNull() {
		return "", false
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Bool:
		return strconv.FormatBool(v.True()), true
	case cty.Number:
		return v.AsBigFloat().Text('f', -1), true
	}
	return "", false
}

// variableDefaults reads the literal defaults of the file's variables.
func variableDefaults(b *hclsyntax.Body) map[string]string {
	out := map[string]string{}
	r := &tfReader{}
	for _, blk := range b.Blocks {
		if blk.Type != "variable" || len(blk.Labels) != 1 {
			continue
		}
		if a, ok := blk.Body.Attributes["default"]; ok {
			switch a.Expr.(type) {
			case *hclsyntax.LiteralValueExpr, *hclsyntax.TemplateExpr:
				v := r.value(a.Expr)
				if _, isTmpl := a.Expr.(*hclsyntax.TemplateExpr); !isTmpl || a.Expr.(*hclsyntax.TemplateExpr).IsStringLiteral() {
					out[blk.Labels[0]] = v
				}
			}
		}
	}
	return out
}

// parseTerraformJSON reads a Terraform JSON file (`*.tf.json`, already
// decoded into nodes with their positions) into the same Directives as
// parseTerraform: top-level keys are block types; `resource` and `data`
// take two labels, `variable`, `output`, `module` and `provider` one; inside
// a block, an object (or a list of objects) is a nested block and anything
// else an attribute.
func parseTerraformJSON(f *File) {
	for _, doc := range f.Docs {
		if len(doc.Content) == 0 {
			continue
		}
		root := doc.Content[0]
		for _, kv := range Pairs(root) {
			labels := 0
			switch kv[0].Value {
			case "resource", "data":
				labels = 2
			case "variable", "output", "module", "provider":
				labels = 1
			}
			f.Directives = append(f.Directives, jsonBlocks(kv[0], kv[1], labels, nil, nil, 0)...)
		}
	}
}

// jsonBlocks makes the blocks of type key.Value from node n, consuming
// labels levels of object keys as labels.
func jsonBlocks(key, n *yaml.Node, labels int, got []string, parent *Directive, depth int) []*Directive {
	if depth > maxHCLDepth || n == nil {
		return nil
	}
	if labels > 0 {
		var out []*Directive
		for _, kv := range Pairs(n) {
			out = append(out, jsonBlocks(key, kv[1], labels-1, append(append([]string(nil), got...), kv[0].Value), parent, depth+1)...)
		}
		return out
	}
	var bodies []*yaml.Node
	switch n.Kind {
	case yaml.MappingNode:
		bodies = []*yaml.Node{n}
	case yaml.SequenceNode:
		bodies = n.Content
	}
	var out []*Directive
	for _, body := range bodies {
		d := &Directive{Name: key.Value, Args: got, Line: key.Line, Column: key.Column, Parent: parent, Block: []*Directive{}}
		for _, kv := range Pairs(body) {
			v := kv[1]
			isBlock := v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode && len(v.Content) > 0 && v.Content[0].Kind == yaml.MappingNode
			if isBlock {
				d.Block = append(d.Block, jsonBlocks(kv[0], v, 0, nil, d, depth+1)...)
				continue
			}
			value := Str(v)
			if v.Kind != yaml.ScalarNode {
				value = fmt.Sprint(len(v.Content)) + " values"
			}
			d.Block = append(d.Block, &Directive{Name: kv[0].Value, Args: []string{"=", value}, Line: kv[0].Line, Column: kv[0].Column, Parent: d})
		}
		out = append(out, d)
	}
	return out
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

// unclosedHeredoc finds a heredoc opener (`<<EOF`, `<<-EOF`) no later line
// closes, and returns its line. Openers are found by a scan that does not
// know strings or comments: a `<<X` inside a string with no X line after it
// makes a false alarm only in a file that is odd already.
func unclosedHeredoc(data []byte) (int, bool) {
	lines := strings.Split(string(data), "\n")
	// closers[word] lists the lines (0-based) that are exactly word,
	// once trimmed (a <<- heredoc's closer may be indented).
	closers := map[string][]int{}
	for i, l := range lines {
		w := strings.TrimSpace(l)
		if w != "" && isHCLIdent(w) {
			closers[w] = append(closers[w], i)
		}
	}
	for i, l := range lines {
		for rest := l; ; {
			j := strings.Index(rest, "<<")
			if j < 0 {
				break
			}
			rest = rest[j+2:]
			word := strings.TrimPrefix(rest, "-")
			end := 0
			for end < len(word) && (word[end] == '_' || word[end] >= 'a' && word[end] <= 'z' || word[end] >= 'A' && word[end] <= 'Z' || end > 0 && word[end] >= '0' && word[end] <= '9') {
				end++
			}
			if end == 0 || strings.TrimSpace(word[end:]) != "" {
				continue // not an opener: << in an expression, or text after it
			}
			word = word[:end]
			cs := closers[word] // ascending
			if k := sort.SearchInts(cs, i+1); k == len(cs) {
				return i + 1, true
			}
		}
	}
	return 0, false
}

func isHCLIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '-')) {
			return false
		}
	}
	return true
}

// resolveTerraformVariables gives `var.NAME` attributes the literal default
// their module declares: the variables of a Terraform module are those of
// every file of its directory (variables.tf beside main.tf).
func resolveTerraformVariables(set *Set) {
	defaults := map[string]map[string]string{} // dir → name → default
	for _, f := range set.Files {
		if f.Format != Terraform {
			continue
		}
		dir := path.Dir(f.Path)
		for _, d := range f.Directives {
			if d.Name != "variable" || len(d.Args) != 1 || d.Block == nil {
				continue
			}
			if at, v := TFAttr(d, "default"); at != nil && !strings.ContainsAny(v, "{}[]()$ ") {
				if defaults[dir] == nil {
					defaults[dir] = map[string]string{}
				}
				defaults[dir][d.Args[0]] = v
			}
		}
	}
	var walk func(ds []*Directive, vars map[string]string, depth int)
	walk = func(ds []*Directive, vars map[string]string, depth int) {
		if depth > maxHCLDepth {
			return
		}
		for _, d := range ds {
			if d.Block != nil {
				walk(d.Block, vars, depth+1)
				continue
			}
			if len(d.Args) == 2 && d.Args[0] == "=" {
				if name, ok := strings.CutPrefix(d.Args[1], "var."); ok {
					if v, ok := vars[name]; ok {
						d.Args[1] = v
					}
				}
			}
		}
	}
	for _, f := range set.Files {
		if vars := defaults[path.Dir(f.Path)]; f.Format == Terraform && vars != nil {
			walk(f.Directives, vars, 0)
		}
	}
}
