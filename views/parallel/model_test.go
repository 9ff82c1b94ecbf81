package parallel

import (
	"math"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/theme"
	"mltui/views"
	"mltui/views/components/runcols"
)

// sweepRuns is a grid: lr × hidden × opt, val_loss falling with lr.
func sweepRuns(n int) []client.Run {
	runs := make([]client.Run, n)
	lrs := []string{"0.001", "0.01", "0.1"}
	hidden := []string{"16", "32", "64", "128"}
	opts := []string{"adam", "sgd"}
	for i := range runs {
		lr, _ := strconv.ParseFloat(lrs[i%3], 64)
		runs[i] = client.Run{
			Info: client.RunInfo{RunID: "id" + strconv.Itoa(i), RunName: "run-" + strconv.Itoa(i)},
			Data: client.RunData{
				Metrics: []client.Metric{{Key: "val_loss", Value: 1 - lr*5 + math.Mod(float64(i)*0.37, 0.3)}},
				Params: []client.Param{{Key: "lr", Value: lrs[i%3]}, {Key: "hidden", Value: hidden[(i/3)%4]},
					{Key: "opt", Value: opts[(i/12)%2]}, {Key: "epochs", Value: "10"}},
			},
		}
	}
	return runs
}

func newModel(t testing.TB, runs []client.Run, w, h int) *Model {
	sh := views.NewShared(views.Shared{Theme: theme.New(theme.ModeDark)})
	s, err := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{Kind: views.KindParallel, Runs: runs, Metric: "val_loss"})
	if err != nil {
		t.Fatal(err)
	}
	s.SetSize(w, h)
	return s.(*Model)
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	}
	return tea.KeyPressMsg{Code: rune(s[0]), Text: s}
}

func send(m *Model, ks ...string) {
	for _, k := range ks {
		m.Update(press(k))
		m.View()
	}
}

func axisOf(t *testing.T, m *Model, name string) int {
	t.Helper()
	for k, a := range m.axes {
		if m.cols[a.col].Name == name {
			return k
		}
	}
	t.Fatalf("no axis %s among %d", name, len(m.axes))
	return -1
}

func focus(t *testing.T, m *Model, name string) {
	m.focus = axisOf(t, m, name)
}

func filterOf(t *testing.T, m *Model) string {
	t.Helper()
	f, ok, why := m.filter()
	if !ok {
		t.Fatalf("filter cannot be written: %s", why)
	}
	return f
}

// The varying params, sorted, then the metric; epochs does not vary.
func TestDefaultAxesAndScales(t *testing.T) {
	m := newModel(t, sweepRuns(48), 100, 30)
	var names []string
	for _, a := range m.axes {
		names = append(names, m.cols[a.col].Name)
	}
	if strings.Join(names, ",") != "hidden,lr,opt,val_loss" {
		t.Fatalf("axes %v", names)
	}
	lr := m.axes[axisOf(t, m, "lr")]
	if !lr.log {
		t.Error("lr spans two decades: log axis expected")
	}
	if p, _ := lr.pos(&m.cols[lr.col], 1); math.Abs(p-0.5) > 1e-9 { // run 1 has lr 0.01, the middle decade
		t.Errorf("lr 0.01 at %v, want the middle", p)
	}
	if m.axes[axisOf(t, m, "hidden")].log {
		t.Error("hidden spans 16..128 (< 100×): linear expected")
	}
	opt := m.cols[m.axes[axisOf(t, m, "opt")].col]
	if !opt.Categorical() || strings.Join(opt.Lanes, ",") != "adam,sgd" {
		t.Errorf("opt lanes %v", opt.Lanes)
	}
}

func TestLanesSortNumbersAsNumbers(t *testing.T) {
	vs := []string{"adam", "10", "2", "1e-3", "Adam"}
	runcols.SortLanes(vs)
	if strings.Join(vs, ",") != "1e-3,2,10,Adam,adam" {
		t.Fatalf("lanes %v", vs)
	}
	runs := sweepRuns(3)
	runs[0].Data.Params[1].Value = "nan" // a NaN param makes hidden categorical
	m := newModel(t, runs, 80, 24)
	for _, c := range m.cols {
		if c.Name == "hidden" && !c.Categorical() {
			t.Error("hidden with a 'nan' value should be lanes")
		}
	}
}

// ↓ on a three-valued log axis steps the top edge one value down; the
// filter leaves out the value above as a string (params compare as text).
func TestNumericParamBrush(t *testing.T) {
	m := newModel(t, sweepRuns(48), 100, 30)
	focus(t, m, "lr")
	send(m, "down")
	if got := filterOf(t, m); got != "params.lr != '0.1'" {
		t.Fatalf("filter %q", got)
	}
	if n := m.members().n; n != 32 {
		t.Fatalf("%d runs in the brush, want 32", n)
	}
	send(m, "]") // bottom edge up to 0.01: one value left
	if got := filterOf(t, m); got != "params.lr = '0.01'" {
		t.Fatalf("filter %q", got)
	}
	send(m, "down") // the top edge cannot pass the bottom one
	if got := filterOf(t, m); got != "params.lr = '0.01'" {
		t.Fatalf("filter %q", got)
	}
	send(m, "x")
	if m.brushed() || m.members().n != 48 {
		t.Fatal("x did not clear the brush")
	}
	send(m, "down", "up") // back to every value: no clause
	if m.brushed() {
		t.Fatalf("a brush over every value should not count; filter %q", filterOf(t, m))
	}
	if !strings.Contains(m.View(), "holds every run") {
		t.Error("the footer should say the brush holds every run")
	}
}

// Two of three lanes: one != clause; one lane: =. The runs table's filter
// comes first.
func TestCategoricalBrushAndRunsFilter(t *testing.T) {
	runs := sweepRuns(48)
	for i := range runs {
		if i%3 == 0 {
			runs[i].Data.Params[2].Value = "rmsprop"
		}
	}
	m := newModel(t, runs, 100, 30)
	m.runsFilter = "attributes.status = 'FINISHED'"
	focus(t, m, "opt") // lanes adam, rmsprop, sgd
	send(m, "space", "up", "up", "space")
	if got := filterOf(t, m); got != "attributes.status = 'FINISHED' AND params.opt != 'rmsprop'" {
		t.Fatalf("filter %q", got)
	}
	send(m, "space")
	if got := filterOf(t, m); got != "attributes.status = 'FINISHED' AND params.opt = 'adam'" {
		t.Fatalf("filter %q", got)
	}
	want := 0
	for _, r := range runs {
		if v, _ := r.Param("opt"); v == "adam" {
			want++
		}
	}
	if n := m.members().n; n != want {
		t.Fatalf("%d in the brush, want %d", n, want)
	}
}

// A metric brush is a numeric range from the lowest to the highest value
// in it, written exactly.
func TestMetricBrush(t *testing.T) {
	runs := sweepRuns(48)
	m := newModel(t, runs, 100, 30)
	focus(t, m, "val_loss")
	send(m, "down", "down", "]", "]")
	f := filterOf(t, m)
	lo, hi := math.Inf(1), math.Inf(-1)
	mem := m.members()
	for i, r := range runs {
		v, _ := r.Metric("val_loss")
		if mem.in[i] {
			lo, hi = math.Min(lo, v.Value), math.Max(hi, v.Value)
		}
	}
	want := "metrics.val_loss >= " + number(lo) + " AND metrics.val_loss <= " + number(hi)
	if f != want {
		t.Fatalf("filter %q, want %q", f, want)
	}
	for i, r := range runs {
		v, _ := r.Metric("val_loss")
		if in := v.Value >= lo && v.Value <= hi; in != mem.in[i] {
			t.Fatalf("run %d (%v) in=%v, the filter says %v", i, v.Value, mem.in[i], in)
		}
	}
	if mem.n == 0 || mem.n == len(runs) {
		t.Fatalf("%d in the brush", mem.n)
	}
}

// A run lacking a param and one with a NaN metric are not drawn and are
// counted; the first stays in the brush until its param is brushed, the
// second leaves it as soon as the metric is.
func TestMissingAndNaN(t *testing.T) {
	runs := sweepRuns(12)
	runs[0].Data.Params = runs[0].Data.Params[1:] // no lr
	runs[1].Data.Metrics[0].Value = math.NaN()
	m := newModel(t, runs, 100, 30)
	v := m.View()
	for _, want := range []string{"1 run without lr", "1 run: val_loss not finite", "2 not drawn (", "12 of 12 runs in the brush"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	focus(t, m, "hidden")
	send(m, "down")
	if m.members().in[0] != true {
		t.Error("a run without lr is in a brush on hidden")
	}
	focus(t, m, "lr")
	send(m, "down", "up", "]") // leaves out 0.001 only
	if m.members().in[0] {
		t.Error("a run without lr is in a brush on lr")
	}
	send(m, "X")
	focus(t, m, "val_loss")
	send(m, "[") // a brush over every finite value still leaves the NaN run out
	if m.members().in[1] || !m.brushed() {
		t.Errorf("the NaN run is in a brush on val_loss (brushed %v)", m.brushed())
	}
	if m.members().n != 11 {
		t.Errorf("%d in the brush, want 11", m.members().n)
	}
}

// A value holding ' cannot be written when the filter must name it; the
// footer and y say so.
func TestQuoteCannotBeWritten(t *testing.T) {
	runs := sweepRuns(12)
	runs[0].Data.Params[2].Value = "it's"
	m := newModel(t, runs, 100, 30)
	focus(t, m, "opt") // lanes adam, it's
	send(m, "space")
	if f := filterOf(t, m); f != "params.opt = 'adam'" { // one lane: the quote need not be written
		t.Fatalf("filter %q", f)
	}
	send(m, "up", "space", "down", "space") // it's alone
	if _, ok, _ := m.filter(); ok {
		t.Fatal("a filter was written")
	}
	if v := m.View(); !strings.Contains(v, "cannot be written: a value of opt holds '") {
		t.Fatalf("view:\n%s", v)
	}
	_, cmd := m.Update(press("y"))
	if msg, ok := cmd().(views.ToastMsg); !ok || msg.Level != views.LevelWarning {
		t.Fatalf("y sent %#v", cmd())
	}
}

func TestCopyAndOpenTheBrush(t *testing.T) {
	m := newModel(t, sweepRuns(48), 100, 30)
	if _, cmd := m.Update(press("y")); cmd == nil {
		t.Fatal("y with no brush gave nothing")
	} else if _, ok := cmd().(views.ToastMsg); !ok {
		t.Fatalf("y with no brush sent %#v", cmd())
	}
	focus(t, m, "lr")
	send(m, "down")
	_, cmd := m.Update(press("y"))
	if c, ok := cmd().(views.CopyMsg); !ok || c.Text != "params.lr != '0.1'" {
		t.Fatalf("y sent %#v", cmd())
	}
	for _, k := range []string{"enter", "f"} {
		_, cmd := m.Update(press(k))
		if o, ok := cmd().(views.OpenMsg); !ok || o.Kind != views.KindRuns || o.Filter != "params.lr != '0.1'" {
			t.Fatalf("%s sent %#v", k, cmd())
		}
	}
}

// The axes picker sets the axes in the order checked; log toggles on the
// focused axis and clears its brush.
func TestAxesPickerAndLog(t *testing.T) {
	m := newModel(t, sweepRuns(48), 100, 30)
	send(m, "a")
	if !m.picker.IsOpen() {
		t.Fatal("a opened no picker")
	}
	send(m, "space", "enter") // uncheck hidden
	if len(m.axes) != 3 || m.cols[m.axes[0].col].Name != "lr" {
		t.Fatalf("axes after the picker: %d, first %s", len(m.axes), m.cols[m.axes[0].col].Name)
	}
	m.focus = 0
	send(m, "down", "L")
	if m.axes[0].log || m.brushed() {
		t.Fatal("L should turn log off and clear the brush")
	}
	if v := m.View(); strings.Contains(v, "(log)") {
		t.Fatalf("still (log):\n%s", v)
	}
}

// Opened on marked runs (RunIDs set), the footer says so: the filter
// picks from every run on the server.
func TestMarkedRunsSaySo(t *testing.T) {
	runs := sweepRuns(12)
	sh := views.NewShared(views.Shared{Theme: theme.New(theme.ModeDark)})
	s, err := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{Kind: views.KindParallel, Runs: runs, RunIDs: []string{runs[0].Info.RunID}})
	if err != nil {
		t.Fatal(err)
	}
	s.SetSize(200, 30)
	m := s.(*Model)
	focus(t, m, "lr")
	send(m, "down")
	if v := m.View(); !strings.Contains(v, "of 12 marked runs in the brush") || !strings.Contains(v, "not only the marked") {
		t.Fatalf("view:\n%s", v)
	}
}
