package chart_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"mltui/testenv"
)

// term drives the built binary in a private tmux server.
type term struct {
	t    *testing.T
	sock string
}

func (tm *term) tmux(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.sock}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (tm *term) send(keys ...string) {
	tm.tmux(append([]string{"send-keys", "-t", "mltui"}, keys...)...)
}

// literal types text as is (no key-name lookup).
func (tm *term) literal(text string) { tm.tmux("send-keys", "-t", "mltui", "-l", text) }

func (tm *term) screen() string { return tm.tmux("capture-pane", "-p", "-t", "mltui") }

// waitFor polls the screen until ok accepts it.
func (tm *term) waitFor(what string, timeout time.Duration, ok func(string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := tm.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("timed out after %v waiting for %s; screen:\n%s", timeout, what, s)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (tm *term) waitText(text string, timeout time.Duration) string {
	tm.t.Helper()
	return tm.waitFor(fmt.Sprintf("%q", text), timeout, func(s string) bool { return strings.Contains(s, text) })
}

var labelNum = regexp.MustCompile(`^(\d+(?:\.\d+)?)([kM]?)$`)

// xLabels parses the chart's x-axis labels (the row under "└").
func xLabels(screen string) []float64 {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.Contains(l, "└") && i+1 < len(lines) {
			var out []float64
			for _, f := range strings.Fields(lines[i+1]) {
				m := labelNum.FindStringSubmatch(f)
				if m == nil {
					continue
				}
				v, _ := strconv.ParseFloat(m[1], 64)
				switch m[2] {
				case "k":
					v *= 1e3
				case "M":
					v *= 1e6
				}
				out = append(out, v)
			}
			return out
		}
	}
	return nil
}

func span(ls []float64) float64 {
	if len(ls) < 2 {
		return 0
	}
	return ls[len(ls)-1] - ls[0]
}

func legendLine(screen, name string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, name) && strings.Contains(l, "last ") {
			return l
		}
	}
	return ""
}

// The chart in a real terminal against a real mlflow server: three marked
// runs, zoom, a live run growing while the chart is open, and the step
// images one run logged.
func TestIntegrationTerminalChartOfMarkedRuns(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if testenv.Required() {
			t.Fatalf("tmux is needed for the real-terminal test: %v", err)
		}
		t.Skipf("%s: tmux not installed", testenv.SkipMarker)
	}
	srv := testenv.Server(t) // private: a run gets written to
	sum := srv.Summary
	adam, sgd, live := sum.Run(t, "mnist_adam"), sum.Run(t, "mnist_sgd"), sum.Run(t, "running_run")

	root := filepath.Dir(testenv.Dir())
	dir := t.TempDir()
	bin := filepath.Join(dir, "mltui")
	if out, err := exec.Command("go", "build", "-C", root, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("refresh_interval: 1s\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	tm := &term{t: t, sock: "mltui-chart-" + strconv.Itoa(os.Getpid())}
	t.Cleanup(func() { exec.Command("tmux", "-L", tm.sock, "kill-server").Run() })
	cmd := fmt.Sprintf("env HOME=%s TERM=xterm-256color %s --tracking-uri %s --config %s", dir, bin, srv.URL, cfg)
	tm.tmux("new-session", "-d", "-s", "mltui", "-x", "140", "-y", "45", cmd)
	tm.waitText("iris-classification", 60*time.Second)

	tm.send(":")
	tm.literal("runs mnist-mlp")
	tm.send("Enter")
	tm.waitText("adam-long-running", 60*time.Second)
	tm.send("/")
	tm.literal(fmt.Sprintf("run_id IN ('%s','%s','%s')", adam, sgd, live))
	tm.send("Enter")
	tm.waitText("3 runs", 60*time.Second)
	tm.send("g", "Space", "Space", "Space")
	tm.waitText("3 marked", 10*time.Second)
	tm.send("c")
	screen := tm.waitFor("the chart with exact data", 60*time.Second, func(s string) bool {
		return strings.Contains(s, "chart: train_loss") && strings.Contains(s, "exact")
	})

	for _, name := range []string{"adam-lr1e-3", "sgd-step-decay", "adam-long-running"} {
		if legendLine(screen, name) == "" {
			t.Fatalf("legend does not name %s:\n%s", name, screen)
		}
	}
	full := xLabels(screen)
	if span(full) < 50 {
		t.Fatalf("x axis %v should cover the 60 epochs:\n%s", full, screen)
	}

	tm.send("+")
	screen = tm.waitText("zoom", 10*time.Second)
	if z := xLabels(screen); !(span(z) > 0 && span(z) < span(full)) {
		t.Fatalf("zoom in: x labels %v, before %v:\n%s", z, full, screen)
	}
	tm.send("z")
	tm.waitFor("zoom reset", 10*time.Second, func(s string) bool { return !strings.Contains(s, "zoom") })

	// A Python process logs the RUNNING run's next 95 epochs, a few at a time.
	before := legendLine(tm.screen(), "adam-long-running")
	logger := exec.Command(testenv.Venv(t), filepath.Join(root, "bench", "log_metric.py"), srv.URL,
		"--run-id", live, "--key", "train_loss", "--start-step", "25", "--steps", "95", "--chunk", "5", "--delay", "0.3", "--now")
	logger.Env = append(os.Environ(), "MLFLOW_DISABLE_TELEMETRY=true", "GIT_PYTHON_REFRESH=quiet")
	if err := logger.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logger.Process.Kill(); logger.Wait() })

	screen = tm.waitFor("the live curve to grow past step 100", 120*time.Second, func(s string) bool {
		ls := xLabels(s)
		return len(ls) > 0 && ls[len(ls)-1] >= 100
	})
	after := legendLine(screen, "adam-long-running")
	if after == before {
		t.Fatalf("the live run's legend did not change (%q):\n%s", after, screen)
	}
	if !strings.Contains(screen, "live") {
		t.Fatalf("the live run is not marked live:\n%s", screen)
	}

	// The adam run's step images (mlflow.log_image at steps 0, 20, 40, 59) stand beside the
	// curves; ] moves to the next one and puts the cursor on its step.
	tm.waitText("image 1 of 4", 30*time.Second)
	if !strings.Contains(tm.screen(), "confusion_matrix · step 0") {
		t.Fatalf("no step image pane:\n%s", tm.screen())
	}
	tm.send("]")
	// The title changes at once; the picture follows when its file is read.
	tm.waitFor("step 20's image drawn, the cursor there", 20*time.Second, func(s string) bool {
		return strings.Contains(s, "confusion_matrix · step 20") && strings.Contains(s, "step 20:") &&
			strings.Count(s, "▀▀▀▀▀▀▀▀") >= 10
	})
}
