package diff

import (
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	dt "mltui/diff"
	"mltui/format"
	"mltui/internal/mltuibin"
	"mltui/testenv"
)

// TestTerminalDiffTwoIrisRuns runs the built binary in tmux against a real
// mlflow server holding the seed: it opens iris-classification, marks the
// baseline run (100 trees, depth 5) and the unbounded one (200 trees, no
// depth limit), presses d and reads the diff off the screen: only the
// params that differ, the identical ones folded, and the metric deltas.
func TestTerminalDiffTwoIrisRuns(t *testing.T) {
	srv := testenv.Shared(t)
	sum := srv.Summary
	model := sum.Models["iris-classifier"]
	baseID, unbID := sum.Run(t, "iris_baseline"), sum.Run(t, "iris_unbounded")
	metricsOf := func(runID string) map[string]float64 {
		for v, id := range model.Versions {
			if id == runID {
				return model.Metrics[v]
			}
		}
		t.Fatalf("run %s is not a registered iris-classifier version", runID)
		return nil
	}
	bin := mltuibin.Build(t)
	tm := newTmux(t, 120, 40, bin, "--tracking-uri", srv.URL)
	tm.wait(30*time.Second, "iris-classification")

	tm.send(":")
	tm.typeText("runs iris-classification")
	tm.send("Enter")
	scr := tm.wait(20*time.Second, "rf-baseline-v1", "rf-unbounded", "rf-stump")

	// Rows in screen order; the cursor starts on the first.
	names := []string{"rf-baseline-v1", "rf-small", "rf-unbounded", "rf-entropy-mss4", "rf-stump", "rf-entropy-50"}
	row := map[string]int{}
	for i, l := range strings.Split(scr, "\n") {
		for _, n := range names {
			if strings.Contains(l, " "+n+" ") {
				row[n] = i
			}
		}
	}
	lines := make([]int, 0, len(row))
	for _, i := range row {
		lines = append(lines, i)
	}
	sort.Ints(lines)
	pos := func(name string) int { return sort.SearchInts(lines, row[name]) }
	first, second := "rf-baseline-v1", "rf-unbounded"
	firstID, secondID := baseID, unbID
	if pos(second) < pos(first) {
		first, second, firstID, secondID = second, first, secondID, firstID
	}
	tm.send(repeat("j", pos(first))...)
	tm.send("Space")
	tm.send(repeat("j", pos(second)-pos(first))...)
	tm.send("Space", "d")
	scr = tm.wait(30*time.Second, "diff 2 runs", "n_estimators", "accuracy")

	// Only the params that differ: n_estimators 100/200 and max_depth 5/None.
	for _, p := range []string{"min_samples_split", "random_state", "criterion"} {
		if strings.Contains(scr, p) {
			t.Errorf("identical param %s is shown:\n%s", p, scr)
		}
	}
	if !strings.Contains(scr, "3 identical params") {
		t.Errorf("no fold for the 3 identical params:\n%s", scr)
	}
	vals := map[string]string{"rf-baseline-v1": "100", "rf-unbounded": "200"}
	depth := map[string]string{"rf-baseline-v1": "5", "rf-unbounded": "None"}
	if l := lineWith(scr, "n_estimators"); !inOrder(l, vals[first], vals[second]) {
		t.Errorf("n_estimators line %q, want %s then %s", l, vals[first], vals[second])
	}
	if l := lineWith(scr, "max_depth"); !inOrder(l, depth[first], depth[second]) {
		t.Errorf("max_depth line %q, want %s then %s", l, depth[first], depth[second])
	}
	// Metric deltas of the second run against the first (the baseline).
	ma, mb := metricsOf(firstID), metricsOf(secondID)
	for _, key := range []string{"accuracy", "f1_macro"} {
		d := dt.NewDelta(mb[key], ma[key])
		want := []string{format.Float(ma[key]), format.Float(mb[key]), d.AbsText(), d.PctText()}
		if l := lineWith(scr, " "+key+" "); !inOrder(l, want...) {
			t.Errorf("%s line %q, want %q in order", key, l, want)
		}
	}
	if !strings.Contains(scr, "◆ "+first) {
		t.Errorf("the first marked run is not the baseline:\n%s", scr)
	}

	// a shows every row; the identical params appear.
	tm.send("a")
	tm.wait(10*time.Second, "min_samples_split", "random_state", "all rows")
	tm.send("q")
}

func repeat(k string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = k
	}
	return out
}

func lineWith(scr, s string) string {
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// inOrder reports whether l holds every part, left to right.
func inOrder(l string, parts ...string) bool {
	for _, p := range parts {
		i := strings.Index(l, p)
		if i < 0 {
			return false
		}
		l = l[i+len(p):]
	}
	return true
}

// tmuxTerm is the binary running in a private tmux server.
type tmuxTerm struct {
	t    *testing.T
	sock string
}

func newTmux(t *testing.T, w, h int, argv ...string) *tmuxTerm {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatalf("tmux is needed for the real-terminal test: %v", err)
	}
	cfg := t.TempDir()
	env := []string{"HOME=" + t.TempDir(), "XDG_CONFIG_HOME=" + cfg, "TERM=xterm-256color", "PATH=" + os.Getenv("PATH"),
		"MLFLOW_HTTP_REQUEST_MAX_RETRIES=1", "MLFLOW_HTTP_REQUEST_TIMEOUT=20"}
	words := append(append([]string{"env", "-i"}, env...), argv...)
	for i, a := range words {
		words[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	tm := &tmuxTerm{t: t, sock: fmt.Sprintf("mltui-diff-%d-%d", os.Getpid(), time.Now().UnixNano())}
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tm.sock, "kill-server").Run() })
	// The pause keeps the pane (and what it shows) after the program exits.
	tm.run("new-session", "-d", "-s", "t", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), strings.Join(words, " ")+"; sleep 30")
	return tm
}

func (tm *tmuxTerm) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.sock}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

func (tm *tmuxTerm) send(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		tm.run("send-keys", "-t", "t", k)
	}
}

func (tm *tmuxTerm) typeText(s string) {
	tm.t.Helper()
	tm.run("send-keys", "-t", "t", "-l", s)
}

// wait polls the screen until it shows every text.
func (tm *tmuxTerm) wait(timeout time.Duration, texts ...string) string {
	tm.t.Helper()
	var scr string
	for end := time.Now().Add(timeout); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		scr = tm.run("capture-pane", "-p", "-t", "t")
		ok := true
		for _, x := range texts {
			ok = ok && strings.Contains(scr, x)
		}
		if ok {
			return scr
		}
	}
	tm.t.Fatalf("waited %s for %q; screen:\n%s", timeout, texts, scr)
	return scr
}
