package tui_test

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"mltui/testenv"
)

func TestMain(m *testing.M) {
	testenv.Main(m)
}

// TestTerminalBrowseRealServer runs the binary in tmux at 120x40 against
// a real mlflow server holding the seed, and reads the screen: the
// experiments, the runs of iris-classification sorted by accuracy
// descending, a malformed filter's error with the rows kept, and a run's
// params.
func TestTerminalBrowseRealServer(t *testing.T) {
	srv := testenv.Shared(t)
	dump := testenv.DumpAll(t, srv.URL)
	bin := mltuiBinary(t)
	tm := startTerm(t, 120, 40, baseEnv(t), bin, "--tracking-uri", srv.URL)

	var names []string
	for _, e := range dump.Experiments {
		if e.LifecycleStage == "active" {
			names = append(names, e.Name)
		}
	}
	scr := tm.waitText(20*time.Second, names...)
	if !strings.Contains(scr, "rest "+srv.URL) {
		t.Errorf("status bar names the store:\n%s", scr)
	}

	// The runs of iris-classification through the command line.
	irisID := srv.Summary.Experiment(t, "iris")
	iris := dump.Runs[irisID]
	var active []testenv.DumpRun
	for _, r := range iris {
		if r.Info.LifecycleStage == "active" {
			active = append(active, r)
		}
	}
	tm.keys(":")
	tm.typeText("runs iris-classification")
	tm.keys("Enter")
	tm.waitText(15*time.Second, "iris-classification", active[0].Info.RunName, "accuracy")

	// Sort by accuracy through the sort menu: best first.
	tm.keys("o")
	tm.waitText(5*time.Second, "sort by")
	tm.typeText("accuracy")
	tm.keys("Enter")
	// The header marks the new order at once; the rows follow when the
	// server's answer arrives.
	scr = tm.waitFor("rows sorted by accuracy", 15*time.Second, func(s string) bool {
		return strings.Contains(s, "accuracy↓") && !strings.Contains(s, "loading")
	})
	got := accuracyColumn(t, scr, len(active))
	want := make([]float64, 0, len(active))
	for _, r := range active {
		if m, ok := r.Metric("accuracy"); ok {
			want = append(want, float64(m.Value))
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(want)))
	if len(got) != len(want) {
		t.Fatalf("accuracy column has %d values, the store %d:\n%s", len(got), len(want), scr)
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 5e-6 {
			t.Fatalf("row %d accuracy %v, want %v (descending):\n%s", i, got[i], want[i], scr)
		}
	}
	best := line(scr, strconv.FormatFloat(want[0], 'g', 6, 64))
	var bestRun testenv.DumpRun
	for _, r := range active {
		if m, ok := r.Metric("accuracy"); ok && float64(m.Value) == want[0] {
			bestRun = r
		}
	}
	if !strings.Contains(best, bestRun.Info.RunName) {
		t.Errorf("the best run %s is not on the best row: %q", bestRun.Info.RunName, best)
	}

	// A malformed filter: the server's error under the filter, rows kept.
	tm.keys("/")
	tm.typeText("metrics.accuracy >> 0.9")
	tm.keys("Enter")
	scr = tm.waitText(15*time.Second, "✗", "comparator")
	if !strings.Contains(scr, bestRun.Info.RunName) || !strings.Contains(scr, "accuracy↓") {
		t.Errorf("the rows stay after a bad filter:\n%s", scr)
	}
	if errLine := line(scr, "comparator"); !strings.Contains(errLine, ">>") && !strings.Contains(scr, "/ metrics.accuracy >> 0.9") {
		t.Errorf("the failed filter stays visible for editing:\n%s", scr)
	}
	tm.keys("Escape") // clears the filter
	tm.waitFor("the filter error to clear", 10*time.Second, func(s string) bool { return !strings.Contains(s, "comparator") })

	// Open the best run (first row) and read its params.
	tm.keys("g", "Enter")
	params := bestRun.Data.Params
	wantText := []string{"params (" + strconv.Itoa(len(params)) + ")", bestRun.Info.RunID}
	for k, v := range params {
		wantText = append(wantText, k, v)
	}
	scr = tm.waitText(15*time.Second, wantText...)
	for k, v := range params {
		l := line(scr, k+" ")
		if !strings.Contains(l, v) {
			t.Errorf("param %s: line %q lacks %q", k, l, v)
		}
	}

	// q quits at once.
	tm.keys("q")
	tm.waitFor("the program to exit", 5*time.Second, func(s string) bool { return !strings.Contains(s, "mltui ›") })
}

// accuracyColumn reads the accuracy values of the first n table rows: the
// header's "accuracy↓" column position tells where to look.
func accuracyColumn(t *testing.T, scr string, n int) []float64 {
	t.Helper()
	lines := strings.Split(scr, "\n")
	hdr := -1
	for i, l := range lines {
		if strings.Contains(l, "accuracy↓") {
			hdr = i
			break
		}
	}
	if hdr < 0 {
		t.Fatalf("no accuracy header:\n%s", scr)
	}
	h := []rune(lines[hdr])
	end := -1
	title := []rune("accuracy↓")
	for i := 0; i+len(title) <= len(h); i++ {
		if string(h[i:i+len(title)]) == string(title) {
			end = i + len(title)
		}
	}
	var out []float64
	for _, l := range lines[hdr+1:] {
		r := []rune(l)
		if len(r) < end || len(out) >= n {
			break
		}
		f := strings.Fields(string(r[max(end-12, 0):end]))
		if len(f) == 0 {
			break
		}
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		if err != nil {
			break
		}
		out = append(out, v)
	}
	return out
}
