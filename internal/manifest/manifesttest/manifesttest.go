// Package manifesttest runs manifest checks over fixture files and compares
// their findings with `# want "regexp"` comments, the way analysistest does
// for Go analyzers.
//
// A fixture line that must produce a finding ends with a comment
//
//	sessionAffinity: ClientIP # want "session affinity ClientIP"
//
// Several quoted patterns on one line expect several findings. Every finding
// must be expected and every expectation met.
package manifesttest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stateaudit/stateaudit/internal/manifest"
	"github.com/stateaudit/stateaudit/rules"
)

// Finding is what a check reported.
type Finding struct {
	Rule    string
	Pos     manifest.Pos
	Message string
	Related []rules.Related
}

// Collector is a manifest.Reporter that keeps findings.
type Collector struct{ Findings []Finding }

// Report implements manifest.Reporter.
func (c *Collector) Report(r *rules.Rule, pos manifest.Pos, msg string, related ...rules.Related) {
	c.Findings = append(c.Findings, Finding{Rule: r.ID, Pos: pos, Message: msg, Related: related})
}

// Load loads every file under dir (relative paths keep dir's layout).
func Load(t testing.TB, dir string) *manifest.Set {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	return manifest.LoadAll(os.DirFS(dir), names)
}

// Only returns a copy of check that keeps the findings of the named rules
// and drops the others, so that a fixture directory need only carry the
// `# want` comments of the rules it is about.
func Only(check *manifest.Check, ids ...string) *manifest.Check {
	c := *check
	c.Run = func(set *manifest.Set, r manifest.Reporter) { check.Run(set, only{r, ids}) }
	return &c
}

type only struct {
	manifest.Reporter
	ids []string
}

func (o only) Report(r *rules.Rule, pos manifest.Pos, msg string, related ...rules.Related) {
	for _, id := range o.ids {
		if id == r.ID {
			o.Reporter.Report(r, pos, msg, related...)
			return
		}
	}
}

var wantRE = regexp.MustCompile(`#\s*want\s+(.*)$`)

// Run loads dir, runs the checks and compares findings with the fixtures'
// `# want` comments. It returns the findings for further assertions.
func Run(t testing.TB, dir string, checks ...*manifest.Check) []Finding {
	t.Helper()
	set := Load(t, dir)
	for _, e := range set.Errors {
		t.Errorf("load error: %v", e)
	}
	c := &Collector{}
	for _, ch := range checks {
		ch.Run(set, c)
	}
	type key struct {
		file string
		line int
	}
	wants := map[key][]*regexp.Regexp{}
	for _, f := range set.Files {
		for i, line := range f.Lines {
			m := wantRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			for _, q := range quoted(t, f.Path, i+1, m[1]) {
				re, err := regexp.Compile(q)
				if err != nil {
					t.Fatalf("%s:%d: bad want pattern %q: %v", f.Path, i+1, q, err)
				}
				k := key{f.Path, i + 1}
				wants[k] = append(wants[k], re)
			}
		}
	}
	for _, fd := range c.Findings {
		k := key{fd.Pos.File, fd.Pos.Line}
		matched := -1
		for i, re := range wants[k] {
			if re.MatchString(fd.Message) || re.MatchString(fd.Rule) {
				matched = i
				break
			}
		}
		if matched < 0 {
			t.Errorf("%s:%d:%d: unexpected finding [%s] %s", fd.Pos.File, fd.Pos.Line, fd.Pos.Column, fd.Rule, fd.Message)
			continue
		}
		wants[k] = append(wants[k][:matched], wants[k][matched+1:]...)
	}
	for k, res := range wants {
		for _, re := range res {
			t.Errorf("%s:%d: no finding matched %q", k.file, k.line, re)
		}
	}
	return c.Findings
}

// quoted splits `"a" "b"` or backquoted patterns into their contents.
func quoted(t testing.TB, file string, line int, s string) []string {
	var out []string
	s = strings.TrimSpace(s)
	for s != "" {
		switch s[0] {
		case '"':
			prefix, err := strconv.QuotedPrefix(s)
			if err != nil {
				t.Fatalf("%s:%d: bad want comment: %v", file, line, err)
			}
			v, _ := strconv.Unquote(prefix)
			out = append(out, v)
			s = strings.TrimSpace(s[len(prefix):])
		case '`':
			end := strings.IndexByte(s[1:], '`')
			if end < 0 {
				t.Fatalf("%s:%d: unterminated backquote in want comment", file, line)
			}
			out = append(out, s[1:end+1])
			s = strings.TrimSpace(s[end+2:])
		default:
			t.Fatalf("%s:%d: want patterns must be quoted: %s", file, line, s)
		}
	}
	return out
}

// String renders findings for debugging.
func String(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s:%d:%d [%s] %s\n", f.Pos.File, f.Pos.Line, f.Pos.Column, f.Rule, f.Message)
	}
	return b.String()
}
