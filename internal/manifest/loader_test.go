package manifest

import (
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"
)

// load is Load for tests that expect no errors.
func load(t *testing.T, rel, src string) *File {
	t.Helper()
	f, errs := Load(rel, []byte(src))
	for _, e := range errs {
		t.Errorf("unexpected error: %v", e)
	}
	if f == nil {
		t.Fatalf("%s was skipped", rel)
	}
	return f
}

// lineOf returns the 1-based line of the first line of src containing s.
func lineOf(t *testing.T, src, s string) int {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("%q not in source", s)
	return 0
}

func kinds(f *File) string {
	var ks []string
	for _, o := range f.Objects {
		ks = append(ks, o.Kind+"/"+o.Name)
	}
	return strings.Join(ks, " ")
}

func TestJSONManifest(t *testing.T) {
	src := `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "shop"},
  "spec": {
    "replicas": 3,
    "template": {"spec": {"containers": [
      {"name": "web", "image": "shop/web:1"}
    ]}}
  }
}
`
	f := load(t, "deploy/web.json", src)
	if got := kinds(f); got != "Deployment/web" {
		t.Fatalf("objects = %q", got)
	}
	o := f.Objects[0]
	if o.Namespace != "shop" {
		t.Errorf("namespace = %q", o.Namespace)
	}
	if n, ok := o.Replicas(); !ok || n != 3 {
		t.Errorf("replicas = %d, %v", n, ok)
	}
	img := Key(Containers(o.PodSpec())[0], "image")
	if want := lineOf(t, src, `"image"`); img.Line != want || img.Column != 23 {
		t.Errorf("image key at %d:%d, want %d:23", img.Line, img.Column, want)
	}
}

func TestJSONNotManifestSkipped(t *testing.T) {
	for name, src := range map[string]string{
		"package.json":         `{"name": "web", "version": "1.0.0", "scripts": {"build": "tsc"}}`,
		"schema.json":          `{"properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"}}}`,
		"tsconfig.json":        "{\n  // comments are not JSON\n  \"compilerOptions\": {\"kind\": 1, \"apiVersion\": 2,},\n}",
		"fixtures/broken.json": `{"apiVersion": "v1", "kind"`, // no colon after kind: not manifest-like
		"data/list.json":       `[{"apiVersion": "v1", "kind": "Pod"}]`,
	} {
		f, errs := Load(name, []byte(src))
		if f != nil || len(errs) > 0 {
			t.Errorf("%s: got file %v, errors %v; want skipped", name, f != nil, errs)
		}
	}
}

func TestYAMLNotManifestSkipped(t *testing.T) {
	src := `name: ci
on: push
jobs:
  deploy:
    steps:
      - run: kubectl apply -f - <<EOF apiVersion kind
`
	if f, errs := Load(".github/workflows/ci.yaml", []byte(src)); f != nil || errs != nil {
		t.Errorf("workflow: got %v %v, want skipped", f, errs)
	}
	// Mentions apiVersion and kind, does not parse, does not look like a manifest.
	bad := "values: [apiVersion, kind\n"
	if f, errs := Load("values.yaml", []byte(bad)); f != nil || errs != nil {
		t.Errorf("broken non-manifest: got %v %v, want skipped", f, errs)
	}
}

const multiDoc = `# leading comment
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  sessionAffinity: ClientIP
---
---
# an empty document above
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
...
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
`

func TestMultiDocument(t *testing.T) {
	f := load(t, "k8s/app.yaml", multiDoc)
	if got := kinds(f); got != "Service/web Deployment/web ConfigMap/cfg" {
		t.Fatalf("objects = %q", got)
	}
	k := Key(Get(f.Objects[0].Node, "spec"), "sessionAffinity")
	if want := lineOf(t, multiDoc, "sessionAffinity"); k.Line != want || k.Column != 3 {
		t.Errorf("sessionAffinity at %d:%d, want %d:3", k.Line, k.Column, want)
	}
	r := Key(Get(f.Objects[1].Node, "spec"), "replicas")
	if want := lineOf(t, multiDoc, "replicas"); r.Line != want {
		t.Errorf("replicas at line %d, want %d", r.Line, want)
	}
	if f.Objects[2].Node.Line != lineOf(t, multiDoc, "kind: ConfigMap")-1 {
		t.Errorf("ConfigMap node at line %d", f.Objects[2].Node.Line)
	}
	if len(f.Lines) != strings.Count(multiDoc, "\n")+1 {
		t.Errorf("Lines has %d entries", len(f.Lines))
	}
}

func TestKindList(t *testing.T) {
	src := `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: PersistentVolumeClaim
  metadata: {name: data, namespace: shop}
  spec: {accessModes: [ReadWriteOnce]}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
- kind: NoAPIVersion
- not a mapping
---
apiVersion: v1
kind: ServiceList
items:
- apiVersion: v1
  kind: Service
  metadata: {name: web}
`
	f := load(t, "list.yaml", src)
	if got := kinds(f); got != "PersistentVolumeClaim/data Deployment/web Service/web" {
		t.Fatalf("objects = %q", got)
	}
	if f.Objects[0].Namespace != "shop" || f.Objects[0].Node.Line != 4 {
		t.Errorf("claim: namespace %q line %d", f.Objects[0].Namespace, f.Objects[0].Node.Line)
	}
}

// chartDeployment is `helm create`'s deployment template, with a
// persistence block added.
const chartDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "mychart.fullname" . }}
  labels:
    {{- include "mychart.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "mychart.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      labels:
        {{- include "mychart.labels" . | nindent 8 }}
        {{- with .Values.podLabels }}{{ toYaml . | nindent 8 }}{{- end }}
    spec:
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      serviceAccountName: {{ include "mychart.serviceAccountName" . }}
      {{/*
      A comment that spans lines: {{ not an action }}
      */}}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .Chart.Name }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .Values.service.port }}
              protocol: TCP
          {{- if .Values.persistence.enabled }}
          volumeMounts:
            - name: data
              mountPath: /var/lib/app
          {{- end }}
      {{- if .Values.persistence.enabled }}
      volumes:
        - name: data
          persistentVolumeClaim:
            claimName: {{ .Values.persistence.existingClaim | default (include "mychart.fullname" .) }}
      {{- else }}
      volumes:
        - name: data
          emptyDir: {}
      {{- end }}
      {{- range $k, $v := .Values.extra }}
      {{ $k }}: {{ $v | quote }}
      {{- end }}
`

func TestHelmTemplate(t *testing.T) {
	f := load(t, "charts/mychart/templates/deployment.yaml", chartDeployment)
	if !f.Helm {
		t.Error("Helm not set")
	}
	if got := kinds(f); !strings.HasPrefix(got, "Deployment/") {
		t.Fatalf("objects = %q", got)
	}
	o := f.Objects[0]
	if !IsTemplated(o.Name) {
		t.Errorf("name %q should be templated", o.Name)
	}
	if _, ok := o.Replicas(); ok {
		t.Error("templated replicas must not be a number")
	}
	spec := o.PodSpec()
	c := Containers(spec)
	if len(c) != 1 {
		t.Fatalf("containers = %d", len(c))
	}
	for key, want := range map[string]string{"image": "image:", "imagePullPolicy": "imagePullPolicy:"} {
		k := Key(c[0], key)
		if k == nil || k.Line != lineOf(t, chartDeployment, want) {
			t.Errorf("%s key at %v, want line %d", key, k, lineOf(t, chartDeployment, want))
		}
		if v := Str(Get(c[0], key)); !IsTemplated(v) {
			t.Errorf("%s = %q, want templated", key, v)
		}
	}
	img := Get(c[0], "image")
	if len(img.Value) != len(`{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}`) {
		t.Errorf("placeholder changed the length: %q", img.Value)
	}
	mp := Key(Items(Get(c[0], "volumeMounts"))[0], "mountPath")
	if mp.Line != lineOf(t, chartDeployment, "mountPath:") || mp.Column != 15 {
		t.Errorf("mountPath at %d:%d", mp.Line, mp.Column)
	}
	claim := Get(spec, "volumes")
	if claim == nil {
		t.Fatal("no volumes")
	}
	if sc := Get(c[0], "securityContext"); sc == nil || sc.Tag != "!!null" {
		t.Errorf("securityContext = %v, want null (set by toYaml)", sc)
	}
}

func TestHelmPartialsSkipped(t *testing.T) {
	helpers := `{{/* Expand the name of the chart. */}}
{{- define "mychart.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "mychart.labels" -}}
helm.sh/chart: {{ include "mychart.chart" . }}
{{- end }}
`
	if f, errs := Load("charts/mychart/templates/_helpers.tpl", []byte(helpers)); f != nil || errs != nil {
		t.Errorf("_helpers.tpl: got %v %v, want skipped", f, errs)
	}
	if f, errs := Load("charts/mychart/templates/NOTES.txt", []byte("Get the URL: {{ .Values.x }}")); f != nil || errs != nil {
		t.Errorf("NOTES.txt: got %v %v, want skipped", f, errs)
	}
}

func TestDetemplate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a: {{ .x }}\n", "a: TPL_____\n"},
		{"  {{- if .x }}\nb: 1\n", "              \nb: 1\n"},
		{"{{- end }}{{ end }}\n", "                   \n"},
		{"c: {{ .a }}-{{ .b }}\n", "c: TPL_____-TPL_____\n"},
		{"{{/*\n x: 1\n*/}}\nd: 2", "    \n     \n    \nd: 2"},
		{"e: {{}}\r\n", "e: TPL_\r\n"},
		{"f: {{ unterminated\ng: 1\n", "f: TPL____________\ng: 1\n"},
		{"no actions\n", "no actions\n"},
	} {
		if got := string(Detemplate([]byte(tc.in))); got != tc.want {
			t.Errorf("Detemplate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	head := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: b\n"
	for _, tc := range []struct {
		name, tail string
		line       int
	}{
		{"dedent", "   ports: 1\n", 9},
		{"dedent later", "    env:\n    - name: A\n      value: b\n   ports: 1\n", 12},
		{"unclosed flow", "    command: [a, b\n    args: c\n", 9},
		{"unclosed quote", "    env: \"abc\n    args: c\n", 9},
		{"mapping values", "    args: a: b\n", 9},
		{"tab", "    args:\n\t- a\n", 10},
		{"stray sequence", "    - a\n", 9},
	} {
		f, errs := Load("k8s/broken.yaml", []byte(head+tc.tail))
		if len(errs) != 1 {
			t.Errorf("%s: errors = %v, want 1", tc.name, errs)
			continue
		}
		if f == nil {
			t.Errorf("%s: file dropped", tc.name)
		}
		if e := errs[0]; e.File != "k8s/broken.yaml" || e.Line != tc.line || !strings.HasPrefix(e.Message, "yaml: ") {
			t.Errorf("%s: error %+v, want line %d", tc.name, e, tc.line)
		}
	}
}

func TestPartialLoad(t *testing.T) {
	src := `apiVersion: v1
kind: Service
metadata: {name: before}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
 data: 1
---
apiVersion: v1
kind: Service
metadata: {name: after}
spec:
  sessionAffinity: ClientIP
`
	f, errs := Load("k8s/mixed.yaml", []byte(src))
	if len(errs) != 1 || errs[0].Line != 9 {
		t.Fatalf("errors = %v, want one at line 9", errs)
	}
	if got := kinds(f); got != "Service/before Service/after" {
		t.Fatalf("objects = %q", got)
	}
	k := Key(Get(f.Objects[1].Node, "spec"), "sessionAffinity")
	if k.Line != 15 {
		t.Errorf("sessionAffinity after the broken document at line %d, want 15", k.Line)
	}
}

func TestReadFile(t *testing.T) {
	fsys := fstest.MapFS{
		"ok.yaml":     {Data: []byte("apiVersion: v1\nkind: Pod\n")},
		"binary.yaml": {Data: append([]byte("apiVersion: v1\nkind: Pod\n"), 0, 1, 2, 0xff)},
		"dir.yaml":    {Mode: 0o755 | 1<<31},
	}
	if _, err := ReadFile(fsys, "ok.yaml"); err != nil {
		t.Error(err)
	}
	for name, want := range map[string]string{"binary.yaml": "binary file", "dir.yaml": "not a regular file: a directory", "missing.yaml": "reading: file does not exist"} {
		if _, err := ReadFile(fsys, name); err == nil || err.Error() != want {
			t.Errorf("%s: err = %v, want %q", name, err, want)
		}
	}
}

func TestAliasesAreNotExpanded(t *testing.T) {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte("a: &a\n  b: *a\n  c: [*a, *a]\n"), &n); err != nil {
		t.Fatal(err)
	}
	// A cycle: every Get step goes one level, and Walk does not follow aliases.
	if Get(&n, "a", "b", "b", "b", "c") == nil {
		t.Error("Get through a cyclic alias failed")
	}
	count := 0
	Walk(&n, func(*yaml.Node) bool { count++; return true })
	if count != 10 {
		t.Errorf("Walk visited %d nodes, want 10", count)
	}
}

func TestHelmTemplateErrors(t *testing.T) {
	// Helm fails on an action that is never closed: an error at its line.
	src := "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name\nspec: {}\n"
	if _, errs := Load("chart/templates/svc.yaml", []byte(src)); len(errs) != 1 || errs[0].Line != 4 {
		t.Errorf("unterminated action: %v", errs)
	}
	// YAML that only parses once rendered is read in part, never an error.
	src = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      {{- range .Values.containers }}\n      - name: {{ .name }}\n    {{ toYaml .extra | indent 2 }}\n      {{- end }}\n"
	f, errs, skip := loadFile("chart/templates/deploy.yaml", []byte(src))
	if len(errs) != 0 || f == nil {
		t.Errorf("template read without rendering: errs %v, file %v", errs, f)
	}
	_ = skip
	// Outside a chart, a closed action is a template too, not an error.
	if _, errs := Load("deploy/app.yaml", []byte("apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: [{{ .Ports }}\n")); len(errs) != 0 {
		t.Errorf("template outside a chart: %v", errs)
	}
}
