package chart

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func seq(n int, f func(i int) float64) *Series {
	s := &Series{ID: "run-a", Name: "run-a", Steps: make([]int64, n), Times: make([]int64, n), Values: make([]float64, n)}
	for i := range n {
		s.Steps[i], s.Times[i], s.Values[i] = int64(i), 1_700_000_000_000+int64(i)*1000, f(i)
	}
	return s
}

func render(t *testing.T, o Options, ss ...*Series) (*Plot, []string) {
	t.Helper()
	p := NewPlot(Styles{})
	p.SetOptions(o)
	p.SetSeries(ss)
	out := p.Render()
	lines := strings.Split(out, "\n")
	if len(lines) != o.Height {
		t.Fatalf("rendered %d lines, want %d:\n%s", len(lines), o.Height, out)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != o.Width {
			t.Fatalf("line %d is %d cells, want %d: %q", i, w, o.Width, l)
		}
	}
	return p, lines
}

// plotArea returns the braille cells of the plot rows (after the y axis).
func plotArea(lines []string) [][]rune {
	var rows [][]rune
	for _, l := range lines[1 : len(lines)-2] {
		rs := []rune(l)
		for i, r := range rs {
			if r == '│' || r == '┤' {
				rows = append(rows, rs[i+1:])
				break
			}
		}
	}
	return rows
}

func dotted(r rune) bool { return r > 0x2800 && r <= 0x28FF }

func TestSpikeInMillionPointsIsVisible(t *testing.T) {
	const n, spike = 1_000_000, 777_777
	s := seq(n, func(i int) float64 {
		if i == spike {
			return 10
		}
		return 0.5 + 0.01*math.Sin(float64(i))
	})
	p, lines := render(t, Options{Width: 100, Height: 20, Title: "loss"}, s)
	rows := plotArea(lines)
	_, yr, cols := p.Shown()
	if yr.Hi != 10 {
		t.Fatalf("y range top %v, want the spike's 10", yr.Hi)
	}
	wantCol := int(math.Floor(float64(spike)/float64(n-1)*float64(cols))) / 2
	var hit []int
	for c, r := range rows[0] {
		if dotted(r) {
			hit = append(hit, c)
		}
	}
	if len(hit) != 1 || hit[0] != wantCol {
		t.Fatalf("top row has dots at columns %v, want only %d:\n%s", hit, wantCol, strings.Join(lines, "\n"))
	}
}

func TestNonFiniteValuesLeaveGapsAndKeepAxes(t *testing.T) {
	vals := []float64{1, 2, math.NaN(), math.Inf(1), 3, math.Inf(-1), 2}
	s := seq(len(vals), func(i int) float64 { return vals[i] })
	p, lines := render(t, Options{Width: 40, Height: 12}, s)
	_, yr, _ := p.Shown()
	if yr.Lo != 1 || yr.Hi != 3 {
		t.Fatalf("y range %v, want [1,3]", yr)
	}
	out := strings.Join(lines, "\n")
	if strings.Contains(out, "Inf") || strings.Contains(out, "e+308") {
		t.Fatalf("non-finite values reached the labels:\n%s", out)
	}
	// The NaN/Inf at steps 2–3 break the line: no dots strictly between the
	// columns of step 1 and step 4.
	_, _, cols := p.Shown()
	m := xMap{0, 6, cols}
	c1, c4 := m.col(1)/2, m.col(4)/2
	for _, row := range plotArea(lines) {
		for c := c1 + 1; c < c4; c++ {
			if dotted(row[c]) {
				t.Fatalf("line drawn across the gap at column %d:\n%s", c, out)
			}
		}
	}
}

func TestResumedRunDoesNotDrawBack(t *testing.T) {
	// Steps 0..100 at 0, then a resume from step 50 at 1.
	s := &Series{ID: "r"}
	for i := 0; i <= 100; i++ {
		s.Steps, s.Times, s.Values = append(s.Steps, int64(i)), append(s.Times, int64(i)), append(s.Values, 0)
	}
	for i := 50; i <= 100; i++ {
		s.Steps, s.Times, s.Values = append(s.Steps, int64(i)), append(s.Times, int64(200+i)), append(s.Values, 1)
	}
	_, lines := render(t, Options{Width: 60, Height: 14}, s)
	rows := plotArea(lines)
	for i, row := range rows[1 : len(rows)-1] {
		for c, r := range row {
			if dotted(r) {
				t.Fatalf("middle row %d has a dot at %d: a line was drawn back:\n%s", i+1, c, strings.Join(lines, "\n"))
			}
		}
	}
	if !hasDot(rows[0]) || !hasDot(rows[len(rows)-1]) {
		t.Fatalf("both levels should be drawn:\n%s", strings.Join(lines, "\n"))
	}
}

func hasDot(row []rune) bool {
	for _, r := range row {
		if dotted(r) {
			return true
		}
	}
	return false
}

func TestLogAxis(t *testing.T) {
	s := seq(5, func(i int) float64 { return []float64{10, 1, 0.1, 0, 0.001}[i] })
	p, lines := render(t, Options{Width: 40, Height: 14, LogY: true}, s)
	_, yr, _ := p.Shown()
	if yr.Lo != -3 || yr.Hi != 1 {
		t.Fatalf("log y range %v, want [-3, 1] (zero left out)", yr)
	}
	// Ticks are whole decades.
	var labels []string
	for _, l := range lines[1 : len(lines)-2] {
		if f := strings.Fields(l); len(f) > 1 && strings.HasPrefix(f[1], "┤") {
			labels = append(labels, f[0])
		}
	}
	if strings.Join(labels, ",") != "1,0.01" || !strings.Contains(lines[0], "log y") {
		t.Fatalf("log labels %v:\n%s", labels, strings.Join(lines, "\n"))
	}
}

func TestRenderIsCachedUntilSomethingChanges(t *testing.T) {
	s := seq(100, func(i int) float64 { return float64(i) })
	p := NewPlot(Styles{})
	o := Options{Width: 50, Height: 12}
	p.SetOptions(o)
	p.SetSeries([]*Series{s})
	first := p.Render()
	if p.Dirty() {
		t.Fatal("dirty right after render")
	}
	p.SetSeries([]*Series{s})
	p.SetOptions(o)
	if p.Dirty() {
		t.Fatal("same series and options made the plot dirty")
	}
	s.Steps, s.Times, s.Values = append(s.Steps, 100), append(s.Times, 100), append(s.Values, 1000)
	p.SetSeries([]*Series{s})
	if !p.Dirty() {
		t.Fatal("appending a point did not make the plot dirty")
	}
	if p.Render() == first {
		t.Fatal("render did not change after a new point")
	}
	o.LogY = true
	p.SetOptions(o)
	if !p.Dirty() {
		t.Fatal("an option change did not make the plot dirty")
	}
}

func TestSizesAndOptionsKeepTheBox(t *testing.T) {
	a := seq(300, func(i int) float64 { return math.Exp(-float64(i) / 50) })
	b := seq(120, func(i int) float64 { return math.Sin(float64(i) / 9) })
	b.ID, b.Name, b.Slot = "run-b", "ラン-b", 1
	for _, w := range []int{MinWidth, 23, 80, 200} {
		for _, h := range []int{MinHeight, 9, 30} {
			for _, o := range []Options{
				{}, {LogY: true}, {Smoothing: 0.9}, {X: XWallTime}, {X: XRelative},
				{Zoomed: true, XLo: 50, XHi: 60}, {ShowCursor: true, Cursor: 42}, {Title: strings.Repeat("long title ", 30)},
			} {
				o.Width, o.Height = w, h
				render(t, o, a, b)
			}
		}
	}
	// Too small and empty still fill the box.
	_, lines := render(t, Options{Width: 10, Height: 3}, a)
	if !strings.Contains(strings.Join(lines, ""), "too small") {
		t.Fatal("tiny chart does not say it is too small")
	}
	_, lines = render(t, Options{Width: 30, Height: 8})
	if !strings.Contains(strings.Join(lines, ""), "no data") {
		t.Fatal("empty chart does not say no data")
	}
}

func TestZoomShowsOnlyTheWindow(t *testing.T) {
	s := seq(1000, func(i int) float64 { return float64(i) })
	p, lines := render(t, Options{Width: 60, Height: 12, Zoomed: true, XLo: 100, XHi: 200}, s)
	x, y, _ := p.Shown()
	if x.Lo != 100 || x.Hi != 200 || y.Lo != 100 || y.Hi != 200 {
		t.Fatalf("zoom shows x %v y %v, want both [100,200]", x, y)
	}
	if lo, hi, ok := p.VisibleSteps(); !ok || lo != 100 || hi != 200 {
		t.Fatalf("visible steps %d..%d", lo, hi)
	}
	if !strings.Contains(lines[len(lines)-1], "100") || !strings.Contains(lines[len(lines)-1], "200") {
		t.Fatalf("x labels do not show the window: %q", lines[len(lines)-1])
	}
}

func TestSmoothedDrawsBoldOverFaint(t *testing.T) {
	s := seq(200, func(i int) float64 { return math.Sin(float64(i)) })
	p := NewPlot(Styles{Series: []SeriesPaint{{{Pre: "<n>", Post: "</n>"}, {Pre: "<f>", Post: "</f>"}, {Pre: "<b>", Post: "</b>"}}}})
	p.SetOptions(Options{Width: 60, Height: 12, Smoothing: 0.9})
	p.SetSeries([]*Series{s})
	out := p.Render()
	if !strings.Contains(out, "<b>") || !strings.Contains(out, "<f>") || strings.Contains(out, "<n>⣿") {
		t.Fatalf("expected bold smoothed and faint raw cells:\n%s", out)
	}
}

func TestStatsAndReadout(t *testing.T) {
	vals := []float64{3, 1, math.NaN(), 5, 2}
	s := seq(len(vals), func(i int) float64 { return vals[i] })
	st := ComputeStats(s)
	if st.Last != 2 || st.LastStep != 4 || st.Min != 1 || st.MinStep != 1 || st.Max != 5 || st.MaxStep != 3 || st.NonFinite != 1 {
		t.Fatalf("stats %+v", st)
	}
	// Latest is by step, not by position: a resumed run's last logged point
	// may be at an earlier step.
	r := &Series{Steps: []int64{0, 10, 5}, Times: []int64{0, 1, 2}, Values: []float64{1, 2, 3}}
	if st := ComputeStats(r); st.Last != 2 || st.LastStep != 10 {
		t.Fatalf("last of resumed run: %+v", st)
	}
	p := NewPlot(Styles{})
	p.SetOptions(Options{Width: 40, Height: 10, Smoothing: 0.5})
	p.SetSeries([]*Series{s})
	rd := p.Readout(2.4) // step 2 is NaN: the nearest finite point is step 3
	if !rd[0].OK || rd[0].Step != 3 || rd[0].Value != 5 {
		t.Fatalf("readout %+v", rd[0])
	}
	if want := Smooth(nil, vals, 0.5)[3]; !sameFloat(rd[0].Smoothed, want, 1e-12) {
		t.Fatalf("smoothed readout %v want %v", rd[0].Smoothed, want)
	}
	leg := p.Legend(80)
	if len(leg) != 1 || !strings.Contains(leg[0], "last 2") || !strings.Contains(leg[0], "min 1 @1") || !strings.Contains(leg[0], "max 5 @3") {
		t.Fatalf("legend %q", leg)
	}
}

func TestGridLayout(t *testing.T) {
	cases := []struct{ n, w, h, cols, rows int }{
		{1, 80, 24, 1, 1},
		{4, 200, 60, 2, 2},
		{4, 80, 24, 2, 2},
		{2, 200, 30, 2, 1},
		{2, 80, 50, 1, 2},
		{3, 240, 20, 3, 1},
	}
	for _, c := range cases {
		cells := Grid(c.n, c.w, c.h)
		if len(cells) != c.n {
			t.Fatalf("%+v: %d cells", c, len(cells))
		}
		xs, ys := map[int]bool{}, map[int]bool{}
		area := 0
		for _, cl := range cells {
			xs[cl.X], ys[cl.Y] = true, true
			area += cl.W * cl.H
			if cl.X+cl.W > c.w || cl.Y+cl.H > c.h {
				t.Fatalf("%+v: cell %+v outside", c, cl)
			}
		}
		if len(xs) != c.cols || len(ys) != c.rows {
			t.Fatalf("%+v: got %d cols %d rows (%+v)", c, len(xs), len(ys), cells)
		}
		if c.cols*c.rows == c.n && area != c.w*c.h {
			t.Fatalf("%+v: cells cover %d of %d", c, area, c.w*c.h)
		}
	}
}

func TestFormatting(t *testing.T) {
	cases := map[float64]string{0: "0", 0.5: "0.5", 1234.5: "1234.5", 1e-5: "1e-5", 2.5e7: "2.5e7", math.NaN(): "NaN", 0.123456789: "0.12346"}
	for v, want := range cases {
		if got := formatValue(v); got != want && !(math.IsNaN(v) && got == "NaN") {
			t.Errorf("formatValue(%v) = %q want %q", v, got, want)
		}
	}
	steps := map[float64]string{0: "0", 950: "950", 12500: "12.5k", 1e6: "1M", 2.5e6: "2.5M"}
	for v, want := range steps {
		if got := formatStep(v); got != want {
			t.Errorf("formatStep(%v) = %q want %q", v, got, want)
		}
	}
	durs := map[float64]string{0: "0", 250: "250ms", 45e3: "45s", 90e3: "1m30s", 5400e3: "1h30m", 2*86400e3 + 4*3600e3: "2d4h"}
	for v, want := range durs {
		if got := formatDuration(v); got != want {
			t.Errorf("formatDuration(%v) = %q want %q", v, got, want)
		}
	}
	if !utf8.ValidString(Mark(-3)) {
		t.Error("mark for negative slot")
	}
}
