package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		// Ordinary text, IPv6 addresses and Go literals' backslashes pass.
		"sessions kept in map sessions": "sessions kept in map sessions",
		"listen on [::]:8080 or ::1":    "listen on [::]:8080 or ::1",
		`quoted "a\nb" literal`:         `quoted "a\nb" literal`,
		"✓ stateless — ✗ stateful ·":    "✓ stateless — ✗ stateful ·",
		"## heading, #123, C#":          "## heading, #123, C#",
		"":                              "",
		// Control characters, C1, separators, bidi, invalid UTF-8.
		"a\nb\r\tc":                     `a\nb\r\tc`,
		"\x1b]8;;http://evil\x1b\\link": `\x1b]8;;http://evil\x1b\link`,
		"\x1b[2J\x1b[8mhidden":          `\x1b[2J\x1b[8mhidden`,
		"nul\x00del\x7fbel\a":           `nul\x00del\x7fbel\x07`,
		"csi\u009b31m nel\u0085":        `csi\u009b31m nel\u0085`,
		"ls\u2028ps\u2029":              `ls\u2028ps\u2029`,
		"evil\u202egnp.yaml":            `evil\u202egnp.yaml`,
		"bad\xffutf8\xc3":               `bad\xffutf8\xc3`,
		// Runner commands.
		"::error::pwned":                         `\x3a:error::pwned`,
		"  ::add-mask::x":                        `  \x3a:add-mask::x`,
		"\u00a0::warning::nbsp":                  "\u00a0\\x3a:warning::nbsp",
		"\n::error::after a newline":             `\n::error::after a newline`,
		"x ##[add-mask]secret":                   `x #\x23[add-mask]secret`,
		"##vso[task.setvariable variable=A]1":    `#\x23vso[task.setvariable variable=A]1`,
		"###[error]three":                        `##\x23[error]three`,
		"##teamcity[message text='x']":           `#\x23teamcity[message text='x']`,
		"##[stop-commands]tok then ::error::x":   `#\x23[stop-commands]tok then ::error::x`,
		"\t::error::a tab is escaped, not space": `\t::error::a tab is escaped, not space`,
	} {
		got := Clean(in)
		if got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
		if again := Clean(got); again != got {
			t.Errorf("Clean is not idempotent on %q: %q", got, again)
		}
	}
}

func TestCleanLines(t *testing.T) {
	got := cleanLines("first\r\n::error::x\nthird\x1b[2J\rfourth")
	if want := "first\n\\x3a:error::x\nthird\\x1b[2J\\rfourth"; got != want {
		t.Errorf("cleanLines = %q, want %q", got, want)
	}
}

func TestLineGuard(t *testing.T) {
	var b bytes.Buffer
	g := NewLineGuard(&b, false)
	for _, chunk := range []string{"ok line\n::err", "or::split across writes\n  ##[add-mask]x\n", "\x1b[31mred\x1b[0m", " no newline"} {
		if _, err := g.Write([]byte(chunk)); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "ok line\n\\x3a:error::split across writes\n  #\\x23[add-mask]x\n\\x1b[31mred\\x1b[0m no newline"
	if b.String() != want {
		t.Errorf("guard wrote %q, want %q", b.String(), want)
	}

	// With colours, exactly the palette's sequences pass.
	b.Reset()
	g = NewLineGuard(&b, true)
	pal := palette{on: true}
	line := pal.red("r") + pal.green("g") + pal.yellow("y") + pal.cyan("c") + pal.bold("b") + pal.dim("d") + "\x1b[8mhidden\x1b]0;title\a\n"
	g.Write([]byte(line))
	g.Flush()
	want = pal.red("r") + pal.green("g") + pal.yellow("y") + pal.cyan("c") + pal.bold("b") + pal.dim("d") + `\x1b[8mhidden\x1b]0;title\x07` + "\n"
	if b.String() != want {
		t.Errorf("colour guard wrote %q, want %q", b.String(), want)
	}
}

// hostile is what an attacker puts in every string the audited tree
// feeds into a report: terminal escapes (a hyperlink, clear screen,
// hidden text, the title), line breaks followed by workflow commands,
// logging commands anywhere in a line, a C1 CSI, a bidi override, and
// Markdown that would ping, link or inject HTML in a PR comment.
const hostile = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\\x1b[2J\x1b[8m" +
	"\n::error file=x,line=1::injected\r::add-mask::secret\n  ::warning::indented" +
	" ##[error]v1 ##vso[task.setvariable variable=X]1 \u009b31m \u202eevil \x00\x7f" +
	" @octocat @org/team #123 GH-45 https://evil.example www.evil.example ~~gone~~" +
	" <img src=x onerror=alert(1)> &amp; $x$ `tick` |pipe|"

// hostileReport is sampleReport and edgeReport with hostile text added to
// every plain string field, whatever it is: names, paths, messages,
// justifications, error messages, degraded reasons, link descriptions. The
// catalog's typed strings (characteristics, categories) and the engine's
// decisions (kind, verdict, set aside) stay as they are.
func hostileReport() *Report {
	r := edgeReport()
	r.Services[0].Links = []Link{{Source: "cmd/web", Manifest: "k8s/web.yaml", How: "image name"}}
	r.Services[0].Unseen = []string{"no Go source"}
	r.Stats.Skipped = []Skipped{{File: "x.yaml", Reason: "binary"}}
	r.Stats.Tools = []string{"tools/gen"}
	r.Degraded[0].Module, r.Degraded[0].Fix = "mod", "go mod download"
	hostileStrings(reflect.ValueOf(r).Elem())
	return r
}

func hostileStrings(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.Type() == reflect.TypeOf("") && v.CanSet() {
			v.SetString(v.String() + hostile)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			switch v.Type().Field(i).Name {
			case "SetAside", "Kind", "Verdict": // what the engine decides: keep the report's shape
				continue
			}
			hostileStrings(v.Field(i))
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			hostileStrings(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			hostileStrings(e)
			v.SetMapIndex(k, e)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			hostileStrings(v.Elem())
		}
	}
}

// githubCommand is a line the github printer writes itself.
var githubCommand = regexp.MustCompile(`^::(error|warning|notice)( [^:]*)?::`)

// TestPrintersCleanEveryValue renders the hostile report in every format:
// no line may carry a raw control character, start a workflow command
// (other than the github printer's own) or hold a logging command, and the
// machine formats must stay valid and keep the values.
func TestPrintersCleanEveryValue(t *testing.T) {
	r := hostileReport()
	for _, format := range Formats() {
		for _, color := range []bool{false, true} {
			if color && format != "table" {
				continue
			}
			p, _ := Lookup(format)
			var b bytes.Buffer
			if err := p.Print(&b, r, Options{Color: color, Links: true}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			out := b.String()
			checkLines(t, format, out, color)
			switch format {
			case "json":
				var back Report
				if err := json.Unmarshal(b.Bytes(), &back); err != nil {
					t.Fatalf("json: %v", err)
				}
				if back.Findings[0].Message != r.Findings[0].Message || back.Services[2].Name != r.Services[2].Name {
					t.Errorf("json changed a value: %q", back.Findings[0].Message)
				}
			case "sarif":
				inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
				if err != nil {
					t.Fatalf("sarif: %v", err)
				}
				if err := loadSARIFSchema(t).Validate(inst); err != nil {
					t.Errorf("sarif does not validate: %v", err)
				}
			case "junit":
				var doc junitDoc
				if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
					t.Errorf("junit is not XML: %v", err)
				}
			case "markdown":
				checkMarkdown(t, out)
			}
		}
	}
}

func checkLines(t *testing.T, format, out string, color bool) {
	t.Helper()
	if color {
		// The palette's own sequences are the only escapes left.
		for _, code := range paletteCodes {
			out = strings.ReplaceAll(out, "\x1b["+code+"m", "")
		}
	}
	for i, line := range strings.Split(out, "\n") {
		for _, r := range line {
			if r < 0x20 || r == 0x7f || hidden(r) {
				t.Errorf("%s line %d: raw %U in %q", format, i+1, r, line)
				break
			}
		}
		if m := logCommand.FindString(line); m != "" {
			t.Errorf("%s line %d: logging command %q in %q", format, i+1, m, line)
		}
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		if strings.HasPrefix(trimmed, "::") && !(format == "github" && githubCommand.MatchString(line)) {
			t.Errorf("%s line %d starts a workflow command: %q", format, i+1, line)
		}
		if format == "github" && line != "" && !githubCommand.MatchString(line) && !strings.HasPrefix(line, "stateaudit ") {
			t.Errorf("github line %d is neither a command nor the summary: %q", i+1, line)
		}
	}
}

// checkMarkdown: nothing in a value pings, links, strikes through or
// becomes HTML in a PR comment. Code spans and the Mermaid block render
// literally, and the entities are the printer's own, so only the rest counts.
func checkMarkdown(t *testing.T, out string) {
	t.Helper()
	text := regexp.MustCompile("(?s)```mermaid\n.*?```").ReplaceAllString(out, "")
	text = stripCodeSpans(text)
	text = strings.ReplaceAll(text, zwsp, "\u200b")
	text = regexp.MustCompile(`&(lt|gt|amp);`).ReplaceAllString(text, "")
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`@[A-Za-z0-9]`),   // @octocat, @org/team
		regexp.MustCompile(`#[0-9]`),         // #123
		regexp.MustCompile(`(?i)\bgh-[0-9]`), // GH-45
		regexp.MustCompile(`(?i)https?://`),  // bare URL
		regexp.MustCompile(`(?i)\bwww\.`),    // www. autolink
		regexp.MustCompile(`<img`),           // HTML
		regexp.MustCompile(`&`),              // an entity of the attacker's
		regexp.MustCompile(`(^|[^\\])~`),     // strikethrough
		regexp.MustCompile(`(^|[^\\])\$`),    // math
	} {
		if m := bad.FindString(text); m != "" {
			t.Errorf("markdown has %q outside code spans", m)
		}
	}
}

// stripCodeSpans removes the code spans of Markdown text: a run of
// backticks up to the next run of the same length.
func stripCodeSpans(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '`' {
			b.WriteByte(s[i])
			i++
			continue
		}
		n := 0
		for i+n < len(s) && s[i+n] == '`' {
			n++
		}
		fence := strings.Repeat("`", n)
		end := -1
		for j := i + n; j < len(s); {
			k := strings.Index(s[j:], fence)
			if k < 0 {
				break
			}
			k += j
			m := 0
			for k+m < len(s) && s[k+m] == '`' {
				m++
			}
			if m == n {
				end = k
				break
			}
			j = k + m
		}
		if end < 0 {
			b.WriteString(fence)
			i += n
			continue
		}
		i = end + n
	}
	return b.String()
}

func TestMarkdownCodeSpans(t *testing.T) {
	for _, tc := range []struct {
		in   string
		cell bool
		want string
	}{
		{"plain", false, "`plain`"},
		{"a``b`c", false, "```a``b`c```"},
		{"ends`", false, "`` ends` ``"},
		{" both ", false, "`  both  `"},
		{"@octocat <b>", false, "`@octocat <b>`"},
		{"line\nbreak\x1b[2J", false, "`line break\\x1b[2J`"},
		{`back\|slash`, true, `back\\\|slash`},
		{"", false, "``"},
	} {
		if got := mdCode(tc.in, tc.cell); got != tc.want {
			t.Errorf("mdCode(%q, %v) = %q, want %q", tc.in, tc.cell, got, tc.want)
		}
	}
	for in, want := range map[string]string{
		"ping @octocat and @org/team":   "ping @&#8203;octocat and @&#8203;org/team",
		"fixes #123, GH-45, a/b#6":      "fixes #&#8203;123, GH-&#8203;45, a/b#&#8203;6",
		"see https://x.example/a_b":     `see https:&#8203;//x.example/a\_b`,
		"or www.x.example, me@x.org":    "or www&#8203;.x.example, me@&#8203;x.org",
		"~~gone~~ $x$ <b>&":             `\~\~gone\~\~ \$x\$ &lt;b&gt;&amp;`,
		"evil\u202e\x1b]0;t\a\n::error": `evil\\u202e\\x1b\]0;t\\x07 ::error`,
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
}
