package realworld

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stateaudit/stateaudit/analyzers"
	"github.com/stateaudit/stateaudit/internal/config"
	"github.com/stateaudit/stateaudit/internal/engine"
	"github.com/stateaudit/stateaudit/rules"
)

var (
	dump = flag.Bool("realworld.dump", false, "print the findings that have no verdict yet, as verdicts.tsv lines to fill in")
	only = flag.String("realworld.repo", "", "audit only this repository (owner/name)")
)

const (
	corpusFile   = "../../testdata/realworld/corpus.tsv"
	verdictsFile = "../../testdata/realworld/verdicts.tsv"
	// stateFile lists the runtime state a reader found in the corpus
	// without looking at stateaudit's findings: the ground truth of recall.
	stateFile = "../../testdata/realworld/state.tsv"
	// minPrecision is the share of errors and warnings that must be right.
	minPrecision = 0.90
	// stateWindow is how many lines apart a finding and a state entry of
	// the same file may be (a map declared on one line, written on the next).
	stateWindow = 5
)

// state is one piece of runtime state a reader found.
type state struct {
	repo, file, kind, what string
	line                   int
}

func readState(t *testing.T) []state {
	if _, err := os.Stat(stateFile); err != nil {
		return nil
	}
	var out []state
	for _, r := range readTSV(t, stateFile) {
		if len(r) < 5 {
			t.Fatalf("state.tsv: want repo, file, line, kind, what: %v", r)
		}
		line, err := strconv.Atoi(r[2])
		if err != nil {
			t.Fatalf("state.tsv: bad line %v", r)
		}
		out = append(out, state{repo: r[0], file: r[1], line: line, kind: r[3], what: r[4]})
	}
	return out
}

type repo struct{ name, dir, commit string }

// key identifies a finding at a fixed commit.
type key struct{ repo, rule, file string }

type verdict struct {
	line int
	ok   bool // true positive
	note string
}

func readTSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Split(line, "\t"))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRealWorld(t *testing.T) {
	base := os.Getenv("STATEAUDIT_CORPUS")
	if base == "" {
		t.Skip("STATEAUDIT_CORPUS is not set: no real-world trees to audit (see docs/accuracy.md)")
	}
	var repos []repo
	for _, r := range readTSV(t, corpusFile) {
		if len(r) < 3 {
			t.Fatalf("corpus.tsv: short line %v", r)
		}
		if *only == "" || *only == r[0] {
			repos = append(repos, repo{r[0], r[1], r[2]})
		}
	}
	verdicts := map[key][]verdict{}
	for _, v := range readTSV(t, verdictsFile) {
		if len(v) < 6 {
			t.Fatalf("verdicts.tsv: want repo, rule, file, line, TP|FP, note: %v", v)
		}
		line, err := strconv.Atoi(v[3])
		if err != nil || v[4] != "TP" && v[4] != "FP" {
			t.Fatalf("verdicts.tsv: bad line %v", v)
		}
		k := key{v[0], v[1], v[2]}
		verdicts[k] = append(verdicts[k], verdict{line: line, ok: v[4] == "TP", note: v[5]})
	}

	var tp, fp, unjudged, present int
	var table []string
	states := readState(t)
	var found, known int
	var missed []string
	for _, r := range repos {
		dir := filepath.Join(base, r.dir)
		head, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
		if err != nil {
			t.Logf("%s: no checkout at %s, skipped", r.name, dir)
			continue
		}
		if got := strings.TrimSpace(string(head)); got != r.commit {
			t.Errorf("%s: checkout is at %s, corpus.tsv says %s", r.name, got, r.commit)
			continue
		}
		present++
		cfg, err := config.Find(dir)
		if err != nil {
			t.Errorf("%s: %v", r.name, err)
			continue
		}
		rep, err := engine.Audit(context.Background(), engine.Options{
			Paths: []string{dir}, Analyzers: analyzers.All(), Checks: analyzers.ManifestChecks(), Version: "realworld", Config: cfg,
		})
		if err != nil {
			t.Errorf("%s: %v", r.name, err)
			continue
		}
		if len(rep.Errors) > 0 {
			for _, e := range rep.Errors {
				t.Errorf("%s: exit 2 over %s", r.name, e.String())
			}
		}
		rtp, rfp, run := 0, 0, 0
		seen := map[key]map[int]bool{}
		for _, f := range rep.Findings {
			if !f.Counts() || f.Severity < rules.Warning {
				continue
			}
			k := key{r.name, f.Rule, f.File}
			v, ok := match(verdicts[k], f.Line)
			if !ok {
				run++
				if *dump {
					fmt.Printf("%s\t%s\t%s\t%d\t?\t%s\n", r.name, f.Rule, f.File, f.Line, f.Message)
				} else {
					t.Errorf("%s: no verdict for %s %s:%d: %s", r.name, f.Rule, f.File, f.Line, f.Message)
				}
				continue
			}
			if seen[k] == nil {
				seen[k] = map[int]bool{}
			}
			seen[k][v.line] = true
			if v.ok {
				rtp++
			} else {
				rfp++
			}
		}
		// What was right before must still be found.
		for k, vs := range verdicts {
			if k.repo != r.name {
				continue
			}
			for _, v := range vs {
				if v.ok && !seen[k][v.line] {
					t.Errorf("%s: true finding no longer reported: %s %s:%d (%s)", r.name, k.rule, k.file, v.line, v.note)
				}
			}
		}
		tp, fp, unjudged = tp+rtp, fp+rfp, unjudged+run
		// Recall: the state a reader found, reported by a finding that
		// counts (any severity) in the same file, a few lines away.
		rfound, rknown := 0, 0
		for _, st := range states {
			if st.repo != r.name {
				continue
			}
			rknown++
			hit := false
			for _, f := range rep.Findings {
				if f.Counts() && f.File == st.file && abs(f.Line-st.line) <= stateWindow {
					hit = true
					break
				}
				for _, rel := range f.Related {
					hit = hit || f.Counts() && rel.File == st.file && abs(rel.Line-st.line) <= stateWindow
				}
				if hit {
					break
				}
			}
			if hit {
				rfound++
			} else {
				missed = append(missed, fmt.Sprintf("%s %s:%d (%s): %s", r.name, st.file, st.line, st.kind, st.what))
			}
		}
		found, known = found+rfound, known+rknown
		table = append(table, fmt.Sprintf("| %s | %d | %d | %s | %d of %d |", r.name, rtp, rfp, pct(rtp, rtp+rfp), rfound, rknown))
	}
	if present == 0 {
		t.Skipf("none of the trees is under %s", base)
	}
	sort.Strings(table)
	t.Logf("\n| repository | true | false | precision | state found |\n|---|---|---|---|---|\n%s\n| **all** | %d | %d | %s | %d of %d (%s) |",
		strings.Join(table, "\n"), tp, fp, pct(tp, tp+fp), found, known, pct(found, known))
	if *dump || testing.Verbose() {
		sort.Strings(missed)
		for _, m := range missed {
			t.Logf("state not reported: %s", m)
		}
	}
	if unjudged > 0 {
		t.Errorf("%d findings have no verdict: run with -realworld.dump, read the code, add them to verdicts.tsv", unjudged)
	}
	if tp+fp > 0 && float64(tp)/float64(tp+fp) < minPrecision {
		t.Errorf("precision %s is below %.0f%%", pct(tp, tp+fp), minPrecision*100)
	}
}

// match finds the verdict for a finding at line: the same line, or, when
// none is, the nearest within three lines (a rule that moved its position
// to the call or the key on the next line).
func match(vs []verdict, line int) (verdict, bool) {
	best, found := verdict{}, false
	for _, v := range vs {
		d := v.line - line
		if d < 0 {
			d = -d
		}
		if d == 0 {
			return v, true
		}
		if d <= 3 && (!found || abs(best.line-line) > d) {
			best, found = v, true
		}
	}
	return best, found
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func pct(n, d int) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f %%", 100*float64(n)/float64(d))
}
