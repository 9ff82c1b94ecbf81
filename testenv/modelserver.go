package testenv

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// modelServeTimeout bounds `mlflow models serve` from start to a 200 on /health: it downloads the
// model through the tracking server and loads scikit-learn (10-30 s on 2 cores).
const modelServeTimeout = 3 * time.Minute

// ModelServer is `mlflow models serve -m MODEL --env-manager local` on 127.0.0.1, resolving the
// models:/ URI through a tracking server, as the seed's deployment serves its champion.
type ModelServer struct {
	URL   string // http://127.0.0.1:PORT
	Dir   string
	Model string

	tracking *TestServer
	port     int
	cmd      *exec.Cmd
	done     chan struct{}
}

// ServeModel starts a scoring server for model (models:/NAME@ALIAS, …) from tracking's registry and
// waits until it answers /health. It stops on t.Cleanup, or when the test process dies.
func ServeModel(t testing.TB, tracking *TestServer, model string) *ModelServer {
	t.Helper()
	py := Venv(t)
	m := &ModelServer{Dir: t.TempDir(), Model: model, tracking: tracking}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	m.URL = fmt.Sprintf("http://127.0.0.1:%d", m.port)
	t.Cleanup(m.Stop)
	start := time.Now()
	if err := m.start(py); err != nil {
		t.Fatalf("mlflow models serve -m %s: %v", model, err)
	}
	t.Logf("mlflow models serve -m %s at %s: healthy after %.1f s", model, m.URL, time.Since(start).Seconds())
	return m
}

func (m *ModelServer) start(py string) error {
	logPath := filepath.Join(m.Dir, "serve.log")
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	args := []string{py, "-m", "mlflow", "models", "serve", "-m", m.Model, "--env-manager", "local",
		"-h", "127.0.0.1", "-p", strconv.Itoa(m.port), "-w", "1"}
	// PostgreSQL's watcher: a process group of its own that dies with this test process.
	cmd := exec.Command("bash", append([]string{"-c", pgWatcher, "_", filepath.Join(m.Dir, "gone"), strconv.Itoa(os.Getpid())}, args...)...)
	// The venv's bin first: the CLI execs `uvicorn` by name, as an activated venv would find it.
	cmd.Env = append(os.Environ(), append(m.tracking.Env(), "PATH="+filepath.Dir(py)+string(os.PathListSeparator)+os.Getenv("PATH"))...)
	cmd.Dir = m.Dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	err = cmd.Start()
	logf.Close()
	if err != nil {
		return err
	}
	m.cmd, m.done = cmd, make(chan struct{})
	go func(done chan struct{}) { _ = cmd.Wait(); close(done) }(m.done)

	ctx, cancel := context.WithTimeout(context.Background(), modelServeTimeout)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, m.URL+"/health", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-m.done:
			return fmt.Errorf("exited during startup; serve.log:\n%s", tail(m.Log(), 3000))
		case <-ctx.Done():
			m.kill()
			return fmt.Errorf("no 200 on /health within %s; serve.log:\n%s", modelServeTimeout, tail(m.Log(), 3000))
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// Log is the scoring server's output so far.
func (m *ModelServer) Log() string {
	b, _ := os.ReadFile(filepath.Join(m.Dir, "serve.log"))
	return string(b)
}

func (m *ModelServer) kill() { killGroup(m.cmd, m.done) }

// Stop kills the scoring server and its workers (idempotent).
func (m *ModelServer) Stop() {
	if m.cmd != nil {
		m.kill()
		m.cmd = nil
	}
}

// Restart stops the server and starts it again on the same port, which resolves the models:/ URI
// afresh: after an alias moved, it serves the alias's new version (what a deployment's restart does).
func (m *ModelServer) Restart(t testing.TB) {
	t.Helper()
	m.Stop()
	start := time.Now()
	if err := m.start(Venv(t)); err != nil {
		t.Fatalf("restarting mlflow models serve -m %s: %v", m.Model, err)
	}
	t.Logf("restarted %s: healthy after %.1f s", m.URL, time.Since(start).Seconds())
}
