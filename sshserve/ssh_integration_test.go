package sshserve

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"mltui/client/store"
	"mltui/config"
	"mltui/keys"
	"mltui/theme"
	"mltui/tui"
	"mltui/views"
)

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

func TestServeOverSSH(t *testing.T) {
	if os.Getenv("MLTUI_INTEGRATION") == "" {
		t.Skip("MLTUI_INTEGRATION=1 runs the SSH integration test")
	}
	for _, bin := range []string{"ssh", "tmux"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is needed: %v", bin, err)
		}
	}
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
	defer cancel()
	r, err := store.Resolve(store.Inputs{FlagURI: "sqlite:///" + db, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctx, r, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

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
	srv, err := New(Config{
		Addr: "127.0.0.1:0", HostKeyPEM: hk, Keys: ks, Store: s,
		Options: func(getenv func(string) string) tui.Options {
			return tui.Options{Config: cfg, Keys: keys.Defaults(), Theme: theme.New(theme.ResolveMode("", false, getenv)),
				Start: views.OpenMsg{Kind: views.KindExperiments, ExperimentName: "iris-classification"}}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()

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
