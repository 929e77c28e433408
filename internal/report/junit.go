package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/stateaudit/stateaudit/rules"
)

func init() { register("junit", junitPrinter{}) }

// junitPrinter writes JUnit XML, the test report every CI system displays
// (GitLab, Jenkins, Azure DevOps, CircleCI…): one test suite per service, a
// test case per finding that fails on errors and warnings, is skipped when
// suppressed and passes (with the message as output) for notes, and a suite
// "inputs" with a failing case per input that could not be analysed.
type junitPrinter struct{}

const (
	noServiceSuite = "(no service)"
	inputsSuite    = "inputs"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

// Print cleans every value first: encoding/xml escapes markup and line
// breaks, but writes C1 controls raw and turns the characters XML 1.0
// cannot carry (ESC, NUL) into U+FFFD; Clean shows them as \x1b instead.
// The document goes through a line guard like every text format.
func (junitPrinter) Print(w io.Writer, r *Report, _ Options) error {
	doc := buildJUnit(r.visible().sanitized(cleanLines))
	return guarded(w, false, func(w io.Writer) error {
		if _, err := io.WriteString(w, xml.Header); err != nil {
			return err
		}
		enc := xml.NewEncoder(w)
		enc.Indent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return fmt.Errorf("encoding junit xml: %w", err)
		}
		_, err := io.WriteString(w, "\n")
		return err
	})
}

func buildJUnit(r *Report) *junitSuites {
	byService := map[string][]rules.Finding{}
	for _, f := range r.Findings {
		byService[f.Service] = append(byService[f.Service], f)
	}
	var suites []junitSuite
	known := map[string]bool{}
	for i := range r.Services {
		s := &r.Services[i]
		known[s.Name] = true
		suite := junitFindingSuite(r, s.Name, byService[s.Name])
		suite.Properties = junitServiceProperties(s)
		if len(suite.Cases) == 0 {
			// A service with nothing found passed: say so, so dashboards
			// show it rather than an empty suite.
			suite.Cases = []junitCase{{Name: "no findings", Classname: s.Name}}
			suite.Tests = 1
		}
		suites = append(suites, suite)
	}
	var orphans []string
	for name := range byService {
		if name != "" && !known[name] {
			orphans = append(orphans, name)
		}
	}
	sort.Strings(orphans)
	for _, name := range orphans {
		suites = append(suites, junitFindingSuite(r, name, byService[name]))
	}
	if fs := byService[""]; len(fs) > 0 {
		suites = append(suites, junitFindingSuite(r, noServiceSuite, fs))
	}
	if len(r.Errors) > 0 {
		suite := junitSuite{Name: inputsSuite}
		for _, e := range r.Errors {
			name := position(e.File, e.Line, e.Column)
			if name == "" {
				name = "audit"
			}
			suite.Cases = append(suite.Cases, junitCase{
				Name:      name,
				Classname: inputsSuite,
				File:      workPath(r.Root, e.File),
				Line:      e.Line,
				Failure:   &junitFailure{Message: e.Message, Type: "input-error", Text: e.String()},
			})
			suite.Tests++
			suite.Failures++
		}
		suites = append(suites, suite)
	}
	doc := &junitSuites{
		Name:   "stateaudit",
		Time:   fmt.Sprintf("%.3f", float64(r.Stats.DurationMS)/1000),
		Suites: suites,
	}
	for _, s := range suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
	}
	return doc
}

// junitFindingSuite turns one service's findings into test cases.
func junitFindingSuite(r *Report, name string, fs []rules.Finding) junitSuite {
	suite := junitSuite{Name: name}
	for _, f := range fs {
		c := junitCase{
			Name:      position(f.File, f.Line, f.Column),
			Classname: f.Rule,
			File:      workPath(r.Root, f.File),
			Line:      f.Line,
		}
		text := junitText(f)
		switch {
		case f.Suppressed:
			msg := "suppressed"
			if f.Justification != "" {
				msg += ": " + f.Justification
			}
			c.Skipped = &junitSkipped{Message: msg}
			suite.Skipped++
		case f.Severity >= rules.Warning:
			c.Failure = &junitFailure{Message: f.Message, Type: f.Severity.String(), Text: text}
			suite.Failures++
		default:
			c.SystemOut = text
		}
		suite.Cases = append(suite.Cases, c)
		suite.Tests++
	}
	return suite
}

// junitText is the body of a failure: what the table prints for a finding.
func junitText(f rules.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: %s", position(f.File, f.Line, f.Column), f.Severity, f.Message)
	for _, rel := range f.Related {
		fmt.Fprintf(&b, "\nsee %s: %s", position(rel.File, rel.Line, 0), rel.Message)
	}
	fmt.Fprintf(&b, "\n%s: %s (stateaudit explain %s)", f.Rule, f.Remediation, f.Rule)
	return b.String()
}

// junitServiceProperties records the service's verdicts next to its cases.
func junitServiceProperties(s *Service) []junitProperty {
	ps := []junitProperty{{Name: "kind", Value: s.Kind}}
	if s.Replicas > 0 {
		ps = append(ps, junitProperty{Name: "replicas", Value: fmt.Sprint(s.Replicas)})
	}
	if s.Image != "" {
		ps = append(ps, junitProperty{Name: "image", Value: s.Image})
	}
	if s.Kind != "backing" {
		for _, c := range rules.Characteristics {
			v := s.Verdicts[c].Verdict
			if v == "" {
				v = Stateless
			}
			ps = append(ps, junitProperty{Name: string(c), Value: v})
		}
	}
	return ps
}
