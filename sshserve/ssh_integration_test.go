package sshserve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"mltui/client/store"
	"mltui/config"
	"mltui/keys"
	"mltui/testenv"
	"mltui/theme"
	"mltui/tui"
	"mltui/views"
)

// needSSH skips, loudly, without MLTUI_INTEGRATION and fails without ssh
// or tmux: make test sets it, so these tests never skip there.
func needSSH(t *testing.T) {
	t.Helper()
	if os.Getenv(testenv.EnvIntegration) == "" {
		t.Skipf("%s: %s=1 runs the SSH integration tests with a real ssh client; this one did NOT run", testenv.SkipMarker, testenv.EnvIntegration)
	}
	for _, bin := range []string{"ssh", "tmux"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is needed: %v", bin, err)
		}
	}
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// sshKey writes a private key file for the ssh client and returns its
// path and public key.
func sshKey(t *testing.T, dir, name string) (string, gossh.PublicKey) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	blk, err := gossh.MarshalPrivateKey(priv, name)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, pem.EncodeToMemory(blk), 0o600); err != nil {
		t.Fatal(err)
	}
	sg, _ := gossh.NewSignerFromKey(priv)
	return p, sg.PublicKey()
}

type pane struct {
	t    *testing.T
	sock string
}

func (p pane) tmux(args ...string) string {
	p.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", p.sock}, args...)...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

func (p pane) screen() string { return p.tmux("capture-pane", "-p", "-t", "main") }

func (p pane) waitFor(want string) string {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		if s = p.screen(); strings.Contains(s, want) {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("%q never showed; the screen:\n%s", want, s)
	return ""
}

func sshIn(t *testing.T, w, h int, key string, port int, user string) pane {
	t.Helper()
	p := pane{t: t, sock: fmt.Sprintf("mltui-ssh-%d-%d", os.Getpid(), time.Now().UnixNano())}
	cmd := fmt.Sprintf("env -i TERM=xterm-256color ssh -tt -i %s -p %d -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o BatchMode=yes %s@127.0.0.1; sleep 30", key, port, user)
	p.tmux("new-session", "-d", "-s", "main", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmd)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", p.sock, "kill-server").Run() })
	return p
}

// served is a server on a copy of the demo store, alice's key authorized
// (comment alice@laptop), eve's not.
type served struct {
	srv        *Server
	port       int
	dir, db    string
	alice, eve string
	cancel     func()
	done       chan error
}

func serveDemo(t *testing.T, writers []string, audit *Audit, tune ...func(*Config)) *served {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "mlflow.db")
	b, err := os.ReadFile(filepath.Join("..", "testdata", "demo", "mlflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	r, err := store.Resolve(store.Inputs{FlagURI: "sqlite:///" + db, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctx, r, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })

	aliceKey, alicePub := sshKey(t, dir, "alice")
	eveKey, _ := sshKey(t, dir, "eve")
	ak := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(ak, append(gossh.MarshalAuthorizedKey(alicePub)[:len(gossh.MarshalAuthorizedKey(alicePub))-1], []byte(" alice@laptop\n")...), 0o600); err != nil {
		t.Fatal(err)
	}
	ks, err := LoadAuthorizedKeys(ak)
	if err != nil {
		t.Fatal(err)
	}
	hk, err := EnsureHostKey(filepath.Join(dir, "host_key"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{}
	c := Config{
		Addr: "127.0.0.1:0", HostKeyPEM: hk, Keys: ks, Store: s, Writers: writers, Audit: audit,
		Options: func(getenv func(string) string) tui.Options {
			return tui.Options{Config: cfg, Keys: keys.Defaults(), Theme: theme.New(theme.ResolveMode("", false, getenv)),
				Start: views.OpenMsg{Kind: views.KindExperiments, ExperimentName: "iris-classification"}}
		},
	}
	for _, f := range tune {
		f(&c)
	}
	srv, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	return &served{srv: srv, port: ln.Addr().(*net.TCPAddr).Port, dir: dir, db: db, alice: aliceKey, eve: eveKey, cancel: cancel, done: done}
}

func TestServeOverSSH(t *testing.T) {
	needSSH(t)
	for _, bin := range []string{"ssh", "tmux"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is needed: %v", bin, err)
		}
	}
	sv := serveDemo(t, nil, nil)
	srv, port, aliceKey, eveKey, cancel, served := sv.srv, sv.port, sv.alice, sv.eve, sv.cancel, sv.done

	// An unknown key is refused.
	eve := sshIn(t, 80, 24, eveKey, port, "eve")
	eve.waitFor("Permission denied")

	// A session without a PTY is refused with a message.
	out, _ := exec.Command("ssh", "-T", "-i", aliceKey, "-p", fmt.Sprint(port), "-o", "StrictHostKeyChecking=no",
		"-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "alice@127.0.0.1").CombinedOutput()
	if !strings.Contains(string(out), "the dashboard needs a terminal") {
		t.Fatalf("ssh -T said:\n%s", out)
	}

	small := sshIn(t, 80, 24, aliceKey, port, "alice")
	big := sshIn(t, 200, 60, aliceKey, port, "bob")
	small.waitFor("iris-classification")
	bigScreen := big.waitFor("iris-classification")
	waitSessions(t, srv, 2)
	if lines := strings.Split(strings.TrimRight(bigScreen, "\n"), "\n"); len(lines) < 50 {
		t.Fatalf("the 200x60 session drew %d lines", len(lines))
	}
	for _, l := range strings.Split(small.screen(), "\n") {
		if len([]rune(l)) > 80 {
			t.Fatalf("the 80x24 session drew a line wider than 80: %q", l)
		}
	}
	// experiments → runs → chart in the small session.
	small.tmux("send-keys", "-t", "main", "Enter")
	small.waitFor("rf-baseline-v1")
	small.tmux("send-keys", "-t", "main", "c")
	small.waitFor("chart: accuracy")

	// A reader's alias move is refused, with the reason.
	small.tmux("send-keys", "-t", "main", "Escape")
	time.Sleep(300 * time.Millisecond)
	small.tmux("send-keys", "-t", "main", ":models", "Enter")
	small.waitFor("2 models")
	small.tmux("send-keys", "-t", "main", "Enter")
	small.waitFor("2 versions")
	small.tmux("send-keys", "-t", "main", "p")
	small.waitFor("read-only mode: set/move alias is disabled")

	// Killing the ssh client ends its session.
	_ = exec.Command("tmux", "-L", big.sock, "kill-server").Run()
	waitSessions(t, srv, 1)

	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("the server did not shut down")
	}
	if n := srv.Sessions(); n != 0 {
		t.Fatalf("%d sessions after shutdown", n)
	}
}

func waitSessions(t *testing.T, srv *Server, n int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if srv.Sessions() == n {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("sessions = %d, want %d", srv.Sessions(), n)
}

// pyVersion prints a model version's tags and the model's aliases, read by
// the MLflow Python client from the store (argv: URI, model, version).
const pyVersion = `
import sys, json, mlflow
c = mlflow.MlflowClient(sys.argv[1], sys.argv[1])
v = c.get_model_version(sys.argv[2], sys.argv[3])
m = c.get_registered_model(sys.argv[2])
print(json.dumps({"tags": v.tags, "aliases": {a: str(n) for a, n in m.aliases.items()}}))
`

// A writer's alias move over SSH is recorded with the SSH user as
// promoted_by, which the Python client reads back, and in the audit log.
func TestServeWriterPromotesAsTheSSHUser(t *testing.T) {
	needSSH(t)
	auditPath := filepath.Join(t.TempDir(), "audit.jsonl")
	audit, err := NewAudit(auditPath)
	if err != nil {
		t.Fatal(err)
	}
	sv := serveDemo(t, []string{"alice@laptop"}, audit)
	p := sshIn(t, 120, 32, sv.alice, sv.port, "alice")
	p.waitFor("iris-classification")
	p.tmux("send-keys", "-t", "main", ":models", "Enter")
	p.waitFor("2 models")
	p.tmux("send-keys", "-t", "main", "/")
	p.tmux("send-keys", "-t", "main", "-l", "iris")
	p.tmux("send-keys", "-t", "main", "Enter", "Enter")
	p.waitFor("5 versions")
	p.tmux("send-keys", "-t", "main", "j")
	p.waitFor("│ v4")
	p.tmux("send-keys", "-t", "main", "p")
	p.waitFor("set or move which alias?")
	p.tmux("send-keys", "-t", "main", "Enter")
	scr := p.waitFor("champion: v3 → v4")
	if strings.Contains(scr, "type its name to confirm") {
		p.tmux("send-keys", "-t", "main", "-l", "champion")
		p.tmux("send-keys", "-t", "main", "Enter")
	} else {
		p.tmux("send-keys", "-t", "main", "y")
	}
	p.waitFor("alias champion v3 → v4")

	out := strings.TrimSpace(testenv.PythonEnv(t, nil, "-c", pyVersion, "sqlite:///"+sv.db, "iris-classifier", "4"))
	var got struct {
		Tags    map[string]string `json:"tags"`
		Aliases map[string]string `json:"aliases"`
	}
	if err := json.Unmarshal([]byte(out[strings.LastIndex(out, "\n")+1:]), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Aliases["champion"] != "4" || got.Tags["promoted_by"] != "alice" || got.Tags["promoted_alias"] != "champion" {
		t.Fatalf("Python reads aliases %v, tags %v; want champion on v4 promoted_by alice", got.Aliases, got.Tags)
	}
	b, err := os.ReadFile(auditPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	alias := 0
	for _, l := range lines {
		var e map[string]any
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("audit line %q: %v", l, err)
		}
		if e["user"] != "alice" || !strings.HasPrefix(fmt.Sprint(e["fingerprint"]), "SHA256:") {
			t.Fatalf("audit line without the SSH user and key: %q", l)
		}
		if e["op"] == "move alias" && fmt.Sprint(e["args"]) == "[iris-classifier champion 3 4]" {
			alias++
			// what the store held just before and just after the write
			if fmt.Sprint(e["before"]) != "map[alias champion:3]" || fmt.Sprint(e["after"]) != "map[alias champion:4]" {
				t.Errorf("the alias line's before/after: %v → %v, want champion 3 → 4", e["before"], e["after"])
			}
		}
	}
	if alias == 0 {
		t.Fatalf("no alias write in the audit log:\n%s", b)
	}
}

// The session past --max-sessions is refused with a message; a session
// nobody types in ends after --idle-timeout, though its screen still
// redraws.
func TestServeLimits(t *testing.T) {
	needSSH(t)
	sv := serveDemo(t, nil, nil, func(c *Config) { c.MaxSessions, c.IdleTimeout = 1, 4*time.Second })
	first := sshIn(t, 80, 24, sv.alice, sv.port, "alice")
	first.waitFor("iris-classification")
	waitSessions(t, sv.srv, 1)
	second := sshIn(t, 80, 24, sv.alice, sv.port, "bob")
	second.waitFor("the server is full (1 sessions)")
	// Keys keep the first session alive past the timeout…
	for range 3 {
		time.Sleep(2 * time.Second)
		first.tmux("send-keys", "-t", "main", "j")
	}
	if n := sv.srv.sessions.Load(); n != 1 {
		t.Fatalf("%d sessions after typing, want the first still there", n)
	}
	// …and without them it ends.
	waitSessions(t, sv.srv, 0)
}
