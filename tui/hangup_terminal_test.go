package tui_test

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestTerminalGoneEndsTheDashboard closes the terminal under a running
// dashboard and finds no mltui left within 3 s: run by a plain shell, and
// by a wrapper that ignores SIGHUP and waits for it, as make does, so
// that nothing but the dead terminal itself tells the dashboard to stop.
func TestTerminalGoneEndsTheDashboard(t *testing.T) {
	needTmux(t)
	for _, tc := range []struct{ name, prefix string }{
		{"shell", ""},
		{"wrapper ignoring SIGHUP", "trap '' HUP; "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, db := demoCopy(t) // a unique path: it names our process
			cmd := tc.prefix + "'" + mltuiBinary(t) + "' --tracking-uri 'sqlite:///" + db + "'; echo done; sleep 30"
			tm := startTerm(t, 100, 30, baseEnv(t), "sh", "-c", cmd)
			tm.waitText(20*time.Second, "iris-classification")
			running := func() bool {
				out, _ := exec.Command("pgrep", "-f", "mltui --tracking-uri sqlite:///"+db).Output()
				return strings.TrimSpace(string(out)) != ""
			}
			if !running() {
				t.Fatal("pgrep does not find the running dashboard")
			}
			// Closing the server closes the pane's pty: a dropped SSH
			// connection or a closed tmux pane.
			if out, err := exec.Command("tmux", "-L", tm.sock, "kill-server").CombinedOutput(); err != nil {
				t.Fatalf("tmux kill-server: %v: %s", err, out)
			}
			deadline := time.Now().Add(3 * time.Second)
			for running() {
				if time.Now().After(deadline) {
					_ = exec.Command("pkill", "-f", "mltui --tracking-uri sqlite:///"+db).Run()
					t.Fatal("the dashboard outlived its terminal by 3 s")
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
}
