package analysisutil

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/rules"
)

// DegradedSuffix is appended to a diagnostic's message when the callee was
// recognised without type information; the engine turns it into
// Finding.Degraded.
const DegradedSuffix = " (recognised from the import path; types unavailable)"

// Report reports a diagnostic under the rule's ID as its category.
func Report(pass *analysis.Pass, r *rules.Rule, rng analysis.Range, format string, args ...any) {
	pass.Report(analysis.Diagnostic{
		Pos:      rng.Pos(),
		End:      rng.End(),
		Category: r.ID,
		Message:  fmt.Sprintf(format, args...),
	})
}

// ReportCall reports a finding at a library call, noting when the callee was
// recognised without types.
func ReportCall(pass *analysis.Pass, r *rules.Rule, call *ast.CallExpr, c Callee, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if c.Degraded {
		msg += DegradedSuffix
	}
	pass.Report(analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Category: r.ID, Message: msg})
}

// Skip reports whether a file is not service code: a _test.go file or a
// generated file.
func Skip(pass *analysis.Pass, file *ast.File) bool {
	name := pass.Fset.File(file.Pos()).Name()
	return strings.HasSuffix(name, "_test.go") || ast.IsGenerated(file)
}

// Files returns the files of the package that are service code.
func Files(pass *analysis.Pass) []*ast.File {
	out := make([]*ast.File, 0, len(pass.Files))
	for _, f := range pass.Files {
		if !Skip(pass, f) {
			out = append(out, f)
		}
	}
	return out
}

// FileOf returns the file of pass that contains pos.
func FileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// ConstString returns the constant string value of e, if it has one.
func ConstString(pass *analysis.Pass, e ast.Expr) (string, bool) {
	if tv, ok := pass.TypesInfo.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	if lit, ok := ast.Unparen(e).(*ast.BasicLit); ok && lit.Kind == token.STRING {
		s := lit.Value
		if len(s) >= 2 {
			return s[1 : len(s)-1], true
		}
	}
	return "", false
}

// ConstInt returns the constant integer value of e, if it has one.
func ConstInt(pass *analysis.Pass, e ast.Expr) (int64, bool) {
	if tv, ok := pass.TypesInfo.Types[e]; ok && tv.Value != nil {
		if v, exact := constant.Int64Val(constant.ToInt(tv.Value)); exact {
			return v, true
		}
	}
	return 0, false
}

// WalkStack calls f for every node of root in depth-first order with the
// stack of its ancestors (outermost first, not including n). Returning false
// skips n's children.
func WalkStack(root ast.Node, f func(n ast.Node, stack []ast.Node) bool) {
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if !f(n, stack) {
			return false
		}
		stack = append(stack, n)
		return true
	})
}

// Words splits an identifier into lowercase words at camel-case and
// underscore boundaries: "userSessionsByID" → user, sessions, by, id.
func Words(ident string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	runes := []rune(ident)
	for i, r := range runes {
		switch {
		case r == '_' || r == '-' || r == '.':
			flush()
			continue
		case r >= 'A' && r <= 'Z':
			// Start a word at an upper-case letter that follows a lower-case
			// one, or that begins a new word after an acronym ("IDMap").
			if i > 0 && (isLower(runes[i-1]) || i+1 < len(runes) && isLower(runes[i+1]) && isUpper(runes[i-1])) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

func isLower(r rune) bool { return r >= 'a' && r <= 'z' }
func isUpper(r rune) bool { return r >= 'A' && r <= 'Z' }
