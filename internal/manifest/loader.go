package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
)

// MaxFileSize bounds what one file may hold; larger files are reported and skipped.
const MaxFileSize = 64 << 20

// maxTerraformSize bounds the Terraform files read: real ones are kilobytes.
const maxTerraformSize = 8 << 20

// Load reads one file's bytes, named rel (relative to the audited root), and
// returns the loaded file, or nil when the file is not configuration this
// package understands (skipped), plus any errors with positions. A file may
// load partially: the documents that parse are kept.
//
// Load never panics: a panic in a parser becomes an Error naming the file, so
// one odd file cannot stop an audit.
func Load(rel string, data []byte) (f *File, errs []Error) {
	f, errs, _ = loadFile(rel, data)
	return f, errs
}

// loadFile is Load that also says why a file was skipped.
func loadFile(rel string, data []byte) (f *File, errs []Error, skip string) {
	return loadFileChart(rel, data, nil)
}

// loadFileChart is loadFile for a file of a Helm chart whose values are known.
func loadFileChart(rel string, data []byte, chart *Chart) (f *File, errs []Error, skip string) {
	defer guard(rel, &f, &errs)
	format, ok := Classify(rel, data)
	if !ok {
		return nil, nil, "not a configuration file stateaudit reads"
	}
	f = &File{Path: rel, Format: format, Lines: splitLines(data)}
	switch format {
	case Kubernetes, Compose, Skaffold:
		if inHelmTemplates(rel) {
			if line, ok := unterminatedAction(data); ok {
				// Helm itself fails on this: a broken template.
				errs = append(errs, Error{File: rel, Line: line, Message: "template action {{ is never closed with }}"})
				return f, errs, ""
			}
		}
		errs = loadYAMLChart(f, data, chart)
		if len(errs) > 0 && inHelmTemplates(rel) {
			// The template reads as YAML only once rendered (a block built
			// by include or toYaml, a key set by a range): keep what did
			// read, and say what did not, without calling the file broken.
			return f, nil, "a Helm template read without rendering, in part (" + firstError(errs) + ")"
		}
		if len(errs) > 0 && !inHelmTemplates(rel) && bytes.Contains(data, []byte("{{")) {
			// A Go template outside a chart (rendered by some script with
			// values stateaudit does not have): not a manifest it can read.
			return nil, nil, "a Go template outside a Helm chart (" + firstError(errs) + ")"
		}
		if format == Kubernetes && len(f.Objects) == 0 {
			// YAML or JSON that merely mentions apiVersion and kind (a CI
			// workflow, a JSON schema, Helm values): not a manifest. Its
			// syntax errors only matter when it looks like one.
			if len(errs) == 0 {
				return nil, nil, "no Kubernetes objects"
			}
			if !looksManifest(data) {
				return nil, nil, "broken YAML that does not look like a manifest (" + firstError(errs) + ")"
			}
		}
		if format == Compose && len(f.Docs) == 0 && len(errs) > 0 && !IsComposeName(rel) && !hasTopLevelKey(data, "services") {
			return nil, nil, "broken YAML that does not look like a compose file (" + firstError(errs) + ")"
		}
	case Nginx:
		errs = parseNginx(f, data)
	case HAProxy:
		errs = parseHAProxy(f, data)
	case Dockerfile:
		errs = parseDockerfile(f, data)
	case Apache:
		errs = parseApache(f, data)
	case Envoy:
		errs = loadYAML(f, data)
	case Terraform:
		if len(data) > maxTerraformSize {
			return nil, nil, fmt.Sprintf("a Terraform file larger than %d MiB (HCL reads about a megabyte a second on hostile input)", maxTerraformSize>>20)
		}
		if strings.HasSuffix(strings.ToLower(rel), ".tf.json") {
			errs = loadYAML(f, data)
			parseTerraformJSON(f)
		} else {
			errs = parseTerraform(f, data)
		}
	}
	if len(errs) > 1 {
		// The first problem is the one to fix; the rest often cascade from it.
		first := errs[0]
		first.Message += fmt.Sprintf(" (and %d more problems in this file)", len(errs)-1)
		errs = []Error{first}
	}
	return f, errs, ""
}

func firstError(errs []Error) string {
	if len(errs) == 0 {
		return ""
	}
	return errs[0].Error()
}

// IsComposeName reports whether a file is named like a compose file
// (compose.yaml, docker-compose.prod.yml, compose.override.yaml).
func IsComposeName(name string) bool {
	base := strings.ToLower(filepath.Base(name))
	ext := filepath.Ext(base)
	if ext != ".yml" && ext != ".yaml" {
		return false
	}
	return strings.HasPrefix(base, "docker-compose") || strings.HasPrefix(base, "compose.") || strings.HasPrefix(base, "compose-")
}

// hasTopLevelKey reports whether a line starts, at column 1, with key and a colon.
func hasTopLevelKey(data []byte, key string) bool {
	for _, line := range bytes.Split(data, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte(key)); ok && len(rest) > 0 && rest[0] == ':' {
			return true
		}
	}
	return false
}

// IsDockerfileName reports whether a file name is a Dockerfile's:
// Dockerfile, Dockerfile.prod, api.dockerfile, Containerfile — but not
// source files that happen to be called dockerfile.go.
func IsDockerfileName(name string) bool {
	base := strings.ToLower(filepath.Base(name))
	if base == "dockerfile" || base == "containerfile" || strings.HasSuffix(base, ".dockerfile") {
		return true
	}
	rest, ok := strings.CutPrefix(base, "dockerfile.")
	if !ok {
		return false
	}
	switch filepath.Ext("x." + rest) {
	case ".go", ".py", ".js", ".ts", ".rs", ".java", ".rb", ".md", ".txt", ".json", ".yaml", ".yml", ".sh", ".c", ".h", ".bak", ".orig",
		".dockerignore", ".ignore", ".tmpl", ".template", ".j2", ".tpl", ".toml", ".lock", ".sum", ".mod", ".html", ".xml", ".bat", ".ps1", ".swp":
		return false
	}
	return true
}

// guard turns a panic while loading into an Error for the file.
func guard(rel string, f **File, errs *[]Error) {
	if r := recover(); r != nil {
		*f = nil
		*errs = append(*errs, Error{File: rel, Message: fmt.Sprintf("internal error while loading: %v", r)})
	}
}

// Classify decides from a file's name (and, for YAML, a peek at its content)
// which format it holds.
func Classify(rel string, data []byte) (Format, bool) {
	if format, ok := classifyMore(rel, data); ok {
		return format, true
	}
	base := strings.ToLower(filepath.Base(rel))
	ext := filepath.Ext(base)
	switch {
	case IsDockerfileName(base):
		return Dockerfile, true
	case strings.HasPrefix(base, "haproxy") && (ext == ".cfg" || ext == ".conf"):
		return HAProxy, true
	case ext == ".conf" && (strings.Contains(base, "nginx") || bytes.Contains(data, []byte("upstream")) || bytes.Contains(data, []byte("server {"))):
		if looksHAProxy(data) {
			return HAProxy, true
		}
		return Nginx, true
	case ext == ".cfg" && looksHAProxy(data):
		return HAProxy, true
	case IsComposeName(base):
		return Compose, true
	case base == "skaffold.yaml" || base == "skaffold.yml":
		return Skaffold, true
	case ext == ".yaml" || ext == ".yml" || ext == ".json" || (ext == ".tpl" && inHelmTemplates(rel)):
		if inHelmTemplates(rel) {
			// Helm renders every file of templates/ except partials
			// (_helpers.tpl) and NOTES.txt.
			return Kubernetes, !strings.HasPrefix(base, "_")
		}
		if ext == ".json" {
			return Kubernetes, bytes.Contains(data, []byte(`"apiVersion"`)) && bytes.Contains(data, []byte(`"kind"`))
		}
		if bytes.Contains(data, []byte("apiVersion")) && bytes.Contains(data, []byte("kind")) {
			return Kubernetes, true
		}
		if ext != ".json" && bytes.Contains(data, []byte("services:")) && (bytes.Contains(data, []byte("image:")) || bytes.Contains(data, []byte("build:"))) {
			return Compose, true
		}
	}
	return "", false
}

func looksHAProxy(data []byte) bool { return LooksHAProxy(data) }

// inHelmTemplates reports whether a file is a Helm chart template.
func inHelmTemplates(rel string) bool {
	return strings.Contains("/"+filepath.ToSlash(rel), "/templates/")
}

func splitLines(data []byte) []string {
	return strings.Split(string(data), "\n")
}

// looksManifest reports whether a YAML or JSON file has top-level-looking
// apiVersion and kind keys, so that its syntax errors are worth reporting.
func looksManifest(data []byte) bool {
	return hasKeyLine(data, "apiVersion") && hasKeyLine(data, "kind")
}

// hasKeyLine reports whether some line starts (after indentation, a list
// dash or a JSON quote) with key followed by a colon.
func hasKeyLine(data []byte, key string) bool {
	for rest := data; len(rest) > 0; {
		i := bytes.Index(rest, []byte(key))
		if i < 0 {
			return false
		}
		before := bytes.TrimLeft(rest[:i][bytes.LastIndexByte(rest[:i], '\n')+1:], " \t-{,")
		after := bytes.TrimLeft(rest[i+len(key):], `"' `)
		if (len(before) == 0 || string(before) == `"` || string(before) == "'") && len(after) > 0 && after[0] == ':' {
			return true
		}
		rest = rest[i+len(key):]
	}
	return false
}

// ReadFile reads a file for loading, refusing what is too large, not a
// regular file, or binary. Its errors are short ("binary file"): the caller
// names the file.
//
// When fsys can describe a file without opening it (fs.ReadLinkFS, as Tree
// and os.DirFS do), ReadFile looks first: a named pipe, socket or device is
// skipped unopened (opening a pipe waits for a writer, forever; reading a
// device never ends), and a symbolic link is followed only as far as fsys
// lets it — a Tree keeps it inside the audited directory.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	if lfs, ok := fsys.(fs.ReadLinkFS); ok {
		info, err := lfs.Lstat(name)
		if err == nil && info.Mode()&fs.ModeSymlink != 0 {
			info, err = fs.Stat(fsys, name)
		}
		if err != nil {
			return nil, readError(err)
		}
		if !info.Mode().IsRegular() {
			return nil, &SkipError{NotRegular(info.Mode())}
		}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, readError(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, unwrapPath(err)
	}
	if !info.Mode().IsRegular() {
		return nil, &SkipError{NotRegular(info.Mode())}
	}
	if info.Size() > MaxFileSize {
		return nil, fmt.Errorf("file is %d MiB, larger than the %d MiB limit", info.Size()>>20, MaxFileSize>>20)
	}
	// The size may change between Stat and Read: never read past the limit.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, unwrapPath(err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("file is larger than the %d MiB limit", MaxFileSize>>20)
	}
	if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		return nil, &SkipError{"binary file"}
	}
	return data, nil
}

// NotRegular says what a file that is not a regular file is ("not a
// regular file: a named pipe"), as a skip reason.
func NotRegular(mode fs.FileMode) string {
	what := "not a regular file"
	switch {
	case mode.IsDir():
		return what + ": a directory"
	case mode&fs.ModeNamedPipe != 0:
		return what + ": a named pipe"
	case mode&fs.ModeSocket != 0:
		return what + ": a socket"
	case mode&fs.ModeDevice != 0:
		return what + ": a device"
	case mode&fs.ModeSymlink != 0:
		return what + ": a symbolic link"
	}
	return what
}

// readError is unwrapPath, except that a name that leads out of a Tree
// through a symbolic link (the file's or a directory's on the way) is
// skipped with the reason: it is not a broken file of the tree.
func readError(err error) error {
	if leavesTree(err) {
		return &SkipError{"a symbolic link out of the audited directory"}
	}
	return unwrapPath(err)
}

// unwrapPath drops the operation and path of an *fs.PathError: the Error
// that carries the message already names the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("reading: %w", pe.Err)
	}
	return err
}

// ChartDir returns the directory of the chart a template belongs to
// ("charts/app" for "charts/app/templates/deploy.yaml"), or "".
func ChartDir(rel string) string {
	rel = filepath.ToSlash(rel)
	if strings.HasPrefix(rel, "templates/") {
		return "."
	}
	if i := strings.LastIndex(rel, "/templates/"); i >= 0 {
		return rel[:i]
	}
	return ""
}
