//go:build linux

package tui_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// ptyPair is a pseudo-terminal opened by the test: it holds the master,
// the program under test gets the slave as its controlling terminal.
type ptyPair struct {
	master *os.File
	slave  string

	mu  sync.Mutex
	out bytes.Buffer // everything read from the master
}

// openPty opens a pty pair sized w×h. The master stays in Go's poller (its
// descriptor is only used through SyscallConn), so that closing it wakes
// the goroutine reading it and really closes the descriptor.
func openPty(t *testing.T, w, h int) *ptyPair {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open /dev/ptmx: %v", err)
	}
	t.Cleanup(func() { _ = m.Close() })
	rc, err := m.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var n uint32
	var ioErr error
	if err := rc.Control(func(fd uintptr) {
		if ioErr = unix.IoctlSetPointerInt(int(fd), unix.TIOCSPTLCK, 0); ioErr != nil {
			ioErr = fmt.Errorf("unlockpt: %w", ioErr)
			return
		}
		if n, ioErr = unix.IoctlGetUint32(int(fd), unix.TIOCGPTN); ioErr != nil {
			ioErr = fmt.Errorf("ptsname: %w", ioErr)
			return
		}
		if ioErr = unix.IoctlSetWinsize(int(fd), unix.TIOCSWINSZ, &unix.Winsize{Col: uint16(w), Row: uint16(h)}); ioErr != nil {
			ioErr = fmt.Errorf("set window size: %w", ioErr)
		}
	}); err != nil {
		t.Fatal(err)
	}
	if ioErr != nil {
		t.Fatal(ioErr)
	}
	p := &ptyPair{master: m, slave: fmt.Sprintf("/dev/pts/%d", n)}
	// Drain the master for as long as it is open, answering nothing, so
	// that the program never blocks writing to its terminal.
	go func() {
		buf := make([]byte, 32<<10)
		for {
			k, err := m.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:k])
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return p
}

// exited is a started process: done is closed once cmd.Wait returned err.
type exited struct {
	done chan struct{}
	err  error
}

// start runs cmd in a new session whose controlling terminal is the
// slave, as its stdin, stdout and stderr.
func (p *ptyPair) start(t *testing.T, cmd *exec.Cmd) *exited {
	t.Helper()
	s, err := os.OpenFile(p.slave, os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open %s: %v", p.slave, err)
	}
	defer s.Close() // the child holds its own copies
	cmd.Stdin, cmd.Stdout, cmd.Stderr = s, s, s
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %v: %v", cmd.Args, err)
	}
	e := &exited{done: make(chan struct{})}
	go func() { e.err = cmd.Wait(); close(e.done) }()
	t.Cleanup(func() {
		select {
		case <-e.done:
		default:
			_ = cmd.Process.Kill()
			<-e.done
		}
	})
	return e
}

// waitOutput waits until the program's output holds text, failing with
// the tail of the output.
func (p *ptyPair) waitOutput(t *testing.T, timeout time.Duration, text string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		p.mu.Lock()
		got := p.out.String()
		p.mu.Unlock()
		if strings.Contains(got, text) {
			return
		}
		if time.Now().After(deadline) {
			if len(got) > 2000 {
				got = got[len(got)-2000:]
			}
			t.Fatalf("%q not in the output within %s; its tail: %q", text, timeout, got)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestPtyClosedEndsTheDashboard starts the dashboard on a pty of the
// test's own, no tmux, closes the master under it, as sshd does when its
// connection drops, and requires the dashboard to end by itself within
// 3 s: as the session leader, which the kernel sends SIGHUP, and under a
// shell that ignores SIGHUP, so that only the dead terminal tells it.
func TestPtyClosedEndsTheDashboard(t *testing.T) { ptyClosedCases(t) }

// ptyClosedCases are TestPtyClosedEndsTheDashboard's cases, which also
// stand in for the SSH session where there is no sshd to run one.
func ptyClosedCases(t *testing.T) {
	bin := mltuiBinary(t)
	for _, tc := range []struct {
		name    string
		wrapped bool
	}{
		{"session leader", false},
		{"under a shell ignoring SIGHUP", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			marker := newMarker(t)
			_, db := demoCopy(t)
			argv := []string{bin, "--tracking-uri", "sqlite:///" + db}
			if tc.wrapped {
				argv = []string{"sh", "-c", "trap '' HUP; " + shQuote(argv[0]) + " " + shQuote(argv[1]) + " " + shQuote(argv[2]) + "; s=$?; echo done; exit $s"}
			}
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Env = withEnv(baseEnv(t), marker)
			p := openPty(t, 100, 30)
			proc := p.start(t, cmd)
			p.waitOutput(t, 20*time.Second, "iris-classification")
			dash := procSet{marker: marker, exes: []string{bin}}
			dash.running(t)
			closed := time.Now()
			if err := p.master.Close(); err != nil {
				t.Fatalf("close the master: %v", err)
			}
			select {
			case <-proc.done:
				// Ending by itself is exiting; a signal's default action
				// (SIGHUP's) would be "signal: hangup".
				if proc.err != nil {
					t.Fatalf("%s ended with %v, want a clean exit", argv[0], proc.err)
				}
				t.Logf("ended %s after its terminal was closed", time.Since(closed).Round(time.Millisecond))
			case <-time.After(3 * time.Second):
				t.Fatalf("the dashboard outlived its terminal by 3 s: %q", dash.live())
			}
			dash.goneWithin(t, time.Second)
		})
	}
}
