//go:build linux

package tui_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"mltui/testenv"
)

// TestTerminalGoneEndsSSHSession runs the dashboard in an `ssh -tt`
// session to a private sshd on 127.0.0.1, drops the connection, and finds
// no dashboard left within 3 s: sshd closes the session's pty. The
// connection is dropped by killing the ssh client (SIGKILL: it says
// goodbye to nobody) or by closing the client's tmux pane; the dashboard
// is the session's leader (the login shell execs it), or runs under a
// remote shell that ignores SIGHUP, so that only the dead terminal tells.
//
// Without an sshd, a pty closed under the dashboard stands in for the
// session (ptyClosedCases), where every test must run; elsewhere the
// test skips.
func TestTerminalGoneEndsSSHSession(t *testing.T) {
	needTmux(t)
	srv, why := startSSHD(t)
	if srv == nil {
		if !testenv.Required() {
			t.Skipf("%s; TestPtyClosedEndsTheDashboard closes a pty under the dashboard as sshd would", why)
		}
		t.Logf("%s: a pty closed under the dashboard stands in for the SSH session", why)
		ptyClosedCases(t)
		return
	}
	bin := mltuiBinary(t)
	for _, remote := range []struct{ name, prefix, suffix string }{
		{"session leader", "", ""},
		{"under a shell ignoring SIGHUP", "trap '' HUP; ", "; echo done"},
	} {
		for _, drop := range []string{"client killed", "pane closed"} {
			t.Run(remote.name+", "+drop, func(t *testing.T) {
				marker, clientMarker := newMarker(t), newMarker(t)
				_, db := demoCopy(t)
				// The remote login shell runs the dashboard in the same
				// clean environment as the other terminal tests.
				cmd := remote.prefix + "env -i"
				for _, kv := range withEnv(baseEnv(t), marker) {
					cmd += " " + shQuote(kv)
				}
				cmd += " " + shQuote(bin) + " --tracking-uri " + shQuote("sqlite:///"+db) + remote.suffix
				tm := startTerm(t, 100, 30, withEnv(baseEnv(t), clientMarker), srv.ssh("-tt", cmd)...)
				tm.waitText(20*time.Second, "iris-classification")
				dash := procSet{marker: marker, exes: []string{bin}}
				dash.running(t)
				switch drop {
				case "client killed":
					client := procSet{marker: clientMarker, exes: []string{"ssh"}}
					client.running(t)
					for _, l := range client.live() {
						pid, _ := strconv.Atoi(strings.Fields(l)[0])
						if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
							t.Fatalf("kill the ssh client %d: %v", pid, err)
						}
					}
				case "pane closed":
					if out, err := exec.Command("tmux", "-L", tm.sock, "kill-server").CombinedOutput(); err != nil {
						t.Fatalf("tmux kill-server: %v: %s", err, out)
					}
				}
				dash.goneWithin(t, 3*time.Second)
			})
		}
	}
}

// sshServer is a private sshd on 127.0.0.1 that lets the current user in
// with a key of its own.
type sshServer struct {
	port, key, user string
}

// ssh is the argv of an ssh client (with opt: -tt, -T) to srv running remote,
// reading no configuration or known hosts of the user's.
func (srv *sshServer) ssh(opt, remote string) []string {
	return []string{"ssh", opt, "-F", "/dev/null",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
		"-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR",
		"-i", srv.key, "-p", srv.port, "-l", srv.user, "127.0.0.1", remote}
}

// syncBuffer is a bytes.Buffer safe to write from one goroutine and read
// from another.
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

// startSSHD starts sshd as the current user on a free port of 127.0.0.1,
// with a host key, a client key and its configuration in a temporary
// directory, and checks that the user can log in. Where that cannot be
// done it returns nil and why; an sshd that starts and then fails is a
// test failure.
func startSSHD(t *testing.T) (*sshServer, string) {
	t.Helper()
	sshd, err := exec.LookPath("sshd")
	if err != nil {
		sshd = "/usr/sbin/sshd"
		if _, err := os.Stat(sshd); err != nil {
			return nil, "sshd is not installed (openssh-server)"
		}
	}
	if sshd, err = filepath.Abs(sshd); err != nil { // sshd re-executes itself by its path
		t.Fatal(err)
	}
	for _, tool := range []string{"ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, tool + " is not installed (openssh-client)"
		}
	}
	u, err := user.Current()
	if err != nil {
		return nil, fmt.Sprintf("no current user: %v", err)
	}
	if os.Geteuid() == 0 {
		// sshd run by root insists on its privilege separation directory,
		// which the service creates when it starts; ours never does.
		if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
			return nil, fmt.Sprintf("sshd needs /run/sshd: %v", err)
		}
	}
	dir := t.TempDir()
	for _, k := range []string{"host_key", "id"} {
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "mltui-test", "-f", filepath.Join(dir, k)).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v: %s", err, out)
		}
	}
	pub, err := os.ReadFile(filepath.Join(dir, "id.pub"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "authorized_keys"), pub, 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	_ = ln.Close()
	cfg := filepath.Join(dir, "sshd_config")
	conf := strings.Join([]string{
		"ListenAddress 127.0.0.1",
		"Port " + port,
		"HostKey " + filepath.Join(dir, "host_key"),
		"PidFile " + filepath.Join(dir, "sshd.pid"),
		"AuthorizedKeysFile " + filepath.Join(dir, "authorized_keys"),
		"StrictModes no",
		"UsePAM no",
		"PubkeyAuthentication yes",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"PermitRootLogin prohibit-password",
		"AllowUsers " + u.Username,
		"PrintMotd no",
		"UseDNS no",
		"",
	}, "\n")
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	cmd := exec.Command(sshd, "-f", cfg, "-D", "-e")
	cmd.Stdout, cmd.Stderr = log, log
	// The marker lets the test's cleanup find sshd and the processes it
	// forks for each connection.
	cmd.Env = withEnv(os.Environ(), newMarker(t))
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", sshd, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("sshd's log:\n%s", log)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(log.String(), "Server listening on 127.0.0.1 port "+port) {
		select {
		case <-exited:
			t.Fatalf("sshd exited at start:\n%s", log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("sshd is not listening on port %s after 10 s:\n%s", port, log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	srv := &sshServer{port: port, key: filepath.Join(dir, "id"), user: u.Username}
	// A login that fails here (a locked account, a shell that will not
	// run) is this machine's, not the dashboard's.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	argv := srv.ssh("-T", "echo ok")
	try := exec.CommandContext(ctx, argv[0], argv[1:]...)
	try.Env = baseEnv(t)
	if out, err := try.CombinedOutput(); err != nil || !strings.Contains(string(out), "ok") {
		return nil, fmt.Sprintf("cannot log in to a private sshd as %s: %v: %s\nsshd's log:\n%s", u.Username, err, out, log)
	}
	return srv, ""
}
