package chart

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"mltui/client"
	"mltui/views"
)

var optimisers = []string{"mnist_adam", "mnist_adamw_cosine", "mnist_sgd", "mnist_sgd_momentum"}

// Golden screens of the seed's mnist-mlp epoch curves, plain profile.
func TestGolden(t *testing.T) {
	cases := []struct {
		name   string
		roles  []string
		metric string
		w, h   int
		keys   []string
	}{
		{"single_80x24", []string{"mnist_adam"}, "train_loss", 80, 24, nil},
		{"overlay_100x30", optimisers, "train_loss", 100, 30, nil},
		{"grid_160x48", optimisers, "train_loss", 160, 48, []string{"v"}},
		{"logy_100x30", optimisers, "train_loss", 100, 30, []string{"L"}},
		{"smoothed_100x30", optimisers, "val_loss", 100, 30, []string{"s", "s"}},
		{"cursor_100x30", optimisers, "val_accuracy", 100, 30, []string{"c", "l", "l", "l"}},
		{"nan_gap_80x24", []string{"nan_run"}, "val_loss", 80, 24, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, byRole := seedStore(t)
			m := open(t, s, "sqlite", roles(byRole, c.roles...), c.metric, c.w, c.h)
			press(t, m, c.keys...)
			golden.RequireEqual(t, plain(t, m.View(), c.w, c.h))
		})
	}
}

func TestLegendNamesRunsWithStats(t *testing.T) {
	s, byRole := seedStore(t)
	m := open(t, s, "sqlite", roles(byRole, optimisers...), "train_loss", 120, 36)
	out := plain(t, m.View(), 120, 36)
	for _, role := range optimisers {
		r := byRole[role]
		if !strings.Contains(out, r.Name()) {
			t.Fatalf("legend lacks %s:\n%s", r.Name(), out)
		}
		last, _ := r.Metric("train_loss")
		if !strings.Contains(out, "last "+strconvG(last.Value)) {
			t.Fatalf("legend lacks the last value %v of %s:\n%s", last.Value, r.Name(), out)
		}
	}
	if !strings.Contains(out, "exact") || strings.Contains(out, "sampled") {
		t.Fatalf("a local store should read every point:\n%s", out)
	}
}

func TestSampledFirstThenExactShowsTheSpike(t *testing.T) {
	s := newMem()
	run := client.Run{Info: client.RunInfo{RunID: "r1", RunName: "long", Status: client.StatusFinished}}
	s.runs["r1"] = run
	const n, spike = 30_000, 12_345
	for i := range n {
		v := 1.0
		if i == spike {
			v = 100
		}
		s.log("r1", "loss", client.Metric{Key: "loss", Step: int64(i), Timestamp: int64(i), Value: v})
	}
	// Stop after the first paint: only the sample is in.
	sh := views.NewShared(views.Shared{Store: s, Info: client.ServerInfo{Kind: "rest"}, Now: func() timeT { return fixedNow }})
	scr, _ := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{RunIDs: []string{"r1"}, Runs: []client.Run{run}, Metric: "loss"})
	m := scr.(*Model)
	m.throttle = 0
	m.SetSize(100, 24)
	first := m.Init()
	msg := first()
	_, refine := m.Update(msg)
	out := plain(t, m.View(), 100, 24)
	if !strings.Contains(out, "sampled") {
		t.Fatalf("first paint should say sampled:\n%s", out)
	}
	_, yr, _ := m.panels[0].plot.Shown()
	if yr.Hi == 100 {
		t.Fatalf("the evenly spaced sample should miss the odd-step spike (that is why we refine)")
	}
	drain(t, m, refine)
	out = plain(t, m.View(), 100, 24)
	_, yr, _ = m.panels[0].plot.Shown()
	if yr.Hi != 100 || strings.Contains(out, "sampled") || !strings.Contains(out, "exact") {
		t.Fatalf("refined chart should be exact and reach the spike (y top %v):\n%s", yr.Hi, out)
	}
	if !strings.Contains(out, "max 100 @12345") {
		t.Fatalf("legend should show the spike as max:\n%s", out)
	}
}

func TestZoomShrinksTheXRangeAndResetRestores(t *testing.T) {
	s, byRole := seedStore(t)
	m := open(t, s, "sqlite", roles(byRole, optimisers...), "train_loss", 100, 30)
	m.View()
	full, _, _ := m.panels[0].plot.Shown()
	press(t, m, "+")
	m.View()
	z1, _, _ := m.panels[0].plot.Shown()
	press(t, m, "+", ">")
	m.View()
	z2, _, _ := m.panels[0].plot.Shown()
	if !(z1.Hi-z1.Lo < full.Hi-full.Lo) || !(z2.Hi-z2.Lo < z1.Hi-z1.Lo) || z2.Lo <= z1.Lo {
		t.Fatalf("zoom: full %v, in %v, in+pan %v", full, z1, z2)
	}
	press(t, m, "z")
	m.View()
	if r, _, _ := m.panels[0].plot.Shown(); r != full {
		t.Fatalf("reset shows %v, want %v", r, full)
	}
}

func TestZoomFetchesTheVisibleRangeOfSampledHistories(t *testing.T) {
	s := newMem()
	run := client.Run{Info: client.RunInfo{RunID: "r1", RunName: "long", Status: client.StatusFinished}}
	s.runs["r1"] = run
	for i := range 10_000 {
		s.log("r1", "loss", client.Metric{Key: "loss", Step: int64(i), Timestamp: int64(i), Value: math.Sin(float64(i))})
	}
	sh := views.NewShared(views.Shared{Store: s, Info: client.ServerInfo{Kind: "rest"}, Now: func() timeT { return fixedNow }})
	scr, _ := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{RunIDs: []string{"r1"}, Runs: []client.Run{run}, Metric: "loss"})
	m := scr.(*Model)
	m.throttle = 0
	m.SetSize(100, 24)
	_, _ = m.Update(m.Init()()) // first paint only; refinement not run
	before := m.panels[0].snaps["r1"].Points.Len()
	for range 6 {
		_, cmd := m.Update(keyMsg("+"))
		// Run only the range request (refinement commands are left out).
		for _, c := range flatten(cmd) {
			if lm, ok := c().(views.Loaded[rangeResult]); ok {
				m.Update(lm)
			}
		}
	}
	m.View()
	x, _, _ := m.panels[0].plot.Shown()
	sn := m.panels[0].snaps["r1"]
	inView := 0
	for _, st := range sn.Points.Steps {
		if float64(st) >= x.Lo && float64(st) <= x.Hi {
			inView++
		}
	}
	if want := int(math.Floor(x.Hi) - math.Ceil(x.Lo) + 1); inView != want || sn.Points.Len() <= before {
		t.Fatalf("zoomed to %v: %d points in view, want every step (%d)", x, inView, want)
	}
}

func TestLiveRunGrowsOnTick(t *testing.T) {
	s, byRole := seedStore(t)
	live := byRole["running_run"]
	m := open(t, s, "sqlite", []client.Run{live}, "train_loss", 100, 24)
	before := m.panels[0].snaps[live.Info.RunID].Points.Len()
	for i := range 5 {
		s.log(live.Info.RunID, "train_loss", client.Metric{Key: "train_loss", Step: int64(25 + i), Timestamp: fixedNow.UnixMilli() + int64(i), Value: 0.05})
	}
	_, cmd := m.Update(views.TickMsg{Now: fixedNow})
	drain(t, m, cmd)
	sn := m.panels[0].snaps[live.Info.RunID]
	if sn.Points.Len() != before+5 {
		t.Fatalf("after a tick: %d points, want %d", sn.Points.Len(), before+5)
	}
	out := plain(t, m.View(), 100, 24)
	if !strings.Contains(out, "(live)") || !strings.Contains(out, "RUNNING · step") {
		t.Fatalf("live run not marked:\n%s", out)
	}
	if x, _, _ := m.panels[0].plot.Shown(); x.Hi != 29 {
		t.Fatalf("x range ends at %v, want the new last step 29", x.Hi)
	}
}

func TestPickerSwitchesMetricAndGridShowsFour(t *testing.T) {
	s, byRole := seedStore(t)
	m := open(t, s, "sqlite", roles(byRole, optimisers...), "", 120, 40)
	if m.panels[0].metric != "train_loss" {
		t.Fatalf("default metric %q, want train_loss", m.panels[0].metric)
	}
	press(t, m, "m")
	if !m.CapturingInput() {
		t.Fatal("picker should capture input")
	}
	press(t, m, "v", "a", "l", "_", "a", "c", "enter")
	if m.CapturingInput() || len(m.panels) != 1 || m.panels[0].metric != "val_accuracy" {
		t.Fatalf("picked %q", m.panels[0].metric)
	}
	press(t, m, "v")
	var got []string
	for _, p := range m.panels {
		got = append(got, p.metric)
	}
	if strings.Join(got, ",") != "val_accuracy,lr,train_loss,val_loss" {
		t.Fatalf("grid metrics %v", got)
	}
	out := plain(t, m.View(), 120, 40)
	for _, k := range got {
		if !strings.Contains(out, k) {
			t.Fatalf("grid lacks %s:\n%s", k, out)
		}
	}
	press(t, m, "tab", "v")
	if len(m.panels) != 1 || m.panels[0].metric != "lr" {
		t.Fatalf("leaving the grid keeps the focused chart, got %v", m.panels[0].metric)
	}
}

func TestViewDoesNoIO(t *testing.T) {
	s, byRole := seedStore(t)
	m := open(t, s, "sqlite", roles(byRole, optimisers...), "train_loss", 100, 30)
	n := s.callCount()
	for range 3 {
		m.View()
	}
	press(t, m, "L", "s", "x")
	m.View()
	if s.callCount() != n {
		t.Fatalf("View or a display setting called the store (%d → %d calls)", n, s.callCount())
	}
}

func TestRunReadErrorIsShownAndRetriedOnTick(t *testing.T) {
	s, byRole := seedStore(t)
	run := byRole["mnist_adam"]
	s.failRun = &client.Error{Kind: client.KindUnavailable, Op: "runs/get", Status: 503}
	sh := views.NewShared(views.Shared{Store: s, Info: client.ServerInfo{Kind: "rest"}, Now: func() timeT { return fixedNow }})
	scr, _ := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{RunIDs: []string{run.Info.RunID}, Metric: "train_loss"})
	m := scr.(*Model)
	m.throttle = 0
	m.SetSize(80, 20)
	drain(t, m, m.Init())
	out := plain(t, m.View(), 80, 20)
	if !strings.Contains(out, "cannot read the runs") || !strings.Contains(out, "503") {
		t.Fatalf("error not shown:\n%s", out)
	}
	s.failRun = nil
	_, cmd := m.Update(views.TickMsg{Now: fixedNow})
	drain(t, m, cmd)
	out = plain(t, m.View(), 80, 20)
	if !strings.Contains(out, "adam-lr1e-3") {
		t.Fatalf("retry on tick did not recover:\n%s", out)
	}
}

func TestEveryKeyKeepsTheBox(t *testing.T) {
	s, byRole := seedStore(t)
	for _, size := range [][2]int{{80, 24}, {40, 12}, {250, 70}} {
		m := open(t, s, "sqlite", roles(byRole, "mnist_adam", "nan_run", "running_run"), "val_loss", size[0], size[1])
		for _, k := range []string{"v", "tab", "x", "x", "x", "s", "s", "S", "L", "+", "+", "<", ">", "c", "l", "b", "w", "h", "-", "z", "m", "esc", "L", "v"} {
			press(t, m, k)
			plain(t, m.View(), size[0], size[1])
		}
	}
}

func TestLiveDataRedrawsAreThrottled(t *testing.T) {
	s, byRole := seedStore(t)
	m := open(t, s, "sqlite", roles(byRole, "mnist_adam"), "train_loss", 80, 24)
	m.throttle = time.Hour
	p := m.panels[0]
	first := p.plot.Render()
	if cmd := m.dataChanged(); cmd != nil {
		t.Fatal("the first change after a long quiet should apply at once")
	}
	// A second change right after is held back until the flush.
	sn := p.snaps[m.ids[0]]
	sn.Points.Values = append([]float64(nil), sn.Points.Values...)
	sn.Points.Values[10] = 50
	sn.Rev++
	p.snaps[m.ids[0]] = sn
	cmd := m.dataChanged()
	if cmd == nil || !m.flushPending {
		t.Fatal("a change within the throttle window should schedule a flush")
	}
	if m.dataChanged() != nil {
		t.Fatal("only one flush may be pending")
	}
	if p.plot.Render() != first {
		t.Fatal("the chart redrew before the flush")
	}
	m.Update(flushMsg{})
	if p.plot.Render() == first {
		t.Fatal("the flush did not apply the new data")
	}
}

func TestSmoothingAndAxisKeysShowInTheTitle(t *testing.T) {
	s, byRole := seedStore(t)
	m := open(t, s, "sqlite", roles(byRole, optimisers...), "val_loss", 100, 30)
	press(t, m, "s", "s", "s")
	if out := plain(t, m.View(), 100, 30); !strings.Contains(out, "smooth 0.80") {
		t.Fatalf("three presses of s should smooth at 0.80:\n%s", out)
	}
	press(t, m, "S", "S", "S", "S")
	if out := plain(t, m.View(), 100, 30); strings.Contains(out, "smooth") {
		t.Fatalf("S back to 0 should turn smoothing off:\n%s", out)
	}
	press(t, m, "x")
	if out := plain(t, m.View(), 100, 30); !strings.Contains(out, "x: wall time") {
		t.Fatalf("x should switch to wall time:\n%s", out)
	}
	press(t, m, "x")
	if out := plain(t, m.View(), 100, 30); !strings.Contains(out, "x: relative time") || !strings.Contains(out, "10m") {
		t.Fatalf("x again should switch to relative time (epochs a minute apart):\n%s", out)
	}
}
