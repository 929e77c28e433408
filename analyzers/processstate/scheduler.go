package processstate

import (
	"go/ast"
	"go/types"
	"strconv"

	"github.com/stateaudit/stateaudit/analyzers/internal/analysisutil"
	"github.com/stateaudit/stateaudit/rules"
)

// InProcessScheduler is a periodic job that every replica runs.
var InProcessScheduler = rules.Register(&rules.Rule{
	ID:       "in-process-scheduler",
	Title:    "In-process scheduler in a replicated service",
	Category: rules.Other,
	Characteristics: []rules.Characteristic{
		rules.IndependentAndIsolated, rules.Scalability,
	},
	Practice: rules.BackingServices,
	Severity: rules.Warning,
	Source:   rules.GoSource,
	Summary:  "Reports in-process schedulers (robfig/cron, go-co-op/gocron) that get jobs or are started, and ticker loops doing work in a main package that serves traffic.",
	Rationale: `A job scheduled inside the service process runs once per replica. With three
replicas the nightly report is mailed three times, the cleanup deletes
concurrently, the billing run charges twice; with autoscaling the count changes
by itself. Replicas are no longer interchangeable: they race on the same shared
resources, and the usual fix — "only pod 0 runs the jobs" — makes one replica
special. This weighs on **independence and isolation** and on **scalability**.

The analyzer reports ` + "`cron.New`" + ` of robfig/cron (v1 and v3) and ` + "`NewScheduler`" + ` of
go-co-op/gocron (v1 and v2) when jobs are added to them or they are started (or
the scheduler escapes where it cannot be followed), and ` + "`time.NewTicker`" + ` or
` + "`time.Tick`" + ` loops whose body does work in a main package that serves traffic
(it has request handlers, calls ` + "`ListenAndServe`" + `/` + "`Serve`" + `, or imports a web or
gRPC framework).`,
	Fires: []string{
		"`c := cron.New(); c.AddFunc(\"@hourly\", cleanup); c.Start()`",
		"`s := gocron.NewScheduler(time.UTC); s.Every(1).Hour().Do(sync)`",
		"`for range time.NewTicker(time.Minute).C { purgeExpired() }` in the main package of an HTTP server",
	},
	Quiet: []string{
		"tickers in library packages (metrics flushers, keep-alives) and in mains that serve no traffic",
		"`time.NewTimer` and `time.After` used for timeouts",
		"a scheduler that is created but never given a job nor started",
	},
	Remediation: "Run periodic jobs once per service, as a Kubernetes CronJob, a job queue consumer or behind a leader-election lock, instead of in every replica.",
})

// schedulers are the in-process cron constructors.
var schedulers = map[string]string{
	"github.com/robfig/cron.New":                 "cron.New",
	"github.com/robfig/cron.NewWithLocation":     "cron.NewWithLocation",
	"github.com/robfig/cron/v3.New":              "cron.New",
	"github.com/go-co-op/gocron.NewScheduler":    "gocron.NewScheduler",
	"github.com/go-co-op/gocron/v2.NewScheduler": "gocron.NewScheduler",
}

// scheduleMethods add jobs to a scheduler or start it.
var scheduleMethods = map[string]bool{
	"AddFunc": true, "AddJob": true, "Schedule": true, "Start": true, "Run": true,
	"Every": true, "Do": true, "Cron": true, "CronWithSeconds": true, "At": true,
	"StartAsync": true, "StartBlocking": true, "NewJob": true,
}

// serverImports mark a main package that serves network traffic.
var serverImports = map[string]bool{
	"github.com/gin-gonic/gin": true, "github.com/labstack/echo/v4": true, "github.com/labstack/echo/v5": true,
	"github.com/gofiber/fiber/v2": true, "github.com/gofiber/fiber/v3": true, "github.com/go-chi/chi/v5": true,
	"github.com/go-chi/chi": true, "github.com/gorilla/mux": true, "github.com/valyala/fasthttp": true,
	"github.com/kataras/iris/v12": true, "google.golang.org/grpc": true, "github.com/beego/beego/v2/server/web": true,
}

// serveCalls are the method and function names that start serving.
var serveCalls = map[string]bool{
	"ListenAndServe": true, "ListenAndServeTLS": true, "Serve": true, "ServeTLS": true, "RunTLS": true,
}

func checkSchedulers(ix *index) {
	for _, s := range ix.sites {
		name, ok := lookup(schedulers, s)
		if !ok {
			continue
		}
		calls, tracked := ix.methodCalls(s)
		scheduled := !tracked
		for _, c := range calls {
			scheduled = scheduled || scheduleMethods[methodName(c.call)]
		}
		if scheduled {
			analysisutil.ReportCall(ix.pass, InProcessScheduler, s.call, s.callee,
				"scheduled jobs of %s run once per replica, not once per service", name)
		}
	}
	if ix.pass.Pkg.Name() == "main" && ix.servesTraffic() {
		checkTickerLoops(ix)
	}
}

// servesTraffic reports whether the package has request handlers, calls a
// Serve function or imports a server framework.
func (ix *index) servesTraffic() bool {
	for _, f := range ix.files {
		for _, imp := range f.Imports {
			if p, err := strconv.Unquote(imp.Path.Value); err == nil && serverImports[p] {
				return true
			}
		}
	}
	for _, s := range ix.sites {
		if serveCalls[methodName(s.call)] {
			return true
		}
	}
	for _, f := range ix.files {
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			switch fn := n.(type) {
			case *ast.FuncDecl:
				found = found || analysisutil.IsHandler(ix.pass, f, fn.Type, fn.Recv)
			case *ast.FuncLit:
				found = found || analysisutil.IsHandler(ix.pass, f, fn.Type, nil)
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// ticker is a time.NewTicker or time.Tick call and the variable holding it.
type ticker struct {
	s   *site
	v   *types.Var
	new bool // time.NewTicker: the channel is its C field
}

func checkTickerLoops(ix *index) {
	var tickers []ticker
	for _, s := range ix.sites {
		if !s.callee.Valid() || s.callee.Path != "time" || s.callee.Recv != "" {
			continue
		}
		switch s.callee.Name {
		case "NewTicker", "Tick":
			tickers = append(tickers, ticker{s: s, v: ix.storedIn(s), new: s.callee.Name == "NewTicker"})
		}
	}
	for _, t := range tickers {
		if ix.tickerDrivesWork(t) {
			analysisutil.ReportCall(ix.pass, InProcessScheduler, t.s.call, t.s.callee,
				"periodic work driven by time.%s runs once per replica, not once per service", t.s.callee.Name)
		}
	}
}

// isChan reports whether e is the ticker's channel.
func (ix *index) isChan(t ticker, e ast.Expr) bool {
	e = ast.Unparen(e)
	if t.new {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "C" {
			return false
		}
		x := ast.Unparen(sel.X)
		return x == t.s.call || t.v != nil && ix.varOf(x) == t.v
	}
	return e == t.s.call || t.v != nil && ix.varOf(e) == t.v
}

// tickerDrivesWork finds a loop that ranges or selects over the ticker's
// channel and does work on each tick.
func (ix *index) tickerDrivesWork(t ticker) bool {
	recv := func(s ast.Stmt) bool {
		var e ast.Expr
		switch x := s.(type) {
		case *ast.ExprStmt:
			e = x.X
		case *ast.AssignStmt:
			if len(x.Rhs) == 1 {
				e = x.Rhs[0]
			}
		}
		u, ok := ast.Unparen(e).(*ast.UnaryExpr)
		return ok && u.Op.String() == "<-" && ix.isChan(t, u.X)
	}
	found := false
	for _, f := range ix.files {
		ast.Inspect(f, func(n ast.Node) bool {
			if found {
				return false
			}
			switch x := n.(type) {
			case *ast.RangeStmt:
				found = ix.isChan(t, x.X) && doesWork(x.Body.List)
			case *ast.CommClause:
				found = x.Comm != nil && recv(x.Comm) && doesWork(x.Body)
			case *ast.ForStmt:
				for i, st := range x.Body.List {
					if recv(st) && doesWork(append(append([]ast.Stmt(nil), x.Body.List[:i]...), x.Body.List[i+1:]...)) {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}

// doesWork reports whether statements call something or change something:
// a tick that only returns or breaks is a timeout, not a job.
func doesWork(stmts []ast.Stmt) bool {
	for _, st := range stmts {
		work := false
		ast.Inspect(st, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.CallExpr, *ast.AssignStmt, *ast.IncDecStmt, *ast.SendStmt:
				work = true
			}
			return !work
		})
		if work {
			return true
		}
	}
	return false
}
