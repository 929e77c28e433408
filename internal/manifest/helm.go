package manifest

import "bytes"

// Placeholder starts the text that stands for a Helm action in a
// detemplated file. It is no longer than the shortest action, `{{}}`.
const Placeholder = "TPL_"

// Detemplate makes a Helm template parseable as YAML without rendering it,
// keeping line and column numbers those of the template:
//
//   - an action `{{ … }}` inside a line becomes a placeholder scalar of the
//     same length (TPL_____), so `replicas: {{ .Values.n }}` reads as a
//     value that is unknown (see IsTemplated);
//   - a line that holds nothing but actions (`{{- if … }}`, `{{- end }}`,
//     `{{- toYaml .Values.x | nindent 8 }}`, `{{ include … }}`) becomes
//     blank, so both branches of an if appear and included blocks are absent;
//   - an action or comment that spans lines (`{{/* … */}}`) is blanked,
//     keeping its newlines.
func Detemplate(data []byte) []byte {
	if !bytes.Contains(data, []byte("{{")) {
		return data
	}
	out := bytes.Clone(data)
	// Pass 1: mark one-line actions with NUL bytes (ReadFile refuses files
	// that hold any) and blank multi-line ones.
	for i := 0; ; {
		s := bytes.Index(out[i:], []byte("{{"))
		if s < 0 {
			break
		}
		s += i
		e := actionEnd(out, s)
		multi := bytes.IndexByte(out[s:e], '\n') >= 0
		for k := s; k < e; k++ {
			switch {
			case !multi:
				out[k] = 0
			case out[k] != '\n':
				out[k] = ' '
			}
		}
		i = e
	}
	// Pass 2: blank action-only lines, turn marks into placeholders.
	for start := 0; start < len(out); {
		end := bytes.IndexByte(out[start:], '\n')
		if end < 0 {
			end = len(out)
		} else {
			end += start
		}
		line := out[start:end]
		if bytes.IndexByte(line, 0) >= 0 && len(bytes.Trim(line, " \t\r\x00")) == 0 {
			for k := range line {
				if line[k] != '\r' {
					line[k] = ' '
				}
			}
		} else {
			for k := 0; k < len(line); k++ {
				if line[k] != 0 {
					continue
				}
				n := copy(line[k:], Placeholder)
				for k += n; k < len(line) && line[k] == 0; k++ {
					line[k] = '_'
				}
			}
		}
		start = end + 1
	}
	return out
}

// actionEnd returns the offset just past the action that starts at s: its
// `}}`, or for a comment `{{/* … */}}` the `}}` after `*/` (a comment may
// quote actions). An action left open ends with its line.
func actionEnd(data []byte, s int) int {
	from := s + 2
	if body := bytes.TrimLeft(bytes.TrimPrefix(data[from:], []byte("-")), " \t"); bytes.HasPrefix(body, []byte("/*")) {
		if c := bytes.Index(data[from:], []byte("*/")); c >= 0 {
			from += c + 2
		}
	}
	if e := bytes.Index(data[from:], []byte("}}")); e >= 0 {
		return from + e + 2
	}
	if nl := bytes.IndexByte(data[s:], '\n'); nl >= 0 {
		return s + nl
	}
	return len(data)
}

// unterminatedAction finds a template action `{{` that no `}}` closes before
// the end of the file (a comment `{{/* … */}}` may span lines), and returns
// its 1-based line. Helm refuses such a template; the lenient reader would
// otherwise blank the rest of the file without a word.
func unterminatedAction(data []byte) (int, bool) {
	for i := 0; ; {
		s := bytes.Index(data[i:], []byte("{{"))
		if s < 0 {
			return 0, false
		}
		s += i
		from := s + 2
		if body := bytes.TrimLeft(bytes.TrimPrefix(data[from:], []byte("-")), " \t"); bytes.HasPrefix(body, []byte("/*")) {
			c := bytes.Index(data[from:], []byte("*/"))
			if c < 0 {
				return 1 + bytes.Count(data[:s], []byte("\n")), true
			}
			from += c + 2
		}
		e := bytes.Index(data[from:], []byte("}}"))
		if e < 0 {
			return 1 + bytes.Count(data[:s], []byte("\n")), true
		}
		i = from + e + 2
	}
}
