// Package suppress reads stateaudit's ignore comments,
// `//stateaudit:ignore RULE[,RULE] reason` in Go and
// `# stateaudit:ignore RULE[,RULE] reason` in YAML and config files.
//
// A comment on a line of its own covers the next line; a comment after code
// covers its own line.
package suppress

import (
	"regexp"
	"strings"
)

// Directive is one ignore comment.
type Directive struct {
	Line   int // 1-based line of the comment
	Column int // 1-based column where the comment starts
	Rules  []string
	Reason string
	// Trailing is set when the comment follows code on its line.
	Trailing bool
}

var directiveRE = regexp.MustCompile(`(?://|#)\s*stateaudit:ignore(?:\s+([A-Za-z0-9,_-]+))?(?:\s+(.*))?$`)

// Parse reads the ignore comments of a file's lines.
func Parse(lines []string) []Directive {
	var out []Directive
	for i, text := range lines {
		if !strings.Contains(text, "stateaudit:ignore") {
			continue
		}
		m := directiveRE.FindStringSubmatchIndex(text)
		if m == nil {
			continue
		}
		d := Directive{Line: i + 1, Column: m[0] + 1, Trailing: strings.TrimSpace(text[:m[0]]) != ""}
		if m[2] >= 0 {
			for _, r := range strings.Split(text[m[2]:m[3]], ",") {
				if r = strings.TrimSpace(r); r != "" {
					d.Rules = append(d.Rules, r)
				}
			}
		}
		if m[4] >= 0 {
			d.Reason = strings.TrimSpace(text[m[4]:m[5]])
		}
		out = append(out, d)
	}
	return out
}

// Covers reports whether the directive suppresses rule at line.
func (d Directive) Covers(rule string, line int) bool {
	if d.Trailing && line != d.Line || !d.Trailing && line != d.Line+1 && line != d.Line {
		return false
	}
	for _, r := range d.Rules {
		if r == rule || r == "all" {
			return true
		}
	}
	return false
}

// Annotation parses the object annotation
// `stateaudit.io/ignore: "RULE[,RULE]: reason"`.
func Annotation(value string) (ids []string, reason string) {
	head, reason, _ := strings.Cut(value, ":")
	for _, id := range strings.Split(head, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids, strings.TrimSpace(reason)
}

// AnnotationKey is the object annotation that suppresses rules for one object.
const AnnotationKey = "stateaudit.io/ignore"
