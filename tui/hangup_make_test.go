//go:build linux

package tui_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTerminalGoneEndsMakeRun starts the dashboard the way a developer
// does, `make run` in the repository root, closes its terminal, and finds
// neither the dashboard nor make left within 3 s: from a plain shell, and
// from a wrapper that ignores SIGHUP (make then ignores it too, and so
// does the dashboard it starts), where only the dead terminal tells.
//
// The dashboard's command line is the same in every checkout, so the
// test's own processes are found by a marker in their environment. The
// store is a private copy of the demo store named by MLFLOW_TRACKING_URI,
// which the Makefile's --demo-fallback gives way to.
func TestTerminalGoneEndsMakeRun(t *testing.T) {
	needTmux(t)
	if _, err := exec.LookPath("make"); err != nil {
		t.Skipf("make is not installed: %v", err)
	}
	root := repoRoot(t)
	bin := filepath.Join(root, "bin", "mltui")
	// A cold build can take far longer than the wait for the first screen:
	// build first, so that make run's own go build finds everything done.
	_, db := demoCopy(t)
	env := withEnv(baseEnv(t, "MLFLOW_TRACKING_URI=sqlite:///"+db), goEnv(t)...)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "make", "--no-print-directory", "build")
	build.Dir, build.Env = root, env
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("make build: %v\n%s", err, out)
	}
	for _, tc := range []struct{ name, prefix string }{
		{"shell", ""},
		{"wrapper ignoring SIGHUP", "trap '' HUP; "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			marker := newMarker(t)
			status := filepath.Join(t.TempDir(), "status")
			cmd := tc.prefix + "cd " + shQuote(root) + " && make run; echo $? >" + shQuote(status) + "; echo done; sleep 30"
			tm := startTerm(t, 100, 30, withEnv(env, marker), "sh", "-c", cmd)
			tm.waitText(60*time.Second, "iris-classification")
			procs := procSet{marker: marker, exes: []string{bin, "make"}}
			procs.running(t)
			// Closing the server closes the pane's pty.
			if out, err := exec.Command("tmux", "-L", tm.sock, "kill-server").CombinedOutput(); err != nil {
				t.Fatalf("tmux kill-server: %v: %s", err, out)
			}
			procs.goneWithin(t, 3*time.Second)
			if tc.prefix == "" {
				return // the shell itself died of the SIGHUP
			}
			// The wrapper outlives its terminal: make, and the dashboard
			// under it, ended by themselves, not by a signal.
			var got string
			deadline := time.Now().Add(3 * time.Second)
			for time.Now().Before(deadline) {
				if b, err := os.ReadFile(status); err == nil && strings.HasSuffix(string(b), "\n") {
					got = strings.TrimSpace(string(b))
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			if got != "0" {
				t.Fatalf("make run's exit status: %q, want 0", got)
			}
		})
	}
}
