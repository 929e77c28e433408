package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxRestarts bounds how often loadYAML skips a broken document and goes on
// with the next one, so a file of garbage costs at most a few passes.
const maxRestarts = 8

// loadYAML decodes every document of a YAML (or JSON) file into nodes and
// collects the Kubernetes objects, unwrapping `kind: List`. A document that
// does not parse becomes an Error; decoding resumes at the next `---` line.
func loadYAML(f *File, data []byte) (errs []Error) {
	return loadYAMLChart(f, data, nil)
}

// loadYAMLChart is loadYAML for a template of chart (nil when unknown),
// whose default values decide the template's conditions.
func loadYAMLChart(f *File, data []byte, chart *Chart) (errs []Error) {
	defer func() {
		if r := recover(); r != nil {
			errs = append(errs, Error{File: f.Path, Message: fmt.Sprintf("internal error while decoding YAML: %v", r)})
		}
	}()
	if inHelmTemplates(f.Path) {
		f.Helm = true
		data = Detemplate(applyValues(data, chart))
	}
	seen := map[*yaml.Node]bool{}
	offset := 0 // lines of data before the part being decoded
	for restarts := 0; ; restarts++ {
		err := decodeDocs(f, data, offset, seen)
		if err == nil {
			return errs
		}
		e := yamlError(f.Path, err)
		e.Line = refineLine(data, e)
		errs = append(errs, e)
		next := nextDocument(data, max(e.Line, offset+1))
		if e.Line == 0 || next < 0 || restarts == maxRestarts {
			return errs
		}
		offset = next
	}
}

// decodeDocs decodes the documents of data that start at line offset+1 (the
// lines before are fed as blank lines, so positions stay those of the file).
func decodeDocs(f *File, data []byte, offset int, seen map[*yaml.Node]bool) error {
	var r io.Reader = bytes.NewReader(data)
	if offset > 0 {
		start := lineStart(data, offset)
		r = io.MultiReader(bytes.NewReader(bytes.Repeat([]byte("\n"), offset)), bytes.NewReader(data[start:]))
	}
	dec := yaml.NewDecoder(r)
	for {
		doc := new(yaml.Node)
		err := dec.Decode(doc)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if len(doc.Content) == 0 {
			continue
		}
		f.Docs = append(f.Docs, doc)
		if f.Format == Kubernetes {
			addObjects(f, doc.Content[0], 0, seen)
		}
	}
}

// addObjects adds the object n, or the items of a List. Items reached
// through aliases are added once: an alias bomb of List items cannot
// multiply the objects.
func addObjects(f *File, n *yaml.Node, depth int, seen map[*yaml.Node]bool) {
	if n == nil || n.Kind != yaml.MappingNode || depth > 4 || seen[n] {
		return
	}
	seen[n] = true
	kind := Str(Get(n, "kind"))
	api := Str(Get(n, "apiVersion"))
	if strings.HasSuffix(kind, "List") && Get(n, "items") != nil {
		for _, item := range Items(Get(n, "items")) {
			addObjects(f, item, depth+1, seen)
		}
		return
	}
	if kind == "" || api == "" {
		return
	}
	f.Objects = append(f.Objects, &Object{
		File:       f,
		APIVersion: api,
		Kind:       kind,
		Name:       Str(Get(n, "metadata", "name")),
		Namespace:  Str(Get(n, "metadata", "namespace")),
		Node:       n,
	})
}

// yamlError turns a yaml.v3 error ("yaml: line 6: …") into a positioned Error.
func yamlError(path string, err error) Error {
	msg := err.Error()
	line := 0
	if rest, ok := strings.CutPrefix(msg, "yaml: line "); ok {
		if i := strings.Index(rest, ":"); i > 0 {
			fmt.Sscanf(rest[:i], "%d", &line)
			msg = "yaml: " + strings.TrimSpace(rest[i+1:])
		}
	}
	return Error{File: path, Line: line, Message: msg}
}

// parserErrors are the yaml.v3 messages whose line is not the problem's but
// the 0-based line of the construct being parsed (a mapping several lines
// up). Scanner errors carry the right 1-based line.
var parserErrors = []string{
	"did not find expected key",
	"did not find expected node content",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
}

// refineWindow bounds the lines refineLine tries, and refineBudget the bytes
// it may decode while trying them.
const (
	refineWindow = 400
	refineBudget = 4 << 20
)

// refineLine finds the line of a parser error: the first line after the
// reported construct at which the document stops parsing with the same
// message. When that cannot be found cheaply, the construct's line is kept.
func refineLine(data []byte, e Error) int {
	msg := strings.TrimPrefix(e.Message, "yaml: ")
	parser := false
	for _, p := range parserErrors {
		parser = parser || msg == p
	}
	if !parser {
		return e.Line
	}
	context := e.Line + 1 // the 0-based line of the construct, made 1-based
	docStart := prevDocument(data, context)
	docEnd := nextDocument(data, context)
	start := lineStart(data, docStart-1)
	end := len(data)
	if docEnd > 0 {
		end = lineStart(data, docEnd)
	}
	doc := data[start:end]
	budget := refineBudget
	for k := context - docStart + 1; k <= context-docStart+refineWindow; k++ {
		cut := lineStart(doc, k)
		if budget -= cut; budget < 0 {
			break
		}
		var n yaml.Node
		perr := yaml.Unmarshal(doc[:cut], &n)
		if perr != nil && strings.HasSuffix(perr.Error(), msg) {
			return docStart + k - 1
		}
		if cut == len(doc) {
			break
		}
	}
	return context
}

// lineStart returns the byte offset of the start of line n+1 (n lines
// skipped), or len(data).
func lineStart(data []byte, n int) int {
	off := 0
	for ; n > 0; n-- {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return len(data)
		}
		off += i + 1
	}
	return off
}

// nextDocument returns the number of lines before the first `---` document
// separator after line (1-based), or -1.
func nextDocument(data []byte, line int) int {
	off := lineStart(data, line)
	n := line
	for off < len(data) {
		if isSeparator(data[off:]) {
			return n
		}
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		n++
	}
	return -1
}

// prevDocument returns the 1-based line where the document holding line
// starts (after its `---` separator, or 1).
func prevDocument(data []byte, line int) int {
	start := 1
	off := 0
	for n := 1; n < line && off < len(data); n++ {
		if isSeparator(data[off:]) {
			start = n + 1
		}
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	return start
}

func isSeparator(rest []byte) bool {
	if !bytes.HasPrefix(rest, []byte("---")) {
		return false
	}
	return len(rest) == 3 || rest[3] == ' ' || rest[3] == '\n' || rest[3] == '\r' || rest[3] == '\t'
}
