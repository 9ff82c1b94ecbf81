//go:build linux

package sshserve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/sys/unix"

	"mltui/testenv"
)

// What BenchmarkIntegrationSSHSessions measures on.
const (
	benchSessions = 20                     // concurrent SSH sessions
	benchW        = 80                     // every terminal's size, columns…
	benchH        = 24                     // …and rows
	benchKeys     = 40                     // j and k alternately, in one terminal
	benchIdle     = 10 * time.Second       // the idle window
	benchQuiet    = 150 * time.Millisecond // no byte for this long: the frame is over
	benchLanding  = "iris-classification"  // a demo experiment on the first screen
)

// BenchmarkIntegrationSSHSessions serves the demo store with the real mltui
// binary (mltui serve --ssh on 127.0.0.1) to 20 concurrent SSH sessions of
// golang.org/x/crypto/ssh clients in this process, each with a PTY
// (xterm-256color, 80x24) whose output is read continuously and counted,
// and measures, with all 20 open and their first screen drawn: the server's
// RSS per session (VmRSS with 20 minus VmRSS with none, after one session
// opened and closed, over 20), its CPU over 10 s while nobody types (the
// dashboard redraws its clock each second and re-reads the store each 5 s),
// the bytes each idle session receives a second, and the bytes one session
// receives per key (j and k alternately, each sent just after a clock
// redraw went quiet and counted until 150 ms pass without a byte; "clean"
// also without the status bar's writes, see keyStats). The same keys are
// then counted on the same binary run as the plain dashboard on a PTY of
// this process at the same size: the local terminal. Run with
// -benchtime 1x -count N; bench/ssh_sessions.sh prints the medians.
func BenchmarkIntegrationSSHSessions(b *testing.B) {
	if testing.Short() || os.Getenv(testenv.EnvIntegration) == "" {
		b.Skip("SKIPPED BenchmarkIntegrationSSHSessions: it needs MLTUI_INTEGRATION=1 and no -short " +
			"(it builds mltui and serves 20 SSH sessions for about two minutes); bench/ssh_sessions.sh runs it")
	}
	bin := serveBinary(b)
	var sum map[string]float64
	for range b.N {
		m := benchOnce(b, bin)
		if sum == nil {
			sum = map[string]float64{}
		}
		for k, v := range m {
			sum[k] += v
		}
	}
	for k, v := range sum {
		b.ReportMetric(v/float64(b.N), k)
	}
}

// benchOnce is one full measurement: the metrics by unit.
func benchOnce(b *testing.B, bin string) map[string]float64 {
	m := map[string]float64{}
	dir := b.TempDir()
	env := benchEnv(b, dir)
	srv := startServe(b, bin, dir, env)
	defer srv.stop(b)

	// One session opened and closed, so that what the first session
	// initialises once is in rss0.
	warm := srv.dial(b, "warmup")
	warm.waitFor(b, benchLanding, 30*time.Second)
	warm.close()
	srv.waitLog(b, "session of warmup ended", 15*time.Second)
	time.Sleep(time.Second)
	rss0 := vmRSS(b, srv.pid())

	start := time.Now()
	terms := make([]*sshTerm, benchSessions)
	for i := range terms {
		terms[i] = srv.dial(b, fmt.Sprintf("user%02d", i+1))
	}
	defer func() {
		for _, t := range terms {
			t.close()
		}
	}()
	for _, t := range terms {
		t.waitFor(b, benchLanding, 90*time.Second)
	}
	m["all-drawn-s"] = time.Since(start).Seconds()
	if log := srv.log.String(); strings.Contains(log, "server is full") || strings.Contains(log, "panicked") {
		b.Fatalf("the server refused or lost a session:\n%s", log)
	}
	time.Sleep(2 * time.Second)
	rss20 := vmRSS(b, srv.pid())
	m["rss0-MiB"] = rss0 / (1 << 20)
	m["rss20-MiB"] = rss20 / (1 << 20)
	m["MiB-per-session"] = (rss20 - rss0) / benchSessions / (1 << 20)

	// Idle: nobody types for benchIdle.
	tick := clockTicks(b)
	cpu0, t0 := cpuTicks(b, srv.pid()), time.Now()
	got0 := make([]int64, len(terms))
	for i, t := range terms {
		got0[i] = t.out.total()
	}
	time.Sleep(benchIdle)
	cpu1, el := cpuTicks(b, srv.pid()), time.Since(t0).Seconds()
	var idleBytes int64
	for i, t := range terms {
		d := t.out.total() - got0[i]
		if d == 0 {
			b.Fatalf("session %d received nothing in %v idle: the clock redraw never came", i+1, benchIdle)
		}
		idleBytes += d
	}
	m["idle-cpu-%"] = 100 * float64(cpu1-cpu0) / tick / el
	m["idle-bytes/s-per-session"] = float64(idleBytes) / el / benchSessions

	// Keys over SSH in one session, the other 19 still open.
	t := terms[0]
	ssh := keyFrames(b, t.out, func(k []byte) error { _, err := t.in.Write(k); return err })
	keyStats(m, "ssh", ssh)
	for _, t := range terms {
		t.close()
	}
	srv.stop(b)

	// The same keys in a local terminal.
	loc := startLocal(b, bin, dir, env)
	loc.out.waitFor(b, benchLanding, 30*time.Second)
	local := keyFrames(b, loc.out, func(k []byte) error { _, err := loc.master.Write(k); return err })
	loc.stop()
	keyStats(m, "local", local)
	b.Logf("bytes per key over SSH %v; local %v", sizes(ssh), sizes(local))
	b.Logf("second j, second k over SSH: %q %q; local: %q %q", ssh[2], ssh[3], local[2], local[3])
	return m
}

// benchEnv copies the demo store into dir and returns the environment both
// the server and the local dashboard run with: HOME and the XDG dirs in
// dir (so no config file: the defaults), the store by MLFLOW_TRACKING_URI.
func benchEnv(b *testing.B, dir string) []string {
	db, err := os.ReadFile(filepath.Join("..", "testdata", "demo", "mlflow.db"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "mlflow.db"), db, 0o644); err != nil {
		b.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "MLFLOW_TRACKING_URI=sqlite:///" + filepath.Join(dir, "mlflow.db")}
	for _, v := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		d := filepath.Join(dir, strings.ToLower(v))
		if err := os.MkdirAll(d, 0o755); err != nil {
			b.Fatal(err)
		}
		env = append(env, v+"="+d)
	}
	return env
}

// serveProc is a running `mltui serve --ssh`, in its own process group.
type serveProc struct {
	cmd     *exec.Cmd
	done    chan struct{}
	log     *syncBuffer
	addr    string
	signer  gossh.Signer
	hostKey gossh.PublicKey
	stopped bool
}

func startServe(b *testing.B, bin, dir string, env []string) *serveProc {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		b.Fatal(err)
	}
	ak := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(ak, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o600); err != nil {
		b.Fatal(err)
	}
	hkPath := filepath.Join(dir, "host_key")
	hk, err := EnsureHostKey(hkPath)
	if err != nil {
		b.Fatal(err)
	}
	hs, err := gossh.ParsePrivateKey(hk)
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()

	s := &serveProc{done: make(chan struct{}), log: &syncBuffer{}, addr: addr, signer: signer, hostKey: hs.PublicKey()}
	s.cmd = exec.Command(bin, "serve", "--ssh", addr, "--authorized-keys", ak, "--host-key", hkPath,
		"--audit-log", filepath.Join(dir, "audit.jsonl"))
	s.cmd.Dir, s.cmd.Env = dir, env
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		b.Fatal(err)
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	b.Cleanup(func() { s.stop(b) })
	s.waitLog(b, "serving the dashboard over SSH on", 30*time.Second)
	return s
}

func (s *serveProc) pid() int { return s.cmd.Process.Pid }

// waitLog waits until the server's log holds text.
func (s *serveProc) waitLog(b *testing.B, text string, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for !strings.Contains(s.log.String(), text) {
		select {
		case <-s.done:
			b.Fatalf("mltui serve exited waiting for %q:\n%s", text, s.log.String())
		default:
		}
		if time.Now().After(deadline) {
			b.Fatalf("%q not in the server's log within %v:\n%s", text, timeout, s.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop ends the server's process group: SIGTERM, then SIGKILL after 10 s.
func (s *serveProc) stop(b *testing.B) {
	if s.stopped {
		return
	}
	s.stopped = true
	pg := s.pid()
	_ = syscall.Kill(-pg, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		b.Errorf("mltui serve outlived SIGTERM by 10 s; killing its process group")
		_ = syscall.Kill(-pg, syscall.SIGKILL)
		<-s.done
	}
	_ = syscall.Kill(-pg, syscall.SIGKILL) // anything it left in its group
}

// counter counts a terminal's output as it is read, keeping the text until
// the awaited string is seen.
type counter struct {
	mu   sync.Mutex
	n    int64
	last time.Time
	text bytes.Buffer // from byte base on
	base int64
	keep bool // keep the text after want was seen
	want string
	seen bool
	err  error
}

// record starts keeping the output from here on.
func (c *counter) record() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.text.Reset()
	c.base, c.keep = c.n, true
}

// since is the output kept from byte n on (record first).
func (c *counter) since(n int64) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.text.Bytes()[n-c.base:])
}

func (c *counter) drain(r io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		k, err := r.Read(buf)
		c.mu.Lock()
		c.n += int64(k)
		if k > 0 {
			c.last = time.Now()
			if !c.seen || c.keep {
				c.text.Write(buf[:k])
			}
			if !c.seen {
				c.seen = c.want != "" && bytes.Contains(c.text.Bytes(), []byte(c.want))
			}
		}
		if err != nil {
			c.err = err
		}
		c.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (c *counter) total() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (c *counter) quietFor() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Since(c.last)
}

// waitFor waits until the output held want (counter.want).
func (c *counter) waitFor(b *testing.B, want string, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for {
		c.mu.Lock()
		if c.want != want {
			b.Fatalf("the counter awaits %q, not %q", c.want, want)
		}
		seen, err, text := c.seen, c.err, c.text.String()
		c.mu.Unlock()
		if seen {
			return
		}
		if err != nil || time.Now().After(deadline) {
			if len(text) > 2000 {
				text = text[len(text)-2000:]
			}
			b.Fatalf("%q not in the output within %v (read error %v); its tail: %q", want, timeout, err, text)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitQuiet waits until no byte came for benchQuiet; false at the deadline.
func (c *counter) waitQuiet(deadline time.Time) bool {
	for c.quietFor() < benchQuiet {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}

// waitMore waits until more than n bytes came; false at the deadline.
func (c *counter) waitMore(n int64, deadline time.Time) bool {
	for c.total() <= n {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
	return true
}

// keyFrames presses j and k alternately benchKeys times and returns what
// each drew. Each key goes just after a clock redraw went quiet, so that
// the next redraw (a second later) stays out of its count.
func keyFrames(b *testing.B, c *counter, send func([]byte) error) [][]byte {
	c.record()
	var frames [][]byte
	for i := range benchKeys {
		if !c.waitQuiet(time.Now().Add(5 * time.Second)) {
			b.Fatalf("key %d: the output never went quiet for %v", i, benchQuiet)
		}
		c.waitMore(c.total(), time.Now().Add(1500*time.Millisecond)) // the clock's redraw
		if !c.waitQuiet(time.Now().Add(5 * time.Second)) {
			b.Fatalf("key %d: the output never went quiet for %v", i, benchQuiet)
		}
		key := []byte("j")
		if i%2 == 1 {
			key = []byte("k")
		}
		before := c.total()
		if err := send(key); err != nil {
			b.Fatalf("sending %q: %v", key, err)
		}
		if !c.waitMore(before, time.Now().Add(5*time.Second)) {
			b.Fatalf("key %d (%q) drew nothing in 5 s", i, key)
		}
		if !c.waitQuiet(time.Now().Add(5 * time.Second)) {
			b.Fatalf("key %d (%q): the output never went quiet for %v", i, key, benchQuiet)
		}
		frames = append(frames, c.since(before))
	}
	return frames
}

// statusRow is a write to the bottom row (the status bar): a cursor move
// there (CUP or VPA), then text and colours up to the next other escape,
// CR or LF.
var statusRow = regexp.MustCompile(fmt.Sprintf(`\x1b\[%d(;\d+)?[Hfd][^\r\n\x1b]*(\x1b\[[0-9;]*m[^\r\n\x1b]*)*`, benchH))

// keyStats reports a terminal's bytes per key (median, p90), the same with
// status-bar writes left out ("clean"), and the share of key frames that
// wrote the status bar. The status bar's "refreshed Ns ago" is drawn from
// the wall clock at each frame, so a key's frame also carries the label's
// new second whenever the second turned since the last clock redraw.
func keyStats(m map[string]float64, name string, frames [][]byte) {
	var all, clean []float64
	status := 0
	for _, f := range frames {
		all = append(all, float64(len(f)))
		n := len(f)
		for _, loc := range statusRow.FindAllIndex(f, -1) {
			n -= loc[1] - loc[0]
		}
		if n != len(f) {
			status++
		}
		clean = append(clean, float64(n))
	}
	m["bytes-per-key-"+name] = median(all)
	m["bytes-per-key-"+name+"-p90"] = p90(all)
	m["bytes-per-key-"+name+"-clean"] = median(clean)
	m["key-frames-with-status-"+name+"-%"] = 100 * float64(status) / float64(len(frames))
}

func sizes(frames [][]byte) []int {
	var n []int
	for _, f := range frames {
		n = append(n, len(f))
	}
	return n
}

// sshTerm is one SSH session with a PTY.
type sshTerm struct {
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	out    *counter
	once   sync.Once
}

func (s *serveProc) dial(b *testing.B, user string) *sshTerm {
	cfg := &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(s.signer)},
		HostKeyCallback: gossh.FixedHostKey(s.hostKey), Timeout: 15 * time.Second}
	cl, err := gossh.Dial("tcp", s.addr, cfg)
	if err != nil {
		b.Fatalf("ssh %s@%s: %v\n%s", user, s.addr, err, s.log.String())
	}
	t := &sshTerm{client: cl, out: &counter{want: benchLanding}}
	b.Cleanup(t.close)
	if t.sess, err = cl.NewSession(); err != nil {
		b.Fatal(err)
	}
	if err := t.sess.RequestPty("xterm-256color", benchH, benchW, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		b.Fatal(err)
	}
	r, err := t.sess.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if t.in, err = t.sess.StdinPipe(); err != nil {
		b.Fatal(err)
	}
	t.sess.Stderr = io.Discard
	go t.out.drain(r)
	if err := t.sess.Shell(); err != nil {
		b.Fatal(err)
	}
	return t
}

func (t *sshTerm) waitFor(b *testing.B, want string, timeout time.Duration) {
	t.out.waitFor(b, want, timeout)
}

func (t *sshTerm) close() {
	t.once.Do(func() {
		if t.sess != nil {
			_ = t.sess.Close()
		}
		_ = t.client.Close()
	})
}

// localTerm is the plain dashboard on a PTY of this process.
type localTerm struct {
	master *os.File
	cmd    *exec.Cmd
	done   chan struct{}
	out    *counter
	once   sync.Once
}

func startLocal(b *testing.B, bin, dir string, env []string) *localTerm {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		b.Fatalf("open /dev/ptmx: %v", err)
	}
	rc, err := m.SyscallConn()
	if err != nil {
		b.Fatal(err)
	}
	var n uint32
	var ioErr error
	if err := rc.Control(func(fd uintptr) {
		if ioErr = unix.IoctlSetPointerInt(int(fd), unix.TIOCSPTLCK, 0); ioErr != nil {
			return
		}
		if n, ioErr = unix.IoctlGetUint32(int(fd), unix.TIOCGPTN); ioErr != nil {
			return
		}
		ioErr = unix.IoctlSetWinsize(int(fd), unix.TIOCSWINSZ, &unix.Winsize{Col: benchW, Row: benchH})
	}); err != nil || ioErr != nil {
		_ = m.Close()
		b.Fatalf("setting up the pty: %v %v", err, ioErr)
	}
	slave, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		_ = m.Close()
		b.Fatal(err)
	}
	defer slave.Close() // the child holds its own copies
	l := &localTerm{master: m, done: make(chan struct{}), out: &counter{want: benchLanding}}
	l.cmd = exec.Command(bin)
	l.cmd.Dir, l.cmd.Env = dir, append(slices.Clone(env), "TERM=xterm-256color")
	l.cmd.Stdin, l.cmd.Stdout, l.cmd.Stderr = slave, slave, slave
	l.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	go l.out.drain(m)
	if err := l.cmd.Start(); err != nil {
		_ = m.Close()
		b.Fatal(err)
	}
	go func() { _ = l.cmd.Wait(); close(l.done) }()
	b.Cleanup(l.stop)
	return l
}

// stop closes the terminal, which ends the dashboard; its session is
// killed if it lingers.
func (l *localTerm) stop() {
	l.once.Do(func() {
		_ = l.master.Close()
		select {
		case <-l.done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-l.cmd.Process.Pid, syscall.SIGKILL)
			<-l.done
		}
		_ = syscall.Kill(-l.cmd.Process.Pid, syscall.SIGKILL)
	})
}

// vmRSS is the process's resident set in bytes.
func vmRSS(b *testing.B, pid int) float64 {
	st, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range strings.Split(string(st), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			f := strings.Fields(v) // "123456 kB"
			kb, err := strconv.ParseFloat(f[0], 64)
			if err != nil || len(f) != 2 || f[1] != "kB" {
				b.Fatalf("VmRSS line %q", l)
			}
			return kb * 1024
		}
	}
	b.Fatalf("no VmRSS in /proc/%d/status", pid)
	return 0
}

// cpuTicks is the process's utime+stime in clock ticks.
func cpuTicks(b *testing.B, pid int) int64 {
	st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	s := string(st)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]) // from field 3, the state
	if len(f) < 13 {
		b.Fatalf("/proc/%d/stat: %q", pid, s)
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)  // field 14
	stt, err2 := strconv.ParseInt(f[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		b.Fatalf("/proc/%d/stat: %q", pid, s)
	}
	return ut + stt
}

// clockTicks is USER_HZ (getconf CLK_TCK; 100 where getconf fails).
func clockTicks(b *testing.B) float64 {
	out, err := exec.Command("getconf", "CLK_TCK").Output()
	if err != nil {
		b.Logf("getconf CLK_TCK: %v; taking 100", err)
		return 100
	}
	hz, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil || hz <= 0 {
		return 100
	}
	return hz
}

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func p90(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	return s[int(math.Ceil(0.9*float64(len(s))))-1]
}
