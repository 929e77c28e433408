package manifest

import "bytes"

// StdinName is the path findings on standard input carry.
const StdinName = "-"

// LoadStdin loads manifests piped in (`helm template … | stateaudit -`):
// Kubernetes YAML or JSON, or a compose file when it looks like one.
func LoadStdin(data []byte) (*File, []Error) {
	format := Kubernetes
	if !bytes.Contains(data, []byte("apiVersion")) && bytes.Contains(data, []byte("services:")) {
		format = Compose
	}
	f := &File{Path: StdinName, Format: format, Lines: splitLines(data)}
	return f, loadYAML(f, data)
}
