package integration

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mltui/testenv"
)

// tmuxSession is the real binary in a detached tmux session on its own
// server socket, so tests never touch the user's tmux.
type tmuxSession struct {
	t      *testing.T
	socket string
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.run("capture-pane", "-p", "-t", "mltui") }

// keys sends tmux key names (Enter, Down) or literal text with "lit:".
func (s *tmuxSession) keys(ks ...string) {
	s.t.Helper()
	for _, k := range ks {
		if text, ok := strings.CutPrefix(k, "lit:"); ok {
			s.run("send-keys", "-t", "mltui", "-l", text)
		} else {
			s.run("send-keys", "-t", "mltui", k)
		}
	}
}

// waitFor polls the screen until every want is on it.
func (s *tmuxSession) waitFor(what string, want ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(90 * time.Second) // a loaded 2-core machine is slow
	var scr string
	for time.Now().Before(deadline) {
		scr = s.screen()
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(scr, w)
		}
		if ok {
			return scr
		}
		time.Sleep(300 * time.Millisecond)
	}
	s.t.Fatalf("%s: %q not on screen after 90 s:\n%s", what, want, scr)
	return ""
}

// From the models list, promote iris-classifier v4 to champion with the
// keyboard only, in a real terminal; the Python client then reports v4.
func TestTmuxKeyboardPromotion(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if testenv.Required() {
			t.Fatalf("tmux is needed for the real-terminal test: %v", err)
		}
		t.Skipf("%s: tmux not installed: the real-terminal test did NOT run", testenv.SkipMarker)
	}
	srv := testenv.Server(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "mltui")
	if out, err := exec.Command("go", "build", "-o", bin, "mltui").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("registry:\n  gates:\n    - metric: accuracy\n      op: \">=\"\n      threshold: 0.90\n    - metric: f1_macro\n      op: \">=\"\n      threshold: 0.85\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("mltui-test-%d", os.Getpid())}
	cmd := fmt.Sprintf("env TERM=xterm-256color NO_COLOR=1 MLTUI_CONFIG=%s %s --tracking-uri %s", cfg, bin, srv.URL)
	s.run("new-session", "-d", "-s", "mltui", "-x", "100", "-y", "30", cmd)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })

	s.waitFor("dashboard", "experiments")
	s.keys("lit::models", "Enter")
	s.waitFor("models list", "iris-classifier", "challenger=v4 champion=v3")
	s.keys("/", "lit:iris", "Enter", "Enter")
	s.waitFor("versions", "VER", "rf-entropy-mss4")
	s.keys("j")
	s.waitFor("v4 selected", "v4 @challenger")
	s.keys("p")
	s.waitFor("alias picker", "set or move which alias?", "champion         now v3  protected")
	s.keys("Enter")
	s.waitFor("promotion dialog", "champion: v3 → v4", "gates  PASS 2 of 2", "accuracy", "type its name to confirm")
	s.keys("lit:champion", "Enter")
	scr := s.waitFor("result", "alias champion v3 → v4")
	if !strings.Contains(scr, "recorded in mltui.alias_history") {
		t.Errorf("report without the history entry:\n%s", scr)
	}
	st := pythonState(t, srv)
	if st.Aliases["champion"] != "4" {
		t.Fatalf("python sees champion on v%s", st.Aliases["champion"])
	}
	s.keys("x")
	s.waitFor("table reloaded", "challenger → v4, champion → v4")
	s.keys("q")
}
