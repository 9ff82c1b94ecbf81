package tui_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mltui/internal/mltuibin"
	"mltui/testenv"
)

// mltuiBinary is the binary for a real-terminal test, private to t.
func mltuiBinary(t *testing.T) string {
	t.Helper()
	return mltuibin.Build(t)
}

// needTmux skips a real-terminal test where tmux is missing, unless the
// run requires every test (CI), where it fails instead.
func needTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil && !testenv.Required() {
		t.Skipf("tmux is not installed: %v", err)
	}
}

// term is a tmux session on a private server running one command.
type term struct {
	t    *testing.T
	sock string
}

func startTerm(t *testing.T, w, h int, env []string, argv ...string) *term {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatalf("tmux is needed for real-terminal tests: %v", err)
	}
	tm := &term{t: t, sock: fmt.Sprintf("mltui-test-%d-%d", os.Getpid(), time.Now().UnixNano())}
	// The command runs through env so the session sees exactly this environment.
	cmdline := append([]string{"env", "-i"}, env...)
	cmdline = append(cmdline, argv...)
	quoted := make([]string, len(cmdline))
	for i, a := range cmdline {
		quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	tm.tmux("new-session", "-d", "-s", "main", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h),
		strings.Join(quoted, " ")+"; sleep 30")
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tm.sock, "kill-server").Run() })
	return tm
}

func (tm *term) tmux(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.sock}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

// keys sends tmux key names (Enter, Escape, C-c, j, …) one by one. An
// Escape is followed by a pause so the next key is not read as alt+key.
func (tm *term) keys(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		tm.tmux("send-keys", "-t", "main", k)
		if k == "Escape" {
			time.Sleep(300 * time.Millisecond)
		}
	}
}

// typeText types literal text.
func (tm *term) typeText(s string) {
	tm.t.Helper()
	tm.tmux("send-keys", "-t", "main", "-l", s)
}

func (tm *term) screen() string {
	tm.t.Helper()
	return tm.tmux("capture-pane", "-p", "-t", "main")
}

// waitFor polls the screen until cond holds, failing with the last screen.
func (tm *term) waitFor(what string, timeout time.Duration, cond func(string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(timeout)
	var s string
	for time.Now().Before(deadline) {
		s = tm.screen()
		if cond(s) {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	tm.t.Fatalf("waiting for %s: not seen within %s. Screen:\n%s", what, timeout, s)
	return s
}

func (tm *term) waitText(timeout time.Duration, texts ...string) string {
	tm.t.Helper()
	return tm.waitFor(fmt.Sprintf("%q", texts), timeout, func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// baseEnv is a clean environment for the binary: a private config dir
// with a 1 s refresh, a 256-colour terminal, and fast-failing retries.
func baseEnv(t *testing.T, extra ...string) []string {
	cfgDir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(cfgDir, "mltui"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfgDir, "mltui", "config.yaml"), []byte("refresh_interval: 1s\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"HOME=" + t.TempDir(), "XDG_CONFIG_HOME=" + cfgDir, "TERM=xterm-256color", "PATH=" + os.Getenv("PATH"),
		"MLFLOW_HTTP_REQUEST_MAX_RETRIES=1", "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR=0.2", "MLFLOW_HTTP_REQUEST_TIMEOUT=20",
	}
	return append(env, extra...)
}

// line returns the first screen line containing s.
func line(screen, s string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}
