package reach

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// listeners are the functions and methods whose call starts serving:
// network listeners, HTTP and gRPC servers, web frameworks' run methods,
// queue consumers and serverless entry points (types.Func.FullName form).
var listeners = map[string]bool{}

func init() {
	add := func(prefix string, names ...string) {
		for _, n := range names {
			listeners[prefix+n] = true
		}
	}
	add("net/http.", "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS")
	add("(*net/http.Server).", "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS")
	add("net.", "Listen", "ListenTCP", "ListenUnix", "ListenUDP", "ListenPacket", "ListenUnixgram", "ListenIP", "ListenMulticastUDP")
	add("(*net.ListenConfig).", "Listen", "ListenPacket")
	add("crypto/tls.", "Listen", "NewListener")
	add("(*google.golang.org/grpc.Server).", "Serve")
	add("(*github.com/gin-gonic/gin.Engine).", "Run", "RunTLS", "RunUnix", "RunListener", "RunFd", "RunQUIC")
	for _, echo := range []string{"github.com/labstack/echo", "github.com/labstack/echo/v4", "github.com/labstack/echo/v5"} {
		add("(*"+echo+".Echo).", "Start", "StartTLS", "StartAutoTLS", "StartServer", "StartH2CServer")
	}
	for _, fiber := range []string{"github.com/gofiber/fiber/v2", "github.com/gofiber/fiber/v3"} {
		add("(*"+fiber+".App).", "Listen", "ListenTLS", "Listener", "ListenMutualTLS", "ListenTLSWithCertificate")
	}
	add("github.com/valyala/fasthttp.", "ListenAndServe", "ListenAndServeTLS", "ListenAndServeUNIX", "Serve")
	add("(*github.com/valyala/fasthttp.Server).", "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS")
	add("(*github.com/kataras/iris/v12.Application).", "Listen", "Run")
	add("github.com/beego/beego/v2/server/web.", "Run", "RunWithMiddleWares")
	add("(*github.com/beego/beego/v2/server/web.HttpServer).", "Run")
	add("(github.com/soheilhy/cmux.CMux).", "Serve")
	add("(*github.com/nats-io/nats.go.Conn).", "Subscribe", "QueueSubscribe", "ChanSubscribe", "ChanQueueSubscribe")
	add("(github.com/nats-io/nats.go/jetstream.Consumer).", "Consume", "Messages")
	add("(*github.com/rabbitmq/amqp091-go.Channel).", "Consume", "ConsumeWithContext")
	add("(*github.com/streadway/amqp.Channel).", "Consume")
	add("(github.com/IBM/sarama.ConsumerGroup).", "Consume")
	add("(github.com/Shopify/sarama.ConsumerGroup).", "Consume")
	add("(*github.com/segmentio/kafka-go.Reader).", "ReadMessage", "FetchMessage")
	add("(*github.com/confluentinc/confluent-kafka-go/kafka.Consumer).", "ReadMessage", "Poll")
	add("(*github.com/confluentinc/confluent-kafka-go/v2/kafka.Consumer).", "ReadMessage", "Poll")
	add("(*cloud.google.com/go/pubsub.Subscription).", "Receive")
	add("(*cloud.google.com/go/pubsub/v2.Subscriber).", "Receive")
	add("github.com/aws/aws-lambda-go/lambda.", "Start", "StartWithOptions", "StartHandler")
	add("(*github.com/miekg/dns.Server).", "ListenAndServe", "ActivateAndServe")
}

// serveNames are the method names that start serving whatever their type,
// for calls into dependencies the audit could not type (partial types) and
// for servers of libraries the table does not list.
var serveNames = map[string]bool{"ListenAndServe": true, "ListenAndServeTLS": true, "Serve": true, "ServeTLS": true}

// servesCall reports whether a call starts serving.
func (w *walker) servesCall(call *ast.CallExpr) bool {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.Ident:
		id = f
	default:
		return false
	}
	fn, ok := w.p.TypesInfo.Uses[id].(*types.Func)
	if !ok {
		// Unresolved: judge by the name alone.
		return w.p.TypesInfo.Uses[id] == nil && serveNames[id.Name]
	}
	fn = fn.Origin()
	if listeners[fn.FullName()] {
		return true
	}
	// A server type of a library outside the module: Serve, ListenAndServe;
	// an application framework's Run or Start (kratos, go-micro, fx,
	// go-zero …), judged by the package that declares it.
	if w.g.byFunc[fn] == nil && fn.Pkg() != nil && fn.Pkg() != w.p.Types {
		sig, _ := fn.Type().(*types.Signature)
		if sig == nil || sig.Recv() == nil {
			return false
		}
		if serveNames[fn.Name()] {
			return true
		}
		if fn.Name() == "Run" || fn.Name() == "Start" {
			return frameworkPackage(fn.Pkg().Path())
		}
	}
	return false
}

// frameworkPackage reports whether an import path looks like that of a
// server or application framework, whose Run or Start serves.
func frameworkPackage(path string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(path), func(r rune) bool { return r == '/' || r == '-' || r == '.' || r == '_' }) {
		switch w {
		case "server", "http", "grpc", "rpc", "kratos", "micro", "fx", "zero", "gofr", "rest", "web", "gateway", "serve", "httpserver", "grpcserver":
			return true
		}
	}
	return false
}

// Program is the serving path of one main package.
type Program struct {
	g *Graph
	// Coarse is set when no listener call was found on the function level
	// (a framework outside the module starts the server): every function
	// the main reaches then counts as serving.
	Coarse  bool
	serving map[*Node]bool
	// oneShot maps the nodes reached only through commands that never lead
	// to a listener to the name of such a command.
	oneShot map[*Node]string
}

// Program returns the serving path of the main package mainPkg. pkgs are the
// packages it imports, directly or not, among those of the graph: their
// initialisers run before main.
func (g *Graph) Program(mainPkg *packages.Package, pkgs map[string]bool) *Program {
	leads := g.leadsToListener()
	var roots []*Node
	if mainPkg.Types != nil {
		if fn, ok := mainPkg.Types.Scope().Lookup("main").(*types.Func); ok {
			if n := g.byFunc[fn]; n != nil {
				roots = append(roots, n)
			}
		}
	}
	paths := make([]string, 0, len(pkgs))
	for p := range pkgs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if n := g.inits[p]; n != nil {
			roots = append(roots, n)
		}
	}
	p := &Program{g: g, serving: map[*Node]bool{}, oneShot: map[*Node]string{}}
	served := false
	for _, r := range roots {
		served = served || leads[r]
	}
	p.Coarse = !served
	// The serving path: ordinary edges always, command edges only into
	// commands that lead to a listener (all of them when coarse).
	var pending []cmdEdge
	queue := append([]*Node(nil), roots...)
	for _, r := range roots {
		p.serving[r] = true
	}
	entries := g.commandEntries()
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, m := range n.out {
			if !p.serving[m] {
				p.serving[m] = true
				queue = append(queue, m)
			}
		}
		for _, m := range n.dispatch {
			if name, entry := entries[m]; entry && !p.Coarse && !leads[m] {
				pending = append(pending, cmdEdge{m, name})
				continue
			}
			if !p.serving[m] {
				p.serving[m] = true
				queue = append(queue, m)
			}
		}
		for _, c := range n.cmds {
			if !p.Coarse && !leads[c.to] {
				pending = append(pending, c)
				continue
			}
			if !p.serving[c.to] {
				p.serving[c.to] = true
				queue = append(queue, c.to)
			}
		}
	}
	// What the other commands reach, and the serving path does not.
	for _, c := range pending {
		queue := []*Node{c.to}
		for len(queue) > 0 {
			n := queue[0]
			queue = queue[1:]
			if p.serving[n] {
				continue
			}
			if _, seen := p.oneShot[n]; seen {
				continue
			}
			p.oneShot[n] = c.name
			queue = append(queue, n.out...)
			queue = append(queue, n.dispatch...)
			for _, cc := range n.cmds {
				queue = append(queue, cc.to)
			}
		}
	}
	return p
}

// Serves reports whether the main reaches a listener on the function level.
func (p *Program) Serves() bool { return !p.Coarse }

// Reach says where a place in the code stands for a program.
type Reach int

// Reach values.
const (
	// Unknown: the graph does not see the place reached at all (dead code,
	// or called in a way the graph misses).
	Unknown Reach = iota
	// Serving: on the serving path.
	Serving
	// OneShot: reached only through a command that never serves.
	OneShot
	// Elsewhere: reached by the program's graph, but not from this main.
	Elsewhere
)

// At says whether the code at pos (in a file of the graph's packages) is on
// the serving path, and when it is only reached by a one-shot command,
// that command's name.
func (p *Program) At(fset *token.FileSet, pos token.Pos) (Reach, string) {
	nodes := p.g.enclosingOrUsers(fset, pos)
	if len(nodes) == 0 {
		return Unknown, ""
	}
	cmd := ""
	for _, n := range nodes {
		if p.serving[n] {
			return Serving, ""
		}
		if c, ok := p.oneShot[n]; ok && cmd == "" {
			cmd = c
		}
	}
	if cmd != "" {
		return OneShot, cmd
	}
	if p.g.anyReached(nodes) {
		return Elsewhere, ""
	}
	return Unknown, ""
}

// enclosingOrUsers returns the innermost function around pos, or, for a
// declaration outside functions (a package-level map, a struct field), the
// functions that name what is declared there.
func (g *Graph) enclosingOrUsers(fset *token.FileSet, pos token.Pos) []*Node {
	tf := fset.File(pos)
	if tf == nil {
		return nil
	}
	var inner *Node
	for _, n := range g.byFile[tf] {
		if n.pos > pos {
			break
		}
		if pos < n.end && (inner == nil || n.pos >= inner.pos) {
			inner = n
		}
	}
	if inner != nil {
		return []*Node{inner}
	}
	for _, d := range g.decls[tf] {
		if d.pos <= pos && pos < d.end {
			if refs := g.varRefs[d.obj]; len(refs) > 0 {
				return refs
			}
			return g.typeRefs[d.obj]
		}
	}
	return nil
}

// anyReached reports whether some program's main reaches one of nodes at
// all (filled by Reached).
func (g *Graph) anyReached(nodes []*Node) bool {
	for _, n := range nodes {
		if g.reachedAny[n] {
			return true
		}
	}
	return false
}

// leadsToListener returns the nodes from which a listener call is
// reachable over any edge.
func (g *Graph) leadsToListener() map[*Node]bool {
	if g.leads != nil {
		return g.leads
	}
	rev := map[*Node][]*Node{}
	var queue []*Node
	leads := map[*Node]bool{}
	for _, n := range g.nodes {
		for _, m := range n.out {
			rev[m] = append(rev[m], n)
		}
		for _, m := range n.dispatch {
			rev[m] = append(rev[m], n)
		}
		for _, c := range n.cmds {
			rev[c.to] = append(rev[c.to], n)
		}
		if n.serves {
			leads[n] = true
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, m := range rev[n] {
			if !leads[m] {
				leads[m] = true
				queue = append(queue, m)
			}
		}
	}
	g.leads = leads
	return leads
}

// MarkReached records every node a main reaches over any edge, so that At
// can tell code no main reaches (Unknown) from code only other mains or
// commands reach (Elsewhere). Call it for every main before At.
func (g *Graph) MarkReached(mainPkg *packages.Package, pkgs map[string]bool) {
	if g.reachedAny == nil {
		g.reachedAny = map[*Node]bool{}
	}
	var queue []*Node
	if mainPkg.Types != nil {
		if fn, ok := mainPkg.Types.Scope().Lookup("main").(*types.Func); ok && g.byFunc[fn] != nil {
			queue = append(queue, g.byFunc[fn])
		}
	}
	for p := range pkgs {
		if n := g.inits[p]; n != nil {
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if g.reachedAny[n] {
			continue
		}
		g.reachedAny[n] = true
		queue = append(queue, n.out...)
		queue = append(queue, n.dispatch...)
		for _, c := range n.cmds {
			queue = append(queue, c.to)
		}
	}
}

// commandEntries maps the nodes that are the entry of a command (the target
// of a command edge) to the command's name.
func (g *Graph) commandEntries() map[*Node]string {
	if g.entries != nil {
		return g.entries
	}
	g.entries = map[*Node]string{}
	for _, n := range g.nodes {
		for _, c := range n.cmds {
			if _, ok := g.entries[c.to]; !ok {
				g.entries[c.to] = c.name
			}
		}
	}
	return g.entries
}
