package tui_test

import (
	"strings"
	"testing"
	"time"

	"mltui/testenv"
)

// TestIntegrationTerminalSweepGroupsAndBands drives the sweep flow in a
// real terminal against the real server's hparam-sweep grid: the runs
// table, b with the pre-checked params, the grouped table (the diverged
// seed counted apart), c to the band chart and g back to the runs.
func TestIntegrationTerminalSweepGroupsAndBands(t *testing.T) {
	needTmux(t)
	srv := testenv.Shared(t)
	tm := startTerm(t, 160, 48, baseEnv(t), mltuiBinary(t), "--tracking-uri", srv.URL)
	tm.waitText(60*time.Second, "hparam-sweep")

	tm.keys(":")
	tm.typeText("runs hparam-sweep")
	tm.keys("Enter")
	tm.waitText(60*time.Second, "lr1-bs128-h64-s2", "82 runs")

	// The two params that explain the loss (lr, then hidden) come checked.
	tm.keys("b")
	scr := tm.waitText(10*time.Second, "group hparam-sweep by")
	for _, p := range []string{"[x] lr", "[x] hidden", "[ ] batch_size", "[ ] seed"} {
		if !strings.Contains(scr, p) {
			t.Fatalf("the group-by picker lacks %q:\n%s", p, scr)
		}
	}
	tm.keys("Enter")
	scr = tm.waitText(20*time.Second, "which params matter")
	var groups []string
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, "▸ ") {
			groups = append(groups, l)
		}
	}
	// 3 × 3 groups; the checkpointed run joins lr=0.1, hidden=16.
	if len(groups) != 9 {
		t.Fatalf("%d group rows, want 9:\n%s", len(groups), scr)
	}
	diverged := ""
	for _, g := range groups {
		if strings.Contains(g, "+1 NaN") {
			if diverged != "" {
				t.Fatalf("two groups count a NaN run:\n%s", scr)
			}
			diverged = g
		}
	}
	if !strings.Contains(diverged, "lr=1") || !strings.Contains(diverged, "hidden=64") {
		t.Fatalf("the NaN run should be in lr=1, hidden=64; it is in %q:\n%s", diverged, scr)
	}

	tm.keys("c")
	scr = tm.waitText(60*time.Second, "mean · min–max", "exact")
	legend := 0
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, "mean last") {
			legend++
		}
	}
	if legend != 8 {
		t.Fatalf("%d band legend rows, want the first 8 groups:\n%s", legend, scr)
	}
	tm.keys("g")
	// Until the runs' own histories are in, the bands stay on screen under
	// a "loading" spinner.
	scr = tm.waitFor("the runs one by one", 30*time.Second, func(s string) bool {
		return !strings.Contains(s, "mean · min–max") && strings.Contains(s, "last ") && !strings.Contains(s, "loading")
	})
	if strings.Contains(scr, "mean last") {
		t.Fatalf("g left band rows in the legend:\n%s", scr)
	}
	tm.keys("g")
	tm.waitText(10*time.Second, "mean · min–max")
}
