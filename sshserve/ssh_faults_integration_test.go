package sshserve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"mltui/client"
	"mltui/internal/mltuibin"
	"mltui/testenv"
)

// sshStatusIn is sshIn whose pane says how the ssh client ended
// ("ssh exit N") and then stays for 30 s.
func sshStatusIn(t *testing.T, w, h int, key string, port int, user string) pane {
	t.Helper()
	p := pane{t: t, sock: fmt.Sprintf("mltui-sshf-%d-%d", os.Getpid(), time.Now().UnixNano())}
	cmd := fmt.Sprintf("env -i TERM=xterm-256color ssh -tt -i %s -p %d -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o BatchMode=yes %s@127.0.0.1; echo \"ssh exit $?\"; sleep 30", key, port, user)
	p.tmux("new-session", "-d", "-s", "main", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmd)
	p.cleanUp()
	return p
}

// cleanUp kills the pane's tmux server when the test ends and removes the
// socket file it leaves behind.
func (p pane) cleanUp() {
	sock := strings.TrimSpace(p.tmux("display-message", "-p", "#{socket_path}"))
	p.t.Cleanup(func() {
		_ = exec.Command("tmux", "-L", p.sock, "kill-server").Run()
		if strings.HasSuffix(sock, p.sock) {
			_ = os.Remove(sock)
		}
	})
}

var sshExit = regexp.MustCompile(`ssh exit (\d+)`)

// panicStore is the real store, except that looking up one experiment by
// name (what the runs screen does when opened as ":runs NAME") panics, as a
// bug in a store would. The lookup, not the runs search: on a local store
// the experiment list counts every experiment's runs in the background.
type panicStore struct {
	client.Store
	name string
	hits atomic.Int64
}

func (s *panicStore) GetExperimentByName(ctx context.Context, name string) (client.Experiment, error) {
	if name == s.name {
		s.hits.Add(1)
		panic("panicStore: looking up experiment " + name)
	}
	return s.Store.GetExperimentByName(ctx, name)
}

// A panic in one session's dashboard ends that session, with a non-zero
// exit status and the panic in the server's log; the other session goes on
// answering keys, and a new one still opens.
func TestServePanicEndsOnlyThatSession(t *testing.T) {
	needSSH(t)
	logs := &syncBuffer{}
	var ps *panicStore
	sv := serveDemo(t, nil, nil, func(c *Config) {
		ps = &panicStore{Store: c.Store, name: "mnist-mlp"}
		c.Store = ps
		c.Log = log.New(logs, "", 0)
	})
	a := sshStatusIn(t, 100, 30, sv.alice, sv.port, "alice")
	b := sshStatusIn(t, 100, 30, sv.alice, sv.port, "bob")
	a.waitFor("iris-classification")
	b.waitFor("iris-classification")
	waitSessions(t, sv.srv, 2)

	// alice opens mnist-mlp's runs: the store panics under her session.
	a.tmux("send-keys", "-t", "main", ":runs mnist-mlp", "Enter")
	scr := a.waitFor("ssh exit ")
	if ps.hits.Load() == 0 {
		t.Fatalf("the store never panicked; alice's screen:\n%s", scr)
	}
	if m := sshExit.FindStringSubmatch(scr); m == nil || m[1] == "0" || !strings.Contains(scr, "the dashboard failed") {
		t.Errorf("alice's ssh client ended with %q, want a non-zero exit status and a message; the screen:\n%s", m, scr)
	}
	waitSessions(t, sv.srv, 1)
	// Bubble Tea recovers the panic and prints its trace on stderr; the
	// server's log says whose session it was.
	if l := logs.String(); !regexp.MustCompile(`session of alice \(SHA256:\S+\) panicked: .*program experienced a panic`).MatchString(l) {
		t.Errorf("the server log does not record alice's panic:\n%s", l)
	}

	// bob's session still answers keys and draws.
	b.tmux("send-keys", "-t", "main", "Enter")
	b.waitFor("rf-baseline-v1")
	if scr := b.screen(); strings.Contains(scr, "ssh exit") {
		t.Fatalf("bob's session ended:\n%s", scr)
	}
	// And a new session opens.
	c := sshStatusIn(t, 100, 30, sv.alice, sv.port, "carol")
	c.waitFor("iris-classification")
	waitSessions(t, sv.srv, 2)
}

// size is the tmux window's size, as the ssh client in it sees it.
func (p pane) size() string {
	return strings.TrimSpace(p.tmux("display-message", "-p", "-t", "main", "#{window_width}x#{window_height}"))
}

// waitUntil polls the screen until ok holds, failing with the last screen.
func (p pane) waitUntil(what string, ok func(lines []string) bool) []string {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var lines []string
	for time.Now().Before(deadline) {
		lines = strings.Split(strings.TrimRight(p.screen(), "\n"), "\n")
		if ok(lines) {
			return lines
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("%s: not seen; the screen:\n%s", what, strings.Join(lines, "\n"))
	return nil
}

// statusBar is the dashboard's bottom line (it ends with "? help"), right
// trimmed, and its width in cells.
func statusBar(lines []string) (string, int) {
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimRight(lines[i], " "); strings.HasSuffix(l, "? help") {
			return l, len([]rune(l))
		}
	}
	return "", 0
}

// A live resize of the client's terminal redraws the dashboard at the new
// size: at 200x60 the status bar spans 200 columns and names the user, the
// detail pane moves beside the table and the screen is 60 lines tall; back
// at 80x24 the status bar ends at column 80 again.
func TestServeResizeRedraws(t *testing.T) {
	needSSH(t)
	sv := serveDemo(t, nil, nil)
	p := sshIn(t, 80, 24, sv.alice, sv.port, "alice")
	p.cleanUp()
	p.waitFor("iris-classification")
	narrow := func(lines []string) bool {
		bar, w := statusBar(lines)
		return len(lines) == 24 && w >= 76 && w <= 80 && !strings.Contains(bar, "│ alice │") &&
			slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "id 1 · created") })
	}
	p.waitUntil("the dashboard at 80x24", narrow)

	start := time.Now()
	p.tmux("resize-window", "-t", "main", "-x", "200", "-y", "60")
	if s := p.size(); s != "200x60" {
		t.Fatalf("the window is %s after resize-window -x 200 -y 60", s)
	}
	p.waitUntil("the dashboard redrawn at 200x60", func(lines []string) bool {
		bar, w := statusBar(lines)
		return len(lines) == 60 && w >= 196 && strings.Contains(bar, "│ alice │") &&
			strings.HasSuffix(strings.TrimRight(lines[1], " "), "│ iris-classification")
	})
	t.Logf("redrawn at 200x60 in %v", time.Since(start).Round(time.Millisecond))

	start = time.Now()
	p.tmux("resize-window", "-t", "main", "-x", "80", "-y", "24")
	if s := p.size(); s != "80x24" {
		t.Fatalf("the window is %s after resize-window -x 80 -y 24", s)
	}
	p.waitUntil("the dashboard redrawn at 80x24", narrow)
	t.Logf("redrawn at 80x24 in %v", time.Since(start).Round(time.Millisecond))
	// It still answers keys at the new size.
	p.tmux("send-keys", "-t", "main", "Enter")
	p.waitFor("rf-baseline-v1")
}

// serveBinary is the binary the fault tests and the session benchmark
// serve from, private to t.
func serveBinary(t testing.TB) string {
	t.Helper()
	return mltuibin.Build(t)
}

// holdingProxy passes every request to the MLflow server, holding each
// POST to registered-models/alias for hold first. A request its client
// gave up on is still forwarded with the client's context, so it fails:
// a write mltui abandons does not reach the server.
type holdingProxy struct {
	rp   *httputil.ReverseProxy
	hold time.Duration
	held chan struct{} // closed when the first alias POST arrives
	once sync.Once

	mu                 sync.Mutex
	released, answered time.Time
	status             int
	gaveUp             bool // the client's request was cancelled during the hold
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (h *holdingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/registered-models/alias") {
		h.rp.ServeHTTP(w, r)
		return
	}
	h.once.Do(func() { close(h.held) })
	time.Sleep(h.hold)
	h.mu.Lock()
	h.released, h.gaveUp = time.Now(), r.Context().Err() != nil
	h.mu.Unlock()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	h.rp.ServeHTTP(sw, r)
	h.mu.Lock()
	h.answered, h.status = time.Now(), sw.status
	h.mu.Unlock()
}

// SIGTERM to `mltui serve --ssh` while a writer's alias move is on its way
// to the server: the move reaches the server (the Python client reads it),
// the audit log has it, new connections are refused from the signal on,
// and the process exits 0 after the write was answered.
func TestServeTermFinishesTheWrite(t *testing.T) {
	needSSH(t)
	bin := serveBinary(t)
	ts := testenv.Server(t)
	t.Cleanup(func() {
		if t.Failed() {
			l := ts.Log()
			t.Logf("the mlflow server's log (tail):\n%s", l[max(0, len(l)-6000):])
		}
	})
	up, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(up)
	rp.ErrorLog = log.New(io.Discard, "", 0) // a cancelled refresh is no news; the alias POST's status is kept
	hp := &holdingProxy{rp: rp, hold: 3 * time.Second, held: make(chan struct{})}
	proxy := httptest.NewServer(hp)
	t.Cleanup(proxy.Close)

	dir := t.TempDir()
	aliceKey, alicePub := sshKey(t, dir, "alice")
	ak := filepath.Join(dir, "authorized_keys")
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(alicePub))) + " alice@laptop\n"
	if err := os.WriteFile(ak, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	cfgDir := filepath.Join(dir, "config")
	if err := os.MkdirAll(filepath.Join(cfgDir, "mltui"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfgDir, "mltui", "config.yaml"), []byte("serve:\n  writers: [\"alice@laptop\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	auditPath := filepath.Join(dir, "audit.jsonl")
	cmd := exec.Command(bin, "serve", "--ssh", fmt.Sprintf("127.0.0.1:%d", port), "--authorized-keys", ak,
		"--host-key", filepath.Join(dir, "host_key"), "--audit-log", auditPath, "--tracking-uri", proxy.URL)
	cmd.Env = []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + cfgDir, "XDG_DATA_HOME=" + filepath.Join(dir, "data"),
		"XDG_STATE_HOME=" + filepath.Join(dir, "state"), "PATH=" + os.Getenv("PATH"), "MLFLOW_HTTP_REQUEST_TIMEOUT=20"}
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
		}
	})
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(logs.String(), "serving the dashboard over SSH"); {
		if time.Now().After(deadline) {
			t.Fatalf("mltui serve did not start:\n%s", logs)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// alice moves champion from v3 to v4 (as in TestServeWriterPromotesAsTheSSHUser).
	p := sshStatusIn(t, 120, 32, aliceKey, port, "alice")
	p.waitFor("iris-classification")
	p.tmux("send-keys", "-t", "main", ":models", "Enter")
	// A loaded box has seen the server answer a search with a 500; that
	// is not what this test is about, so r asks again (twice at most).
	for try := 0; ; try++ {
		lines := p.waitUntil("the models, or an error", func(lines []string) bool {
			scr := strings.Join(lines, "\n")
			return strings.Contains(scr, "iris-classifier") || strings.Contains(scr, "could not load models")
		})
		if strings.Contains(strings.Join(lines, "\n"), "iris-classifier") {
			break
		}
		if try == 2 {
			t.Fatalf("the models never loaded:\n%s", strings.Join(lines, "\n"))
		}
		t.Logf("the models did not load; retrying:\n%s", lines[1])
		p.tmux("send-keys", "-t", "main", "r")
		time.Sleep(2 * time.Second) // the old error stays on screen until the answer
	}
	p.tmux("send-keys", "-t", "main", "/")
	p.tmux("send-keys", "-t", "main", "-l", "iris")
	p.tmux("send-keys", "-t", "main", "Enter", "Enter")
	p.waitFor("5 versions")
	p.tmux("send-keys", "-t", "main", "j")
	p.waitFor("│ v4")
	p.tmux("send-keys", "-t", "main", "p")
	p.waitFor("set or move which alias?")
	p.tmux("send-keys", "-t", "main", "Enter")
	p.waitFor("champion: v3 → v4")
	// Keys count once the comparison is on screen (the dialog drops them
	// while it loads).
	p.waitUntil("the comparison and the protected alias's prompt", func(lines []string) bool {
		scr := strings.Join(lines, "\n")
		return strings.Contains(scr, "metrics (") && !strings.Contains(scr, "loading the comparison") &&
			strings.Contains(scr, "champion is protected: type its name to confirm")
	})
	p.tmux("send-keys", "-t", "main", "-l", "champion")
	p.waitFor("› champion")
	p.tmux("send-keys", "-t", "main", "Enter")
	select {
	case <-hp.held:
	case <-time.After(20 * time.Second):
		t.Fatalf("the alias POST never reached the proxy; the screen:\n%s", p.screen())
	}

	// SIGTERM while the POST is held.
	termAt := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// From then on a new connection is refused, while the write is still held.
	var refusedAt time.Time
	for deadline := time.Now().Add(2 * time.Second); refusedAt.IsZero(); {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
		if err == nil {
			_ = c.Close()
			if time.Now().After(deadline) {
				t.Fatalf("the SSH port still accepts connections %v after SIGTERM", time.Since(termAt))
			}
			time.Sleep(20 * time.Millisecond)
			continue
		}
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			refusedAt = time.Now()
		case errors.Is(err, syscall.ECONNRESET):
			// Caught in the backlog as the listener closed: not accepted either; dial again.
			time.Sleep(20 * time.Millisecond)
		default:
			t.Fatalf("dialling the SSH port after SIGTERM: %v, want connection refused", err)
		}
		if refusedAt.IsZero() && time.Now().After(deadline) {
			t.Fatalf("the SSH port did not refuse a connection within 2 s of SIGTERM: %v", err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	out, _ := exec.CommandContext(ctx, "ssh", "-i", aliceKey, "-p", fmt.Sprint(port), "-o", "StrictHostKeyChecking=no",
		"-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5",
		"alice@127.0.0.1").CombinedOutput()
	cancel()
	if !strings.Contains(string(out), "Connection refused") {
		t.Fatalf("a new ssh connection after SIGTERM said:\n%s", out)
	}
	sshRefusedAt := time.Now()

	var exitErr error
	select {
	case exitErr = <-exited:
	case <-time.After(40 * time.Second):
		t.Fatalf("mltui serve did not exit within 40 s of SIGTERM:\n%s", logs)
	}
	exitAt := time.Now()
	hp.mu.Lock()
	released, answered, status, gaveUp := hp.released, hp.answered, hp.status, hp.gaveUp
	hp.mu.Unlock()
	after := func(at time.Time) string {
		if at.IsZero() {
			return "never"
		}
		return at.Sub(termAt).Round(time.Millisecond).String()
	}
	t.Logf("after SIGTERM: port refused %s, ssh refused %s, alias POST released %s, answered %s (%d), exit %s",
		after(refusedAt), after(sshRefusedAt), after(released), after(answered), status, after(exitAt))
	if exitErr != nil {
		t.Errorf("mltui serve exited with %v after SIGTERM, want status 0:\n%s", exitErr, logs)
	}
	if gaveUp || answered.IsZero() || status != http.StatusOK {
		t.Errorf("the alias POST: client gave up %v, answered %v with %d; want it answered 200", gaveUp, !answered.IsZero(), status)
	}
	if !released.IsZero() && !sshRefusedAt.Before(released) {
		t.Errorf("the refusals were checked %s after SIGTERM, once the write was released (%s): not while it was held", after(sshRefusedAt), after(released))
	}
	if answered.IsZero() || exitAt.Before(answered) {
		t.Errorf("the process exited before the write was answered")
	}
	if !strings.Contains(logs.String(), "shutting down: ending 1 session(s)") {
		t.Errorf("the serve log does not say it shut down one session:\n%s", logs)
	}

	// The move reached the server.
	pyOut := strings.TrimSpace(testenv.PythonEnv(t, ts.Env(), "-c", pyVersion, ts.URL, "iris-classifier", "4"))
	var got struct {
		Tags    map[string]string `json:"tags"`
		Aliases map[string]string `json:"aliases"`
	}
	if err := json.Unmarshal([]byte(pyOut[strings.LastIndex(pyOut, "\n")+1:]), &got); err != nil {
		t.Fatalf("%v\n%s", err, pyOut)
	}
	if got.Aliases["champion"] != "4" || got.Tags["promoted_by"] != "alice" {
		t.Errorf("Python reads aliases %v, tags %v; want champion on v4 promoted_by alice", got.Aliases, got.Tags)
	}
	// The audit log has it.
	b, err := os.ReadFile(auditPath)
	if err != nil {
		t.Fatalf("the audit log: %v", err)
	}
	found := false
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var e struct {
			Op   string   `json:"op"`
			Args []string `json:"args"`
		}
		if json.Unmarshal([]byte(l), &e) == nil && e.Op == "move alias" && slices.Equal(e.Args, []string{"iris-classifier", "champion", "3", "4"}) {
			found = true
		}
	}
	if !found {
		t.Errorf("no move alias [iris-classifier champion 3 4] in the audit log:\n%s", b)
	}
	scr := p.screen()
	if !strings.Contains(scr, "mltui: finishing a registry write before exiting…") {
		t.Errorf("alice's terminal was not told of the write under way:\n%s", scr)
	}
	t.Logf("alice's terminal:\n%s\nthe serve log:\n%s", strings.TrimRight(scr, "\n"), logs)
}
