// Package rules is stateaudit's rule catalog: the one place where every rule's
// identity and documentation live.
//
// A rule is declared once, next to the code that detects it, by calling
// Register from the analyzer's package. Everything a user reads about a rule —
// the analyzer Doc, SARIF rule metadata, `stateaudit explain`, docs/rules/*.md —
// is derived from the Rule value, so the words cannot drift apart.
package rules

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Category groups rules by the kind of state they find. The values are part of
// the stateaudit/v1 JSON schema.
type Category string

// The stable category vocabulary (see docs/json-schema.md).
const (
	// Session is client session state kept in process memory or in node-local files.
	Session Category = "session"
	// Sticky is load-balancer, proxy or mesh pinning of clients to one instance.
	Sticky Category = "sticky"
	// Disk is node-local or container-local persistent data.
	Disk Category = "disk"
	// Other is process-local state that breaks scale-out: per-instance limits,
	// connection registries, in-process caches and schedulers, shared volumes.
	Other Category = "other"
)

// Categories lists every category in display order.
var Categories = []Category{Session, Sticky, Disk, Other}

// Characteristic is one row of the stateful-vs-stateless table.
type Characteristic string

// The four key characteristics of a stateless service, in table order.
const (
	IndependentAndIsolated Characteristic = "independent-and-isolated"
	NoClientSessionState   Characteristic = "no-client-session-state"
	Scalability            Characteristic = "scalability"
	FaultTolerance         Characteristic = "fault-tolerance"
)

// Characteristics lists the four characteristics in the order the table prints them.
var Characteristics = []Characteristic{IndependentAndIsolated, NoClientSessionState, Scalability, FaultTolerance}

// Title is the characteristic's name as the table prints it.
func (c Characteristic) Title() string {
	switch c {
	case IndependentAndIsolated:
		return "Independent and Isolated"
	case NoClientSessionState:
		return "No Client Session State"
	case Scalability:
		return "Scalability"
	case FaultTolerance:
		return "Fault Tolerance"
	}
	return string(c)
}

// Stateful describes what a stateful service looks like on this characteristic.
func (c Characteristic) Stateful() string {
	switch c {
	case IndependentAndIsolated:
		return "services tightly coupled, sharing state"
	case NoClientSessionState:
		return "session state kept on the server instance"
	case Scalability:
		return "vertical scaling, limited by shared resources"
	case FaultTolerance:
		return "one failure takes state other parts rely on"
	}
	return ""
}

// Stateless describes what a stateless service looks like on this characteristic.
func (c Characteristic) Stateless() string {
	switch c {
	case IndependentAndIsolated:
		return "services operate independently"
	case NoClientSessionState:
		return "each request carries what it needs"
	case Scalability:
		return "horizontal scaling, instances added independently"
	case FaultTolerance:
		return "failure of one instance loses nothing"
	}
	return ""
}

// Practice is one of the five practices of stateless design a rule's
// remediation points to.
type Practice string

// The five practices.
const (
	ExternalizeState        Practice = "externalize-state"
	ImmutableInfrastructure Practice = "immutable-infrastructure"
	AvoidStickySessions     Practice = "avoid-sticky-sessions"
	ClientSideState         Practice = "client-side-state"
	BackingServices         Practice = "backing-services"
)

// Practices lists the five practices.
var Practices = []Practice{ExternalizeState, ImmutableInfrastructure, AvoidStickySessions, ClientSideState, BackingServices}

// Title is the practice as a person says it.
func (p Practice) Title() string {
	switch p {
	case ExternalizeState:
		return "Externalize state"
	case ImmutableInfrastructure:
		return "Embrace immutable infrastructure"
	case AvoidStickySessions:
		return "Avoid sticky sessions"
	case ClientSideState:
		return "Leverage client-side state"
	case BackingServices:
		return "Use backing services"
	}
	return string(p)
}

// Source says where a rule looks.
type Source string

// Rule sources.
const (
	GoSource       Source = "go"
	ManifestSource Source = "manifest"
	// EngineSource rules are produced by the audit engine from other
	// findings (correlations) or from the audit itself (suppressions).
	EngineSource Source = "engine"
)

// Rule is the metadata of one check. Its fields are documentation as much as
// data: a meta-test holds every registered rule to the house wording.
type Rule struct {
	// ID is the stable, readable slug users write in suppressions and config.
	ID string
	// Title is a sentence-case noun phrase.
	Title string
	// Category is the kind of state.
	Category Category
	// Characteristics are the table rows this rule weighs on.
	Characteristics []Characteristic
	// Practice is the stateless-design practice the remediation applies.
	Practice Practice
	// Severity is the default severity; configuration may override it.
	Severity Severity
	// Source says whether the rule reads Go code, manifests, or other findings.
	Source Source
	// Summary is one sentence saying what the rule detects.
	Summary string
	// Rationale explains, in Markdown paragraphs, why this is state that hurts.
	Rationale string
	// Fires lists short examples the rule reports.
	Fires []string
	// Quiet lists look-alikes the rule deliberately does not report.
	Quiet []string
	// Remediation is an imperative sentence that ends with a period.
	Remediation string
}

var (
	mu       sync.RWMutex
	registry = map[string]*Rule{}
)

// Register adds r to the catalog and returns it, so a package can declare its
// rules as variables. It panics on an invalid or duplicate rule: that is a
// programmer error found the first time the binary starts.
func Register(r *Rule) *Rule {
	if err := Validate(r); err != nil {
		panic(fmt.Sprintf("rules: invalid rule %q: %v", r.ID, err))
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := registry[r.ID]; dup {
		panic(fmt.Sprintf("rules: duplicate rule ID %q", r.ID))
	}
	registry[r.ID] = r
	return r
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (*Rule, bool) {
	mu.RLock()
	defer mu.RUnlock()
	r, ok := registry[id]
	return r, ok
}

// All returns every registered rule, sorted by category order then ID.
func All() []*Rule {
	mu.RLock()
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		ci, cj := categoryIndex(out[i].Category), categoryIndex(out[j].Category)
		if ci != cj {
			return ci < cj
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func categoryIndex(c Category) int {
	for i, x := range Categories {
		if x == c {
			return i
		}
	}
	return len(Categories)
}

// Validate checks a rule against the house wording rules. It is what the
// catalog meta-test runs on every rule.
func Validate(r *Rule) error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if !validID(r.ID) {
		add("ID must be a lowercase slug of letters, digits and dashes")
	}
	if r.Title == "" {
		add("title is empty")
	} else {
		if first := r.Title[:1]; strings.ToUpper(first) != first {
			add("title must start with a capital letter (sentence case)")
		}
		if strings.HasSuffix(r.Title, ".") {
			add("title must not end with a period")
		}
	}
	if categoryIndex(r.Category) == len(Categories) {
		add("unknown category %q", r.Category)
	}
	if len(r.Characteristics) == 0 {
		add("at least one characteristic is required")
	}
	for _, c := range r.Characteristics {
		if c.Stateful() == "" {
			add("unknown characteristic %q", c)
		}
	}
	known := false
	for _, p := range Practices {
		known = known || p == r.Practice
	}
	if !known {
		add("unknown practice %q", r.Practice)
	}
	if r.Severity < Note || r.Severity > Error {
		add("severity is not set")
	}
	switch r.Source {
	case GoSource, ManifestSource, EngineSource:
	default:
		add("unknown source %q", r.Source)
	}
	if r.Summary == "" || !strings.HasSuffix(r.Summary, ".") {
		add("summary must be a sentence ending with a period")
	}
	if strings.TrimSpace(r.Rationale) == "" {
		add("rationale (docs) is empty")
	}
	if len(r.Fires) == 0 {
		add("at least one example that fires is required")
	}
	if !imperative(r.Remediation) {
		add("remediation must be an imperative sentence ending with a period")
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

func validID(id string) bool {
	if id == "" || id[0] == '-' || id[len(id)-1] == '-' {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// imperative is a cheap test for "an imperative sentence ending with a
// period": it starts with a capitalised verb (not a subject such as "The" or
// "This", and not a gerund) and ends with a period.
func imperative(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 2 || !strings.HasSuffix(s, ".") {
		return false
	}
	word := strings.Fields(s)[0]
	word = strings.TrimRight(word, ",:;")
	if strings.ToUpper(word[:1]) != word[:1] {
		return false
	}
	switch strings.ToLower(word) {
	case "the", "this", "that", "it", "you", "we", "a", "an", "these", "there", "consider":
		return false
	}
	return !strings.HasSuffix(word, "ing")
}
