package processstate

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
	"github.com/stateaudit/stateaudit/rules"
)

// PerProcessSecret is a signing or encryption key that each process makes up
// for itself at start-up.
var PerProcessSecret = rules.Register(&rules.Rule{
	ID:       "per-process-secret",
	Title:    "Signing key generated per process",
	Category: rules.Other,
	Characteristics: []rules.Characteristic{
		rules.NoClientSessionState, rules.FaultTolerance, rules.Scalability,
	},
	Practice: rules.ExternalizeState,
	Severity: rules.Error,
	Source:   rules.GoSource,
	Summary:  "Reports random keys generated at start-up (securecookie.GenerateRandomKey, crypto/rand) that sign or encrypt cookies, sessions, CSRF tokens or JWTs.",
	Rationale: `A cookie store, a CSRF protector or a JWT signer keyed with random bytes made
at start-up has a key no other process knows. A cookie or token issued by one
replica fails verification on every other replica, so clients are logged out
whenever the load balancer moves them — unless sticky sessions pin them, which
hides the problem until the pod restarts and the key, with every session signed
by it, is gone. Client-side state only works when every replica shares the key.
This weighs on **no client session state** (the session is tied to the
instance after all), on **fault tolerance** and on **scalability**.

The analyzer follows, within the package, the variables filled by
` + "`securecookie.GenerateRandomKey`" + `, ` + "`crypto/rand.Read`" + `, ` + "`io.ReadFull(rand.Reader, …)`" + ` or
` + "`rand.Text`" + ` into ` + "`sessions.NewCookieStore`" + `, ` + "`sessions.NewFilesystemStore`" + `,
` + "`securecookie.New`" + `, gin-contrib's ` + "`cookie.NewStore`" + `, ` + "`csrf.Protect`" + ` and
golang-jwt's ` + "`SignedString`" + ` (v4, v5 and the older import paths).`,
	Fires: []string{
		"`sessions.NewCookieStore(securecookie.GenerateRandomKey(32))`",
		"`key := make([]byte, 32); rand.Read(key); securecookie.New(key, nil)`",
		"`token.SignedString(jwtKey)` where `jwtKey` was filled by `crypto/rand.Read` in `init`",
	},
	Quiet: []string{
		"keys read from the environment, a file or a secret manager",
		"`crypto/rand.Read` used for nonces, request IDs or session IDs",
	},
	Remediation: "Load signing and encryption keys from configuration shared by every replica, such as a Kubernetes Secret or a secret manager, and rotate them there.",
})

// secretSinks are the calls that sign or encrypt with the keys passed in,
// with the index of the first key argument.
var secretSinks = map[string]sinkSpec{
	"github.com/gorilla/sessions.NewCookieStore":         {"sessions.NewCookieStore", 0},
	"github.com/gorilla/sessions.NewFilesystemStore":     {"sessions.NewFilesystemStore", 1},
	"github.com/gorilla/securecookie.New":                {"securecookie.New", 0},
	"github.com/gorilla/securecookie.CodecsFromPairs":    {"securecookie.CodecsFromPairs", 0},
	"github.com/gin-contrib/sessions/cookie.NewStore":    {"cookie.NewStore", 0},
	"github.com/gorilla/csrf.Protect":                    {"csrf.Protect", 0},
	"github.com/golang-jwt/jwt.Token.SignedString":       {"jwt.Token.SignedString", 0},
	"github.com/golang-jwt/jwt/v4.Token.SignedString":    {"jwt.Token.SignedString", 0},
	"github.com/golang-jwt/jwt/v5.Token.SignedString":    {"jwt.Token.SignedString", 0},
	"github.com/dgrijalva/jwt-go.Token.SignedString":     {"jwt.Token.SignedString", 0},
	"github.com/form3tech-oss/jwt-go.Token.SignedString": {"jwt.Token.SignedString", 0},
}

// sinkSpec names a signing call and its first key argument.
type sinkSpec struct {
	display string
	first   int
}

// secret says where a per-process key came from.
type secret struct {
	from     string
	degraded bool
}

func checkSecrets(ix *index) {
	vars := map[*types.Var]secret{}
	// Keys filled in place: rand.Read(key), io.ReadFull(rand.Reader, key).
	for _, s := range ix.sites {
		if target, from, ok := ix.fillsKey(s); ok {
			if v := ix.varOf(target); v != nil {
				vars[v] = secret{from: from, degraded: s.callee.Degraded}
			}
		}
	}
	// Keys returned, and the variables they are copied into.
	for changed, round := true, 0; changed && round < 6; round++ {
		changed = false
		for v, defs := range ix.defs {
			if _, ok := vars[v]; ok {
				continue
			}
			for _, d := range defs {
				if sec, ok := ix.secretOf(d, vars); ok {
					vars[v] = sec
					changed = true
					break
				}
			}
		}
	}
	for _, s := range ix.sites {
		sink, degraded, ok := ix.sink(s)
		if !ok {
			continue
		}
		for _, arg := range s.call.Args[min(sink.first, len(s.call.Args)):] {
			sec, ok := ix.secretOf(arg, vars)
			if !ok {
				continue
			}
			c := s.callee
			c.Degraded = degraded || sec.degraded
			if name := keyName(ix.pass, arg); name != "" {
				analysisutil.ReportCall(ix.pass, PerProcessSecret, s.call, c,
					"%s signs with %s, generated per process by %s", sink.display, name, sec.from)
			} else {
				analysisutil.ReportCall(ix.pass, PerProcessSecret, s.call, c,
					"%s signs with a key generated per process by %s", sink.display, sec.from)
			}
			break
		}
	}
}

// sink matches a signing call, with a by-name fallback for a SignedString
// chained on a jwt call whose package did not load.
func (ix *index) sink(s *site) (sinkSpec, bool, bool) {
	if sk, ok := lookup(secretSinks, s); ok {
		return sk, s.callee.Degraded, true
	}
	if s.callee.Valid() || methodName(s.call) != "SignedString" || !importsJWT(s.file) {
		return sinkSpec{}, false, false
	}
	if t := ix.pass.TypesInfo.TypeOf(s.call); t != nil && t != types.Typ[types.Invalid] {
		return sinkSpec{}, false, false
	}
	return sinkSpec{"jwt.Token.SignedString", 0}, true, true
}

func importsJWT(f *ast.File) bool {
	for _, imp := range f.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && strings.Contains(p, "jwt") {
			return true
		}
	}
	return false
}

// fillsKey recognises calls that fill a byte slice with random bytes and
// returns the slice expression.
func (ix *index) fillsKey(s *site) (ast.Expr, string, bool) {
	args := s.call.Args
	switch {
	case s.callee.Valid() && s.callee.Key() == "crypto/rand.Read" && len(args) == 1:
		return sliceRoot(args[0]), "rand.Read", true
	case s.callee.Valid() && s.callee.Key() == "io.ReadFull" && len(args) == 2 && ix.isRandReader(s.file, args[0]):
		return sliceRoot(args[1]), "rand.Reader", true
	case methodName(s.call) == "Read" && len(args) == 1:
		if sel, ok := ast.Unparen(s.call.Fun).(*ast.SelectorExpr); ok && ix.isRandReader(s.file, sel.X) {
			return sliceRoot(args[0]), "rand.Reader", true
		}
	}
	return nil, "", false
}

// isRandReader reports whether e is crypto/rand.Reader.
func (ix *index) isRandReader(f *ast.File, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Reader" {
		return false
	}
	if v, ok := ix.pass.TypesInfo.Uses[sel.Sel].(*types.Var); ok && v.Pkg() != nil {
		return v.Pkg().Path() == "crypto/rand"
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && analysisutil.ImportPathByName(f, id.Name) == "crypto/rand"
}

// sliceRoot strips slicing: key[:32] fills key.
func sliceRoot(e ast.Expr) ast.Expr {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SliceExpr:
			e = x.X
			continue
		}
		return e
	}
}

// keyGenerators return a fresh random key.
var keyGenerators = map[string]string{
	"github.com/gorilla/securecookie.GenerateRandomKey": "securecookie.GenerateRandomKey",
	"crypto/rand.Text": "rand.Text",
}

// secretOf reports whether e is, or is computed from, a per-process key.
func (ix *index) secretOf(e ast.Expr, vars map[*types.Var]secret) (secret, bool) {
	var sec secret
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if s := ix.bySite[x]; s != nil {
				if from, ok := lookup(keyGenerators, s); ok {
					sec, found = secret{from: from, degraded: s.callee.Degraded}, true
					return false
				}
			}
			// Follow conversions and encodings of a key, not calls that
			// merely read one (n, err := rand.Read(key)).
			if t := ix.pass.TypesInfo.TypeOf(x); t != nil && !keyLike(t) {
				return false
			}
		case *ast.Ident, *ast.SelectorExpr:
			if v := analysisutil.VarOf(ix.pass, x.(ast.Expr)); v != nil {
				if s, ok := vars[v]; ok {
					sec, found = s, true
					return false
				}
			}
		}
		return true
	})
	return sec, found
}

// keyName names the variable a key argument passes, or "".
func keyName(pass *analysis.Pass, e ast.Expr) string {
	e = ast.Unparen(sliceRoot(e))
	if c, ok := e.(*ast.CallExpr); ok && len(c.Args) == 1 && isConversion(pass, c) { // []byte(key)
		e = ast.Unparen(c.Args[0])
	}
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	}
	return ""
}

// isConversion reports whether call converts its argument to a type.
func isConversion(pass *analysis.Pass, call *ast.CallExpr) bool {
	if tv, ok := pass.TypesInfo.Types[call.Fun]; ok {
		return tv.IsType()
	}
	_, ok := ast.Unparen(call.Fun).(*ast.ArrayType)
	return ok
}

// keyLike reports whether a value of type t can carry key material: a
// string, a byte slice or array, or a type whose underlying type is one.
func keyLike(t types.Type) bool {
	if t == types.Typ[types.Invalid] {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		return true
	case *types.Array:
		return true
	case *types.Interface:
		return true
	}
	return false
}
