package gitdiff

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stateaudit/stateaudit/internal/gitrepo"
	"github.com/stateaudit/stateaudit/internal/report"
	"github.com/stateaudit/stateaudit/rules"
)

func TestParseDiff(t *testing.T) {
	diff := `diff --git a/app/main.go b/app/main.go
index 1..2 100644
--- a/app/main.go
+++ b/app/main.go
@@ -3,0 +4,2 @@ func main() {
++++ this added line starts with +++ and is content
+--- so does this one
@@ -10 +12 @@ var x
-old
+new
@@ -20,3 +22,0 @@
-a
-b
-c
\ No newline at end of file
diff --git a/gone.go b/gone.go
deleted file mode 100644
--- a/gone.go
+++ /dev/null
@@ -1,2 +0,0 @@
-x
-y
diff --git "a/we\"ird\tname.yaml" "b/we\"ird\tname.yaml"
new file mode 100644
--- /dev/null
+++ "b/we\"ird\tname.yaml"
@@ -0,0 +1,3 @@
+a
+b
+c
`
	c, err := parseDiff([]byte(diff))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		line int
		want bool
	}{
		{"app/main.go", 3, false},
		{"app/main.go", 4, true},
		{"app/main.go", 5, true},
		{"app/main.go", 6, false},
		{"app/main.go", 12, true},
		{"app/main.go", 22, false}, // a pure deletion adds no line
		{"app/main.go", 0, true},   // the file changed
		{"./app/main.go", 4, true},
		{"gone.go", 1, false},
		{"this added line starts with", 1, false},
		{"we\"ird\tname.yaml", 99, true}, // an added file is new throughout
		{"other.go", 0, false},
	} {
		if got := c.Contains(tc.file, tc.line); got != tc.want {
			t.Errorf("Contains(%q, %d) = %v, want %v", tc.file, tc.line, got, tc.want)
		}
	}
	if _, err := parseDiff([]byte("+++ b/x\n@@ -a +1 @@\n")); err == nil {
		t.Error("a malformed hunk header was accepted")
	}
}

// gitRepo makes a repository with one commit of the given files, with git
// reading no configuration of the machine.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH: the git tests need a real git")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir := t.TempDir()
	write(t, dir, files)
	run(t, dir, "init", "-q")
	run(t, dir, "add", ".")
	run(t, dir, "commit", "-q", "-m", "first")
	return dir
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func run(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func TestLoad(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"svc/main.go":    "package main\n\nfunc main() {}\n",
		"svc/k8s.yaml":   "a: 1\nb: 2\nc: 3\n",
		"other/x.go":     "package x\n",
		".gitignore":     "*.log\n",
		"svc/staged.txt": "one\n",
	})
	write(t, dir, map[string]string{
		"svc/main.go":  "package main\n\n// added\nfunc main() {}\n", // line 3 added
		"svc/k8s.yaml": "a: 1\nb: 20\nc: 3\n",                        // line 2 changed
		"svc/new.go":   "package main\n\nvar sessions = 1\n",         // untracked
		"svc/x.log":    "ignored\n",
		"other/x.go":   "package x\n\nvar y = 1\n",
	})
	write(t, dir, map[string]string{"svc/staged.txt": "one\ntwo\n"})
	run(t, dir, "add", "svc/staged.txt") // staged changes count too

	repo := open(t, dir)
	c, err := Load(context.Background(), repo, dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		line int
		want bool
	}{
		{"svc/main.go", 3, true},
		{"svc/main.go", 4, false},
		{"svc/k8s.yaml", 2, true},
		{"svc/k8s.yaml", 1, false},
		{"svc/new.go", 3, true},
		{"svc/staged.txt", 2, true},
		{"svc/x.log", 1, false},
		{"other/x.go", 3, true},
	} {
		if got := c.Contains(tc.file, tc.line); got != tc.want {
			t.Errorf("Contains(%q, %d) = %v, want %v", tc.file, tc.line, got, tc.want)
		}
	}

	// Audited root in a subdirectory: paths are relative to it.
	sub, err := Load(context.Background(), repo, filepath.Join(dir, "svc"), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if !sub.Contains("main.go", 3) || !sub.Contains("new.go", 1) || sub.Contains("svc/main.go", 3) || sub.Contains("../other/x.go", 3) {
		t.Errorf("paths are not relative to the subdirectory: %+v %+v", sub.lines, sub.whole)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", "index.lock")); err == nil {
		t.Error("git left an index lock")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := gitRepo(t, map[string]string{"a.go": "package a\n"})
	repo := open(t, dir)
	for _, tc := range []struct{ dir, rev, want string }{
		{dir, "no-such-branch", `unknown revision "no-such-branch"`},
		{dir, "--output=x", `"--output=x" is not a revision`},
		{dir, "", `"" is not a revision`},
		{t.TempDir(), "HEAD", "is outside the git repository of the working directory"},
	} {
		_, err := Load(context.Background(), repo, tc.dir, tc.rev)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%s): %v, want %q", tc.rev, err, tc.want)
		}
	}
}

func open(t *testing.T, dir string) *gitrepo.Repo {
	t.Helper()
	repo, err := gitrepo.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

func TestFilter(t *testing.T) {
	c := &Changes{lines: map[string][]lineRange{"k8s.yaml": {{5, 5}}, "a.go": {{10, 12}}}, whole: map[string]bool{}}
	f := func(file string, line int, related ...rules.Related) rules.Finding {
		return rules.Finding{Location: rules.Location{File: file, Line: line}, Related: related, Service: "web"}
	}
	rep := &report.Report{
		Findings: []rules.Finding{
			f("a.go", 3),  // 0: unchanged → dropped
			f("a.go", 11), // 1: changed → 0
			f("main.go", 7, rules.Related{Location: rules.Location{File: "k8s.yaml", Line: 5}}), // 2: related changed → 1
			f("-", 1), // 3: stdin → 2
		},
		Services: []report.Service{{Name: "web", Verdicts: map[rules.Characteristic]report.Verdict{
			rules.Scalability:    {Verdict: report.Stateful, Evidence: []int{0, 2}},
			rules.FaultTolerance: {Verdict: report.Stateful, Evidence: []int{0}},
		}}},
	}
	if n := c.Filter(rep); n != 1 {
		t.Errorf("dropped %d, want 1", n)
	}
	if len(rep.Findings) != 3 || rep.Findings[0].Line != 11 || rep.Findings[1].File != "main.go" {
		t.Errorf("kept %+v", rep.Findings)
	}
	v := rep.Services[0].Verdicts
	if s := v[rules.Scalability]; s.Verdict != report.Stateful || len(s.Evidence) != 1 || s.Evidence[0] != 1 {
		t.Errorf("scalability %+v, want stateful on finding 1", s)
	}
	if s := v[rules.FaultTolerance]; s.Verdict != report.Stateless || len(s.Evidence) != 0 {
		t.Errorf("fault tolerance %+v, want stateless", s)
	}
}
