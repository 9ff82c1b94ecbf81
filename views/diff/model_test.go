package diff

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"mltui/client"
	dt "mltui/diff"
	"mltui/views"
)

func TestGolden(t *testing.T) {
	runs := irisRuns()
	cases := []struct {
		name string
		w, h int
		keys []string
	}{
		{"80x24", 80, 24, nil},
		{"80x24_detail_long_param", 80, 24, []string{"j", "j", "l", "l", "enter"}},
		{"200x60", 200, 60, nil},
		{"200x60_all_rows_sorted", 200, 60, []string{"a", "s"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := open(t, runs, storeFor(runs), c.w, c.h)
			press(t, m, c.keys...)
			golden.RequireEqual(t, plain(t, m.View(), c.w, c.h))
		})
	}
}

func TestGoldenTwentyRunsScrollSideways(t *testing.T) {
	var runs []client.Run
	for i := range 20 {
		r := irisRuns()[i%3]
		r.Info.RunID = fmt.Sprintf("%02d%s", i, r.Info.RunID[2:])
		r.Info.RunName = fmt.Sprintf("sweep-%02d", i)
		r.Data.Params = append(r.Data.Params, client.Param{Key: fmt.Sprintf("only_%02d", i), Value: "x"})
		runs = append(runs, r)
	}
	m := open(t, runs, storeFor(runs), 80, 24)
	press(t, m, "$")
	out := plain(t, m.View(), 80, 24)
	header := strings.SplitN(out, "\n", 2)[0]
	if !strings.Contains(header, "sweep-19") || strings.Contains(header, "sweep-00") {
		t.Errorf("after $ the last run should show and the first be scrolled away:\n%s", out)
	}
	if !strings.Contains(out, "◂ runs") {
		t.Errorf("no sideways scroll position:\n%s", out)
	}
	golden.RequireEqual(t, out)
}

func TestShowsOnlyChangedParamsAndMetricDeltas(t *testing.T) {
	runs := irisRuns()[:2]
	m := open(t, runs, storeFor(runs), 120, 40)
	out := plain(t, m.View(), 120, 40)
	for _, want := range []string{"n_estimators", "50", "100", "accuracy", "+0.03333 +3.6%", "4 identical params", "◆ rf-50"} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, out)
		}
	}
	for _, hidden := range []string{"max_depth", "criterion", "random_state"} {
		if strings.Contains(out, hidden) {
			t.Errorf("identical param %q shown in differences-only mode:\n%s", hidden, out)
		}
	}
	press(t, m, "a")
	out = plain(t, m.View(), 120, 40)
	if !strings.Contains(out, "max_depth") {
		t.Errorf("a (all rows) does not show identical params:\n%s", out)
	}
}

func TestFoldOpensWithEnter(t *testing.T) {
	runs := irisRuns()
	m := open(t, runs, storeFor(runs), 100, 40)
	// Walk to the params fold.
	for i := 0; i < 40 && !(m.lines[m.cursor].Kind == dt.LineFold && m.lines[m.cursor].Section == dt.SectionParams); i++ {
		press(t, m, "j")
	}
	if l := m.lines[m.cursor]; l.Kind != dt.LineFold || l.Section != dt.SectionParams {
		t.Fatalf("cursor never reached the params fold")
	}
	press(t, m, "enter")
	out := plain(t, m.View(), 100, 40)
	if !strings.Contains(out, "max_depth") || !strings.Contains(out, "▾ 3 identical params") {
		t.Errorf("opened fold:\n%s", out)
	}
	if l := m.lines[m.cursor]; l.Kind != dt.LineFold {
		t.Errorf("cursor left the fold after opening it")
	}
}

func TestBaselineKeyRecomputesDeltas(t *testing.T) {
	runs := irisRuns()
	m := open(t, runs, storeFor(runs), 120, 40)
	msgs := press(t, m, "l", "b")
	if m.table.Baseline != 1 {
		t.Fatalf("baseline %d after l b, want 1", m.table.Baseline)
	}
	acc := findRow(t, m.table, "accuracy", dt.StatLatest)
	if got := acc.Cells[0].Delta.PctText(); got != "-3.4%" {
		t.Errorf("rf-50 against rf-100: %s, want -3.4%%", got)
	}
	if !hasToast(msgs, "baseline: rf-100") {
		t.Errorf("no toast naming the new baseline: %v", msgs)
	}
	if out := plain(t, m.View(), 120, 40); !strings.Contains(out, "◆ rf-100") {
		t.Errorf("header does not mark the new baseline:\n%s", out)
	}
}

func TestChartKeyOpensChartOfSelectedMetric(t *testing.T) {
	runs := irisRuns()
	m := open(t, runs, storeFor(runs), 120, 40)
	if msgs := press(t, m, "c"); !hasToast(msgs, "metric row") {
		t.Errorf("c on a non-metric row: %v, want a hint", msgs)
	}
	for i := 0; i < 40; i++ {
		if r, ok := m.Selected(); ok && r.Key == "f1_macro" {
			break
		}
		press(t, m, "j")
	}
	msgs := press(t, m, "c")
	var open *views.OpenMsg
	for _, msg := range msgs {
		if o, ok := msg.(views.OpenMsg); ok {
			open = &o
		}
	}
	if open == nil || open.Kind != views.KindChart || open.Metric != "f1_macro" || len(open.RunIDs) != 3 || open.RunIDs[2] != runs[2].Info.RunID {
		t.Fatalf("c on f1_macro sent %+v", open)
	}
}

func TestCopySendsMarkdown(t *testing.T) {
	runs := irisRuns()
	m := open(t, runs, storeFor(runs), 120, 40)
	msgs := press(t, m, "y")
	if len(msgs) != 1 {
		t.Fatalf("y sent %d messages", len(msgs))
	}
	c, ok := msgs[0].(views.CopyMsg)
	if !ok || !strings.HasPrefix(c.Text, "|  | ◆") && !strings.HasPrefix(c.Text, "|  |") {
		t.Fatalf("y sent %#v", msgs[0])
	}
	if !strings.Contains(c.Text, "| n_estimators | 50 | 100 | 200 |") || strings.Contains(c.Text, "| max_depth |") {
		t.Errorf("markdown should hold the differing rows only:\n%s", c.Text)
	}
}

func TestHistoriesFillMinMaxAndReportErrors(t *testing.T) {
	runs := irisRuns()
	s := storeFor(runs)
	s.fail = map[string]error{runs[1].Info.RunID + "/log_loss": &client.Error{Kind: client.KindUnavailable, Status: 503, Op: "metrics/get-history"}}
	m := open(t, runs, s, 140, 50)
	if s.calls != 12 {
		t.Errorf("%d history reads, want 12 (3 runs × 4 metrics)", s.calls)
	}
	min := findRow(t, m.table, "accuracy", dt.StatMin)
	if min.Cells[0].Text != "0.833333" {
		t.Errorf("accuracy min of rf-50 = %q, want 0.833333", min.Cells[0].Text)
	}
	ll := findRow(t, m.table, "log_loss", dt.StatMax)
	if !ll.Cells[1].Failed {
		t.Errorf("failed history not shown as failed: %+v", ll.Cells[1])
	}
	if out := plain(t, m.View(), 140, 50); strings.Contains(out, "min/max") {
		t.Errorf("footer still shows progress after every history arrived:\n%s", out)
	}
}

func TestPendingHistoriesShowProgressAndStaleRepliesAreDropped(t *testing.T) {
	runs := irisRuns()
	scr, _ := New(testEnv(storeFor(runs)), views.OpenMsg{RunIDs: []string{runs[0].Info.RunID, runs[1].Info.RunID}, Runs: runs[:2]})
	m := scr.(*Model)
	m.SetSize(120, 30)
	cmd := m.Init() // not run yet: the histories are in flight
	out := plain(t, m.View(), 120, 30)
	if !strings.Contains(out, "min/max 0/8…") || !strings.Contains(out, "…") {
		t.Errorf("no pending marks while histories load:\n%s", out)
	}
	// A reply to an older request changes nothing.
	m.Update(views.Loaded[[]dt.StatResult]{Req: views.Request{Screen: 1, Key: "diff/history", Seq: 999999}, Value: []dt.StatResult{{StatKey: dt.StatKey{RunID: runs[0].Info.RunID, Key: "accuracy"}, Stats: dt.Stats{Min: -5, Max: 5}}}})
	if c := findRow(t, m.table, "accuracy", dt.StatMin).Cells[0]; !c.Pending {
		t.Errorf("stale reply was applied: %+v", c)
	}
	drain(t, m, cmd)
	if c := findRow(t, m.table, "accuracy", dt.StatMin).Cells[0]; c.Pending {
		t.Errorf("history never arrived")
	}
}

func TestRunsReadWhenNotHandedOver(t *testing.T) {
	runs := irisRuns()
	s := storeFor(runs)
	scr, err := New(testEnv(s), views.OpenMsg{RunIDs: []string{runs[0].Info.RunID, "missing"}})
	if err != nil {
		t.Fatal(err)
	}
	m := scr.(*Model)
	m.SetSize(80, 24)
	drain(t, m, m.Init())
	out := plain(t, m.View(), 80, 24)
	if !strings.Contains(out, "could not read the runs") || !strings.Contains(out, "missing") {
		t.Errorf("error for a missing run:\n%s", out)
	}
	s.runs["missing"] = runs[1]
	press(t, m, "r")
	if out := plain(t, m.View(), 80, 24); !strings.Contains(out, "n_estimators") {
		t.Errorf("r did not recover:\n%s", out)
	}
}

func TestNeedsTwoRuns(t *testing.T) {
	if _, err := New(testEnv(nil), views.OpenMsg{RunIDs: []string{"x"}}); err == nil {
		t.Error("a diff of one run was accepted")
	}
}

func TestRenderTableFitsAnyBox(t *testing.T) {
	runs := irisRuns()
	tb := dt.Runs(runs, dt.Options{})
	for _, size := range [][2]int{{40, 6}, {80, 24}, {200, 10}, {12, 3}} {
		out := RenderTable(tb, size[0], size[1], NewStyles(testEnv(nil).Theme))
		p := plain(t, out, size[0], size[1])
		if size[1] == 6 && !strings.Contains(p, "more lines") {
			t.Errorf("%v: a cut table should say so:\n%s", size, p)
		}
	}
	v := dt.Versions(dt.VersionSide{Version: client.ModelVersion{Version: "3", Aliases: []string{"champion"}}, Run: &runs[0]},
		dt.VersionSide{Version: client.ModelVersion{Version: "4"}, Run: &runs[1]}, dt.Options{})
	p := plain(t, RenderTable(v, 80, 20, NewStyles(testEnv(nil).Theme)), 80, 20)
	for _, want := range []string{"◆ v3", "v4", "champion", "accuracy", "+3.6%"} {
		if !strings.Contains(p, want) {
			t.Errorf("version table lacks %q:\n%s", want, p)
		}
	}
}

func hasToast(msgs []tea.Msg, text string) bool {
	for _, m := range msgs {
		if t, ok := m.(views.ToastMsg); ok && strings.Contains(t.Text, text) {
			return true
		}
	}
	return false
}

func findRow(t *testing.T, tb dt.Table, key string, st dt.Stat) dt.Row {
	t.Helper()
	for _, r := range tb.Rows {
		if r.Key == key && r.Stat == st {
			return r
		}
	}
	t.Fatalf("no row %s %v", key, st)
	return dt.Row{}
}

func TestWideAndLongNamesKeepLinesExact(t *testing.T) {
	runs := irisRuns()
	runs[0].Info.RunName = "실험-αβγ-🚀"
	runs[1].Info.RunName = strings.Repeat("very-long-run-name-", 6) + "END"
	runs[2].Data.Params = append(runs[2].Data.Params, client.Param{Key: "λ_日本語_" + strings.Repeat("k", 40), Value: "値"})
	for _, size := range [][2]int{{80, 24}, {120, 30}, {200, 60}, {40, 12}} {
		m := open(t, runs, storeFor(runs), size[0], size[1])
		press(t, m, "tab", "j", "j", "l", "l")
		plain(t, m.View(), size[0], size[1])
	}
}
