package report

import (
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/stateaudit/stateaudit/rules"
)

func init() { register("sarif", sarifPrinter{}) }

// sarifPrinter writes SARIF 2.1.0 as GitHub code scanning ingests it: the
// whole rule catalog as reportingDescriptors (so alerts link to the rule's
// help), one result per finding with a stable partial fingerprint (so alerts
// survive line moves), suppressed findings marked as suppressed in source,
// and the inputs that could not be analysed as tool execution notifications.
type sarifPrinter struct{}

const (
	sarifSchema     = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion    = "2.1.0"
	sarifRootBase   = "%SRCROOT%"
	informationURI  = "https://github.com/stateaudit/stateaudit"
	ruleHelpBaseURI = "https://github.com/stateaudit/stateaudit/blob/main/"
	// fingerprintKey names the partialFingerprints entry; the version suffix
	// changes if the fingerprint's recipe ever does.
	fingerprintKey = "stateaudit/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds"`
	Results            []sarifResult                    `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifMessage       `json:"shortDescription"`
	FullDescription      sarifMessage       `json:"fullDescription"`
	Help                 *sarifMessage      `json:"help,omitempty"`
	HelpURI              string             `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags []string `json:"tags"`
	// ProblemSeverity is the key GitHub reads to sort non-security alerts:
	// error, warning or recommendation.
	ProblemSeverity string `json:"problem.severity"`
}

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Suppressions        []sarifSuppress   `json:"suppressions,omitempty"`
	Properties          *sarifResultProps `json:"properties,omitempty"`
}

type sarifResultProps struct {
	Service         string                 `json:"service,omitempty"`
	Category        rules.Category         `json:"category"`
	Characteristics []rules.Characteristic `json:"characteristics"`
	Practice        rules.Practice         `json:"practice"`
}

type sarifSuppress struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

type sarifLocation struct {
	ID               *int                   `json:"id,omitempty"`
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *sarifMessage          `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI         string        `json:"uri,omitempty"`
	URIBaseID   string        `json:"uriBaseId,omitempty"`
	Description *sarifMessage `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

func (sarifPrinter) Print(w io.Writer, r *Report, _ Options) error {
	return writeJSON(w, buildSARIF(r.visible()))
}

// buildSARIF converts a report into a SARIF log with a single run.
func buildSARIF(r *Report) *sarifLog {
	ps := newSARIFPaths(r.Root)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "stateaudit",
			Version:        r.Tool.Version,
			InformationURI: informationURI,
			Rules:          []sarifRule{},
		}},
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{sarifRootBase: ps.base},
		Results:            []sarifResult{},
	}
	index := map[string]int{}
	addRule := func(sr sarifRule) int {
		index[sr.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sr)
		return index[sr.ID]
	}
	for _, rule := range rules.All() {
		addRule(sarifRuleOf(rule))
	}
	for _, f := range r.Findings {
		idx, ok := index[f.Rule]
		if !ok {
			// A finding whose rule is not in the catalog (a report read back
			// from JSON by a build with fewer rules): describe it from the finding.
			idx = addRule(sarifRuleOfFinding(f))
		}
		run.Results = append(run.Results, sarifResultOf(f, idx, ps))
	}
	inv := sarifInvocation{ExecutionSuccessful: len(r.Errors) == 0}
	for _, e := range r.Errors {
		n := sarifNotification{Level: "error", Message: sarifMessage{Text: e.Message}}
		if e.File != "" {
			n.Locations = []sarifLocation{{PhysicalLocation: ps.physical(e.File, e.Line, e.Column)}}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	for _, d := range r.Degraded {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:   "warning",
			Message: sarifMessage{Text: d.Package + " analysed with partial types: " + d.Reason},
		})
	}
	run.Invocations = []sarifInvocation{inv}
	return &sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
}

func sarifRuleOf(rule *rules.Rule) sarifRule {
	text := rule.Summary
	if rat := strings.TrimSpace(rule.Rationale); rat != "" {
		text += "\n\n" + rat
	}
	text += "\n\nRemediation: " + rule.Remediation
	tags := []string{string(rule.Category)}
	for _, c := range rule.Characteristics {
		tags = append(tags, string(c))
	}
	tags = append(tags, "statelessness")
	return sarifRule{
		ID:                   rule.ID,
		Name:                 camelCase(rule.ID),
		ShortDescription:     sarifMessage{Text: rule.Title},
		FullDescription:      sarifMessage{Text: rule.Summary},
		Help:                 &sarifMessage{Text: text, Markdown: rule.Markdown()},
		HelpURI:              ruleHelpBaseURI + rule.DocsPath(),
		DefaultConfiguration: sarifConfiguration{Level: rule.Severity.String()},
		Properties:           sarifRuleProps{Tags: tags, ProblemSeverity: problemSeverity(rule.Severity)},
	}
}

func sarifRuleOfFinding(f rules.Finding) sarifRule {
	tags := []string{string(f.Category)}
	for _, c := range f.Characteristics {
		tags = append(tags, string(c))
	}
	tags = append(tags, "statelessness")
	return sarifRule{
		ID:                   f.Rule,
		Name:                 camelCase(f.Rule),
		ShortDescription:     sarifMessage{Text: f.Rule},
		FullDescription:      sarifMessage{Text: f.Remediation},
		DefaultConfiguration: sarifConfiguration{Level: f.Severity.String()},
		Properties:           sarifRuleProps{Tags: tags, ProblemSeverity: problemSeverity(f.Severity)},
	}
}

// problemSeverity maps a severity to the problem.severity values GitHub
// knows from CodeQL.
func problemSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "recommendation"
}

func sarifResultOf(f rules.Finding, ruleIndex int, ps sarifPaths) sarifResult {
	res := sarifResult{
		RuleID:    f.Rule,
		RuleIndex: ruleIndex,
		Level:     f.Severity.String(),
		Message:   sarifMessage{Text: f.Message},
		Locations: []sarifLocation{{PhysicalLocation: ps.physical(f.File, f.Line, f.Column)}},
		Properties: &sarifResultProps{
			Service:         f.Service,
			Category:        f.Category,
			Characteristics: f.Characteristics,
			Practice:        f.Practice,
		},
	}
	if res.Properties.Characteristics == nil {
		res.Properties.Characteristics = []rules.Characteristic{}
	}
	if f.Fingerprint != "" {
		res.PartialFingerprints = map[string]string{fingerprintKey: f.Fingerprint}
	}
	for i, rel := range f.Related {
		id := i + 1
		res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
			ID:               &id,
			PhysicalLocation: ps.physical(rel.File, rel.Line, rel.Column),
			Message:          &sarifMessage{Text: rel.Message},
		})
	}
	if f.Suppressed {
		kind := "inSource"
		if f.Justification == BaselineJustification {
			kind = "external"
		}
		res.Suppressions = []sarifSuppress{{Kind: kind, Justification: f.Justification}}
	}
	return res
}

// sarifPaths decides what %SRCROOT% stands for. When the audited root lies
// inside the working directory (the usual `stateaudit .` or
// `stateaudit services/shop` in a checkout), URIs are relative to the working
// directory, which is what GitHub resolves them against. Otherwise they stay
// relative to the audited root, named by %SRCROOT%.
type sarifPaths struct {
	root  string
	local bool
	base  sarifArtifactLocation
}

func newSARIFPaths(root string) sarifPaths {
	if root == "" {
		root = "."
	}
	ps := sarifPaths{root: root, local: rootIsLocal(root)}
	switch {
	case ps.local:
		ps.base = sarifArtifactLocation{Description: &sarifMessage{Text: "the directory stateaudit ran in"}}
	case filepath.IsAbs(filepath.FromSlash(root)):
		p := strings.TrimSuffix(filepath.ToSlash(root), "/") + "/"
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/x → file:///C:/x/
		}
		u := url.URL{Scheme: "file", Path: p}
		ps.base = sarifArtifactLocation{URI: u.String(), Description: &sarifMessage{Text: "the audited root"}}
	default:
		ps.base = sarifArtifactLocation{Description: &sarifMessage{Text: "the audited root, " + root}}
	}
	return ps
}

// physical builds a physical location. Standard input has no file, so it is
// named by the URI "stdin" without a base; the region is left out when the
// line is unknown.
func (ps sarifPaths) physical(file string, line, col int) *sarifPhysicalLocation {
	loc := &sarifPhysicalLocation{}
	switch {
	case file == stdinFile:
		loc.ArtifactLocation = sarifArtifactLocation{URI: "stdin"}
	case ps.local:
		loc.ArtifactLocation = sarifArtifactLocation{URI: uriPath(workPath(ps.root, file)), URIBaseID: sarifRootBase}
	default:
		loc.ArtifactLocation = sarifArtifactLocation{URI: uriPath(file), URIBaseID: sarifRootBase}
	}
	if line > 0 {
		loc.Region = &sarifRegion{StartLine: line, StartColumn: max(col, 0)}
	}
	return loc
}

// uriPath percent-encodes a relative path as a URI reference, keeping
// slashes (and prefixing ./ when a colon would make it read as a scheme).
func uriPath(p string) string {
	return (&url.URL{Path: p}).String()
}
