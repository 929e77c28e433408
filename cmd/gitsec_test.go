package cmd_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stateaudit/stateaudit/cmd"
)

// The audited tree is hostile: these tests plant what a pull request could
// and check that git, run for --new-from-rev and --config-from, does not
// obey it. docs/security.md describes them.

// hermeticGit gives git an empty home, no system configuration and an
// author, so that neither the machine's configuration nor a GIT_DIR of the
// environment changes what the test sees.
func hermeticGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH: the git tests need a real git")
	}
	// The go command keeps its caches and settings under HOME: pin them
	// first, or every audit rebuilds the standard library.
	for k, v := range goEnv(t) {
		t.Setenv(k, v)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, k := range []string{"GIT_CONFIG_GLOBAL", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_DIR",
		"GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CEILING_DIRECTORIES", "GIT_EXTERNAL_DIFF"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	for _, who := range []string{"AUTHOR", "COMMITTER"} {
		t.Setenv("GIT_"+who+"_NAME", "t")
		t.Setenv("GIT_"+who+"_EMAIL", "t@example.com")
	}
}

var (
	goEnvOnce sync.Once
	goEnvVars map[string]string
)

// goEnv is the go command's cache, module and settings locations.
func goEnv(t *testing.T) map[string]string {
	goEnvOnce.Do(func() {
		names := []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOENV"}
		out, err := exec.Command("go", append([]string{"env"}, names...)...).Output()
		if err != nil {
			return
		}
		goEnvVars = map[string]string{}
		for i, v := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
			if i < len(names) && v != "" {
				goEnvVars[names[i]] = v
			}
		}
	})
	if goEnvVars == nil {
		t.Fatal("go env failed")
	}
	return goEnvVars
}

// gitc runs git in dir ("" for the working directory) with the test's
// environment.
func gitc(t *testing.T, dir string, args ...string) string {
	t.Helper()
	if dir != "" {
		args = append([]string{"-C", dir}, args...)
	}
	out, err := exec.Command("git", append([]string{"-c", "commit.gpgsign=false"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func appendFile(t *testing.T, path, content string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(content); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// writeFiles writes files below dir; an empty content removes the file.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if content == "" {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, p, content)
	}
}

// checkout is the trusted clone: a repository whose svc directory is the
// sessionmap fixture, committed.
func checkout(t *testing.T) (top, svc string) {
	t.Helper()
	top = t.TempDir()
	svc = filepath.Join(top, "svc")
	if err := os.CopyFS(svc, os.DirFS(filepath.Join("testdata", "sessionmap"))); err != nil {
		t.Fatal(err)
	}
	gitc(t, top, "init", "-q")
	gitc(t, top, "add", ".")
	gitc(t, top, "commit", "-q", "-m", "base")
	return top, svc
}

// markerCommand is a shell command for a filter driver: it leaves marker
// behind and passes the content through.
func markerCommand(marker string) string {
	return "touch '" + marker + "' && cat"
}

// plantBare makes the audited directory a bare repository (the files a pull
// request can commit: HEAD, config, objects, refs) whose configuration
// gives it a work tree and a clean filter, applied by a .gitattributes.
func plantBare(t *testing.T, top, svc, command string) {
	gitc(t, "", "init", "-q", "--bare", svc)
	appendFile(t, filepath.Join(svc, "config"), "[core]\n\tbare = false\n\tworktree = .\n[filter \"evil\"]\n\tclean = "+command+"\n")
	writeFile(t, filepath.Join(svc, ".gitattributes"), "* filter=evil\n")
	planted := []string{"--git-dir=" + svc, "--work-tree=" + svc, "-c", "filter.evil.clean=cat"}
	gitc(t, "", append(planted, "add", "main.go")...)
	gitc(t, "", append(planted, "commit", "-q", "-m", "planted")...)
}

// plantDotGit puts a whole repository, with a clean filter, in the audited
// directory: what an archive or an earlier step could leave there.
func plantDotGit(t *testing.T, top, svc, command string) {
	gitc(t, svc, "init", "-q")
	appendFile(t, filepath.Join(svc, ".git", "config"), "[filter \"evil\"]\n\tclean = "+command+"\n")
	writeFile(t, filepath.Join(svc, ".gitattributes"), "* filter=evil\n")
	gitc(t, svc, "-c", "filter.evil.clean=cat", "add", "main.go")
	gitc(t, svc, "-c", "filter.evil.clean=cat", "commit", "-q", "-m", "planted")
}

// trustedFilter defines a required filter in the trusted repository's own
// configuration (as git-lfs does) and lets the pull request's
// .gitattributes apply it to the Go files.
func trustedFilter(t *testing.T, top, svc, command string) {
	appendFile(t, filepath.Join(top, ".git", "config"), "[filter \"lfs\"]\n\tclean = "+command+"\n\trequired = true\n")
	writeFile(t, filepath.Join(svc, ".gitattributes"), "*.go filter=lfs\n")
}

// globalFilter is trustedFilter with the filter in the user's configuration.
func globalFilter(t *testing.T, top, svc, command string) {
	writeFile(t, filepath.Join(os.Getenv("HOME"), ".gitconfig"), "[filter \"lfs\"]\n\tclean = "+command+"\n\trequired = true\n")
	writeFile(t, filepath.Join(svc, ".gitattributes"), "*.go filter=lfs\n")
}

// TestGitIgnoresPlantedRepository: with the audited root a subdirectory,
// `git -C ROOT` found the repository the pull request planted there and ran
// its clean filter; and filters of the trusted configurations ran on the
// pull request's files. None may run.
func TestGitIgnoresPlantedRepository(t *testing.T) {
	for _, tc := range []struct {
		name  string
		plant func(t *testing.T, top, svc, command string)
	}{
		{"bare repository in the audited directory", plantBare},
		{"git directory in the audited directory", plantDotGit},
		{"filter of the trusted repository", trustedFilter},
		{"filter of the global configuration", globalFilter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hermeticGit(t)
			top, svc := checkout(t)
			marker := filepath.Join(t.TempDir(), "marker")
			tc.plant(t, top, svc, markerCommand(marker))
			// The pull request edits main.go: git hashes it to diff it.
			appendFile(t, filepath.Join(svc, "main.go"), "\n// edited\n")
			t.Chdir(top)
			for _, args := range [][]string{
				{"--new-from-rev", "HEAD", "svc"},
				{"--new-from-rev", "HEAD", "--config-from", "HEAD", "svc"},
				{"--new-from-rev", "HEAD", "./svc/..."},
			} {
				_, stderr, code := run(t, "", append([]string{"--format", "json"}, args...)...)
				if _, err := os.Stat(marker); err == nil {
					t.Fatalf("%v: git ran a filter on the audited tree (stderr %q)", args, stderr)
				}
				// The session map is on an unchanged line of the trusted
				// repository's HEAD.
				if code != cmd.ExitOK {
					t.Errorf("%v: exit %d, want 0; stderr %q", args, code, stderr)
				}
			}
		})
	}
}

// TestNewFromRevRootOutsideRepository: the repository is the working
// directory's; an audited root elsewhere, or a link in the audited tree
// that leads out of it, is an error rather than a reason to look for
// another repository.
func TestNewFromRevRootOutsideRepository(t *testing.T) {
	hermeticGit(t)
	top, _ := checkout(t)
	other, _ := checkout(t)
	if err := os.Symlink(other, filepath.Join(top, "link")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	t.Chdir(top)
	for _, tc := range []struct{ root, want string }{
		{other, "is outside the git repository of the working directory"},
		{"link", "outside the git repository of the working directory"},
	} {
		_, stderr, code := run(t, "", "--new-from-rev", "HEAD", tc.root)
		if code != cmd.ExitError || !strings.Contains(stderr, "--new-from-rev: ") || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q, want %q", tc.root, code, stderr, tc.want)
		}
	}
	t.Chdir(t.TempDir())
	_, stderr, code := run(t, "", "--new-from-rev", "HEAD", top)
	if code != cmd.ExitError || !strings.Contains(stderr, "not a git repository") {
		t.Errorf("outside any repository: exit %d, stderr %q", code, stderr)
	}
}
