package tui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mltui/testenv"
)

// pyDiverger logs train_loss for 5 steps, then a NaN, then nothing while
// the run stays RUNNING: it diverges, then stalls.
const pyDiverger = `
import sys, time, mlflow
c = mlflow.MlflowClient(sys.argv[1])
run = c.create_run("0", run_name="tmux-watched")
rid = run.info.run_id
c.log_param(rid, "epochs", "20")
print(rid, flush=True)
for step in range(5):
    c.log_metric(rid, "train_loss", 1.0 / (step + 1), step=step)
    time.sleep(0.4)
c.log_metric(rid, "train_loss", float("nan"), step=5)
time.sleep(120)
`

// TestIntegrationTerminalWatchAlerts runs `mltui watch RUN` in tmux (the
// dashboard's live view) while the Python client writes the run on a real
// server: the pace shows as it logs, then the divergence and the stall
// are each said once — in the screen and through the on_alert command.
func TestIntegrationTerminalWatchAlerts(t *testing.T) {
	needTmux(t)
	srv := testenv.Server(t)
	runID := testenv.PythonWriter(t, srv.Env(), "-c", pyDiverger, srv.URL)

	dir := t.TempDir()
	got := filepath.Join(dir, "alerts")
	notifier := filepath.Join(dir, "notifier")
	if err := os.WriteFile(notifier, []byte("#!/bin/sh\nprintf '%s\\n' \"$2\" >> "+got+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("refresh_interval: 1s\nalerts:\n  rules:\n    - on: stalled\n    - on: diverged\n"+
		"  stall_after: 4s\n  on_alert: ["+notifier+", mltui]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm := startTerm(t, 160, 40, baseEnv(t), mltuiBinary(t), "watch", runID, "--tracking-uri", srv.URL, "--config", cfg)
	tm.waitText(60*time.Second, "tmux-watched", "RUNNING · step")
	tm.waitText(30*time.Second, "DIVERGED", "train_loss not finite")

	alerts := func() []string {
		b, _ := os.ReadFile(got)
		return strings.Fields(strings.ReplaceAll(strings.TrimSpace(string(b)), " ", "_"))
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(alerts()) < 2 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(3 * time.Second) // three more refreshes: nothing fires again
	as := alerts()
	if len(as) != 2 || !strings.HasPrefix(as[0], "tmux-watched_diverged") || !strings.HasPrefix(as[1], "tmux-watched_stalled") {
		t.Fatalf("alerts %q, want the divergence then the stall, once each:\n%s", as, tm.screen())
	}
}
