package report

import (
	"io"

	"github.com/stateaudit/stateaudit/rules"
)

func init() { register("json", jsonPrinter{}) }

// jsonPrinter writes the stateaudit/v1 document, indented, with empty lists
// as [] rather than null so consumers need no nil checks. Values are kept
// exactly; writeJSON escapes what a terminal or a CI runner would act on.
type jsonPrinter struct{}

func (jsonPrinter) Print(w io.Writer, r *Report, _ Options) error {
	out := *r
	out.Schema = Schema
	out.Findings = append([]rules.Finding{}, out.Findings...)
	for i := range out.Findings {
		if out.Findings[i].Characteristics == nil {
			out.Findings[i].Characteristics = []rules.Characteristic{}
		}
	}
	if out.Services == nil {
		out.Services = []Service{}
	}
	// The lists are copied so that filling in empty ones never changes the
	// caller's report; the engine gives every verdict a non-nil Evidence.
	out.Services = append([]Service{}, out.Services...)
	for i := range out.Services {
		s := &out.Services[i]
		if s.Sources == nil {
			s.Sources = []string{}
		}
		if s.Manifests == nil {
			s.Manifests = []string{}
		}
	}
	if out.Errors == nil {
		out.Errors = []Error{}
	}
	return writeJSON(w, &out)
}
