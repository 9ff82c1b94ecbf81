package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mltui/testenv"
)

// pyTrainer is a training loop through the MLflow Python client (argv:
// URI, how it ends). It prints the run id, logs train_loss every 0.3 s
// with epochs=10 as its param, then: "finished" ends FINISHED after 6
// steps, "failed" ends FAILED after 3, "stalled" stops logging after 3 but
// stays RUNNING, "diverged" logs a NaN loss at step 3 and goes on RUNNING.
const pyTrainer = `
import sys, time, math, mlflow
uri, mode = sys.argv[1:3]
c = mlflow.MlflowClient(uri)
run = c.create_run("0", run_name="watched-" + mode)
rid = run.info.run_id
c.log_param(rid, "epochs", "10")
print(rid, flush=True)
n = 6 if mode == "finished" else 3
for step in range(n):
    c.log_metric(rid, "train_loss", 1.0 / (step + 1), step=step)
    time.sleep(0.3)
if mode == "finished":
    c.set_terminated(rid, "FINISHED")
elif mode == "failed":
    c.set_terminated(rid, "FAILED")
elif mode == "diverged":
    c.log_metric(rid, "train_loss", float("nan"), step=n)
    time.sleep(60)
else:
    time.sleep(60)
`

// mltui watch --until finished against a run the Python client is writing
// on a real server: exit 0 when it finishes, 1 when it fails, stalls or
// diverges, with the status lines saying which.
func TestIntegrationWatchUntilFinished(t *testing.T) {
	srv := testenv.Server(t)
	for _, c := range []struct {
		mode string
		code int
		says string
	}{
		{"finished", 0, "FINISHED"},
		{"failed", 1, "FAILED"},
		{"stalled", 1, "STALLED"},
		{"diverged", 1, "DIVERGED"},
	} {
		t.Run(c.mode, func(t *testing.T) {
			runID := testenv.PythonWriter(t, srv.Env(), "-c", pyTrainer, srv.URL, c.mode)

			// Alerts: the states, and the loss under 0.4 (step 2 of every trainer),
			// each sent to a notifier that appends its last argument to a file.
			dir := t.TempDir()
			got := filepath.Join(dir, "alerts")
			notifier := filepath.Join(dir, "notifier")
			if err := os.WriteFile(notifier, []byte("#!/bin/sh\nprintf '%s\\n' \"$2\" >> "+got+"\n"), 0o755); err != nil {
				t.Fatal(err)
			}
			cfg := filepath.Join(dir, "config.yaml")
			if err := os.WriteFile(cfg, []byte("alerts:\n  rules:\n    - on: stalled\n    - on: diverged\n    - on: finished\n    - on: failed\n"+
				"    - metric: train_loss\n      below: 0.4\n  on_alert: ["+notifier+", mltui]\n"), 0o644); err != nil {
				t.Fatal(err)
			}

			start := time.Now()
			out, err := runCLI(t, "watch", runID, "--until", "finished", "--every", "300ms", "--stall-after", "4s", "--tracking-uri", srv.URL, "--config", cfg)
			code := 0
			var ee *ExitError
			if errors.As(err, &ee) {
				code = ee.Code
			} else if err != nil {
				t.Fatalf("watch: %v\n%s", err, out)
			}
			if code != c.code || !strings.Contains(out, c.says) {
				t.Fatalf("exit %d (want %d), output lacks %q or is:\n%s", code, c.code, c.says, out)
			}
			if !strings.Contains(out, "watching watched-"+c.mode) || !strings.Contains(out, "step ") || !strings.Contains(out, "/10") {
				t.Fatalf("no progress lines (step N/10 from the epochs param):\n%s", out)
			}
			// Each alert once, as an ALERT line and through the command.
			b, _ := os.ReadFile(got)
			alerts := strings.Split(strings.TrimSpace(string(b)), "\n")
			// Every trainer reaches step 2 (loss 1/3), so the threshold fires in each.
			want := []string{"watched-" + c.mode + ": train_loss below 0.4", "watched-" + c.mode + " " + c.mode}
			if len(alerts) != len(want) || strings.Count(out, " ALERT ") != len(want) {
				t.Fatalf("alerts %q (ALERT lines %d), want one each of %v:\n%s", alerts, strings.Count(out, " ALERT "), want, out)
			}
			for _, w := range want {
				n := 0
				for _, a := range alerts {
					if strings.HasPrefix(a, w) {
						n++
					}
				}
				if n != 1 {
					t.Fatalf("%d alerts start %q, want 1: %q", n, w, alerts)
				}
			}
			if c.mode == "stalled" && time.Since(start) < 4*time.Second {
				t.Fatalf("stalled after %v, before --stall-after 4s", time.Since(start))
			}
		})
	}
}
