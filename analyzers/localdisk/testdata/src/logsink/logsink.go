// Package logsink holds files handed to loggers, which are not state, and
// look-alikes that keep data.
package logsink

import (
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"runtime/trace"

	"github.com/rs/zerolog"
	zlog "github.com/rs/zerolog/log"
	"github.com/sirupsen/logrus"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"gopkg.in/natefinch/lumberjack.v2"
)

const dataDir = "/var/lib/app"

type options struct {
	Output    string
	AccessLog string
	LogDir    string
	Log       struct{ File string }
}

// Quiet: the opened file goes to a logger; nothing in its name says so.
func standardLibrary(o options) {
	f, err := os.OpenFile(o.Output, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return
	}
	log.SetOutput(f)

	out, _ := os.Create(filepath.Join(dataDir, "server.out"))
	_ = log.New(out, "", log.LstdFlags)

	j, _ := os.OpenFile(o.Output+".json", os.O_CREATE|os.O_WRONLY, 0o644)
	slog.SetDefault(slog.New(slog.NewJSONHandler(j, nil)))

	t, _ := os.Create(o.Output + ".txt")
	_ = slog.NewTextHandler(io.MultiWriter(os.Stderr, t), nil)
}

// Quiet: zap, zerolog and logrus outputs, and lumberjack, which is never
// reported.
func libraries(o options) {
	zf, _ := os.OpenFile(o.Output, os.O_CREATE|os.O_WRONLY, 0o600)
	_ = zap.New(zapcore.NewCore(nil, zapcore.AddSync(zf), nil))
	cfg := zap.NewProductionConfig()
	cfg.OutputPaths = []string{filepath.Join(dataDir, "zap.out")}

	zr, _ := os.Create(o.Output + ".zr")
	_ = zerolog.New(zr)
	cw, _ := os.Create(o.Output + ".console")
	console := zerolog.ConsoleWriter{Out: cw}
	_ = zerolog.New(console)

	var writers []io.Writer
	w, _ := os.OpenFile(o.Output+".multi", os.O_CREATE|os.O_WRONLY, 0o600)
	writers = append(writers, w)
	zlog.Logger = zlog.Output(io.MultiWriter(writers...))

	lr, _ := os.Create(o.Output + ".logrus")
	logrus.SetOutput(lr)
	lo, _ := os.Create(o.Output + ".out")
	logger := logrus.New()
	logger.Out = lo

	_ = &lumberjack.Logger{Filename: filepath.Join(dataDir, "rotated.out"), MaxSize: 100}
}

// Quiet: a file returned to the caller that hands it to a logger.
func openOutput(p string) (*os.File, error) {
	return os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
}

func openOutputVar(p string) (*os.File, error) {
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	return f, err
}

func setupLogging() {
	f, _ := openOutput(filepath.Join(dataDir, "app.out"))
	log.SetOutput(f)
	g, _ := openOutputVar(filepath.Join(dataDir, "app2.out"))
	_ = log.New(g, "", 0)
}

// Quiet: appended files whose path or variable speaks of logs, and the
// directory made for them.
func byName(o options) {
	os.OpenFile(filepath.Join(dataDir, "access.log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	logfile, _ := os.OpenFile(o.Output, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	_ = logfile
	os.OpenFile(o.AccessLog, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	os.OpenFile(o.Log.File, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	os.OpenFile("/var/log/app/audit", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	os.MkdirAll(o.LogDir, 0o755)
}

// Quiet: opened for appending in a function named for logs.
func openLogFile(p string) *os.File {
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	return f
}

// Quiet: profiles and traces, by what is done with the file or by name.
func profiles(o options, cpu, mem string) {
	f, _ := os.Create(cpu)
	pprof.StartCPUProfile(f)
	h, _ := os.Create(mem)
	defer pprof.WriteHeapProfile(h)
	t, _ := os.Create(o.Output + ".trace")
	trace.Start(t)
	memprofile := filepath.Join(dataDir, "heap")
	os.WriteFile(memprofile, nil, 0o600)
}

// Fires: a file that is only logged about is no log sink.
func store(data []byte) {
	f, _ := os.Create(filepath.Join(dataDir, "orders.json")) // want `os.Create writes "/var/lib/app/orders.json" to local disk$`
	f.Write(data)
	log.Printf("stored %s", f.Name())
}

// Fires: logs that are the data — a raft log, a write-ahead log.
func dataLogs(entry []byte) {
	raft, _ := os.OpenFile(filepath.Join(dataDir, "raft.log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600) // want `os.OpenFile writes "/var/lib/app/raft.log" to local disk$`
	raft.Write(entry)
	walLog, _ := os.OpenFile(filepath.Join(dataDir, "000001"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600) // want `os.OpenFile writes "/var/lib/app/000001" to local disk$`
	walLog.Write(entry)
}

// Fires: a function named for logs that rewrites a data file, and a
// handler named for logs: only appends count as logs there.
func appendLogin(user string) {
	os.WriteFile(filepath.Join(dataDir, "catalog.json"), nil, 0o600) // want `os.WriteFile writes "/var/lib/app/catalog.json" to local disk$`
}

func rotateLogs() {
	os.WriteFile(filepath.Join(dataDir, "counters.json"), nil, 0o600) // want `os.WriteFile writes "/var/lib/app/counters.json" to local disk$`
}

func logHandler(w http.ResponseWriter, r *http.Request) {
	f, _ := os.OpenFile(filepath.Join(dataDir, r.FormValue("name")), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600) // want `os.OpenFile writes to local disk under "/var/lib/app"$`
	f.Close()
}

// Fires: the error of a write goes to the logger, not the file.
func persist(data []byte) {
	err := os.WriteFile(filepath.Join(dataDir, "state.json"), data, 0o600) // want `os.WriteFile writes "/var/lib/app/state.json" to local disk$`
	if err != nil {
		log.Println(err)
	}
	f, err := os.Create(filepath.Join(dataDir, "state2.json")) // want `os.Create writes "/var/lib/app/state2.json" to local disk$`
	if err != nil {
		slog.Error("create", "err", err)
	}
	f.Close()
}

// Fires: a .log file appended to while serving a request, from the
// request: a ledger, not a log.
func placeOrder(w http.ResponseWriter, r *http.Request) {
	f, _ := os.OpenFile(filepath.Join(dataDir, "receipts.log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600) // want `os.OpenFile writes "/var/lib/app/receipts.log" to local disk$`
	f.WriteString(r.FormValue("order"))
	f.Close()
}

// Quiet: a handler writing under /var/log, or to a file it hands to a
// logger.
func audit(w http.ResponseWriter, r *http.Request) {
	os.WriteFile("/var/log/app/last-request", []byte(r.URL.Path), 0o600)
	f, _ := os.OpenFile(filepath.Join(dataDir, "requests.out"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	log.New(f, "", 0).Println(r.URL.Path)
}
