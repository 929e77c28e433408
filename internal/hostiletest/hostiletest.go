// Package hostiletest builds the file-system attacks that the tests of
// stateaudit's readers reproduce — named pipes, devices, endless reads —
// and bounds them, so that a test of code that is still vulnerable fails
// with a message instead of hanging the test binary or exhausting the
// machine's memory.
package hostiletest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// Mkfifo makes a named pipe at path (and its directory) and, when the test
// ends, opens its writing end once: a read blocked on it (the attack
// succeeding) is released, so that a failing test leaves no goroutine stuck
// in open(2). It skips the test where there are no named pipes.
func Mkfifo(t testing.TB, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := mkfifo(path); err != nil {
		t.Skip("no named pipes:", err)
	}
	t.Cleanup(func() {
		if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
}

// Within fails the test when fn has not returned after d. The attacks block
// forever rather than slowly, so d can be generous; on success it costs
// nothing.
func Within(t testing.TB, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still blocked after %v", d)
	}
}

// Bounded runs fn and fails the test when fn allocates more than maxMiB. An
// unbounded read (of /dev/zero) would exhaust the memory of the machine
// before fn returned, so a watchdog polls the allocations and panics —
// ending the test binary with a message — once they pass four times the
// limit.
func Bounded(t testing.TB, maxMiB uint64, fn func()) {
	t.Helper()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := make(chan struct{})
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			runtime.ReadMemStats(&m)
			if grown := (m.TotalAlloc - before.TotalAlloc) >> 20; grown > 4*maxMiB {
				panic(fmt.Sprintf("%s: allocated %d MiB and still reading; limit %d MiB", t.Name(), grown, maxMiB))
			}
		}
	}()
	fn()
	close(stop)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grown := (after.TotalAlloc - before.TotalAlloc) >> 20; grown > maxMiB {
		t.Errorf("allocated %d MiB, limit %d MiB", grown, maxMiB)
	}
}

// Mknod makes a character device with the numbers of /dev/zero (1, 5) at
// path, or skips the test when the process may not (it needs CAP_MKNOD).
func Mknod(t testing.TB, path string) {
	t.Helper()
	if err := mknodZero(path); err != nil {
		t.Skip("no devices:", err)
	}
}
