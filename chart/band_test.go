package chart

import (
	"math"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func member(id string, steps []int64, vals []float64) *Series {
	s := &Series{ID: id, Name: id, Steps: steps, Values: vals, Times: make([]int64, len(steps))}
	for i, st := range steps {
		s.Times[i] = 1_700_000_000_000 + st*1000
	}
	return s
}

func TestMeanOfAveragesFiniteValuesPerStep(t *testing.T) {
	a := member("a", []int64{0, 1, 2}, []float64{1, 2, 3})
	b := member("b", []int64{0, 1, 2, 3}, []float64{3, math.NaN(), 5, 7})
	// c logged step 1 twice: its last value there counts.
	c := member("c", []int64{0, 1, 1}, []float64{2, 100, 4})
	m := MeanOf("band:x", "x", 3, []*Series{a, b, c})
	wantSteps := []int64{0, 1, 2, 3}
	wantVals := []float64{2, 3, 4, 7}
	if len(m.Steps) != len(wantSteps) {
		t.Fatalf("steps %v, want %v", m.Steps, wantSteps)
	}
	for i := range wantSteps {
		if m.Steps[i] != wantSteps[i] || math.Abs(m.Values[i]-wantVals[i]) > 1e-12 {
			t.Fatalf("point %d = (%d, %v), want (%d, %v)", i, m.Steps[i], m.Values[i], wantSteps[i], wantVals[i])
		}
	}
	if m.Slot != 3 || m.ID != "band:x" {
		t.Fatalf("identity %q slot %d", m.ID, m.Slot)
	}
	if m.Times[3] != 1_700_000_003_000 {
		t.Fatalf("time at step 3 = %d", m.Times[3])
	}
	// A step where every member is NaN is a gap, not a zero.
	d := member("d", []int64{0, 1}, []float64{math.NaN(), 1})
	if g := MeanOf("g", "g", 0, []*Series{d}); !math.IsNaN(g.Values[0]) {
		t.Fatalf("all-NaN step = %v, want NaN", g.Values[0])
	}
	// The identity follows the members' data, so a plot redraws when one grows.
	a2 := member("a", []int64{0, 1, 2, 3}, []float64{1, 2, 3, 4})
	if MeanOf("band:x", "x", 3, []*Series{a2, b, c}).Rev == m.Rev {
		t.Fatal("the mean's Rev did not change when a member grew")
	}
}

// A spike in one member of three survives both the mean (which divides
// it by three) and the downsampling of 100,000 points into 60 columns.
func TestBandKeepsAMembersSpike(t *testing.T) {
	const n, spike = 100_000, 61_234
	var ms []*Series
	for k := range 3 {
		s := seq(n, func(i int) float64 {
			if k == 1 && i == spike {
				return 30
			}
			return 1 + 0.1*float64(k)
		})
		s.ID, s.Name = string(rune('a'+k)), string(rune('a'+k))
		ms = append(ms, s)
	}
	p := NewPlot(Styles{})
	p.SetOptions(Options{Width: 60, Height: 14})
	p.SetBands([]Band{{Mean: MeanOf("band", "g", 0, ms), Members: ms}})
	lines := strings.Split(p.Render(), "\n")
	_, yr, _ := p.Shown()
	if yr.Hi < 30 {
		t.Fatalf("y range tops at %v: the spike of 30 is cut", yr.Hi)
	}
	top := plotArea(lines)[0]
	hit := -1
	for i, r := range top {
		if dotted(r) {
			hit = i
		}
	}
	if hit < 0 {
		t.Fatalf("nothing drawn in the top row:\n%s", strings.Join(lines, "\n"))
	}
	// The spike's column: 61% of the way across the plot.
	if frac := float64(hit) / float64(len(top)); math.Abs(frac-float64(spike)/n) > 0.05 {
		t.Fatalf("top-row dot at %.2f of the width, the spike is at %.2f", frac, float64(spike)/n)
	}
	if !strings.Contains(lines[0], "mean · min–max") {
		t.Fatalf("title does not say it draws bands: %q", lines[0])
	}
}

func TestBandLegendAndBackToRuns(t *testing.T) {
	a := member("a", []int64{0, 1}, []float64{1, 0.5})
	b := member("b", []int64{0, 1}, []float64{1, 0.7})
	c := member("c", []int64{0, 1}, []float64{1, math.NaN()})
	p := NewPlot(Styles{})
	p.SetOptions(Options{Width: 80, Height: 10})
	p.SetBands([]Band{{Mean: MeanOf("band", "lr=0.1", 2, []*Series{a, b, c}), Members: []*Series{a, b, c}}})
	_ = p.Render()
	leg := p.Legend(80)
	if len(leg) != 1 {
		t.Fatalf("legend rows %d, want one per band: %q", len(leg), leg)
	}
	text := ansi.Strip(leg[0])
	for _, want := range []string{"lr=0.1", "3 runs (1 NaN)", "mean last 0.6", "runs' last 0.5 … 0.7"} {
		if !strings.Contains(text, want) {
			t.Fatalf("legend %q lacks %q", text, want)
		}
	}
	p.SetSeries([]*Series{a, b})
	if p.Bands() != nil || !p.Dirty() {
		t.Fatal("SetSeries kept the bands")
	}
	_ = p.Render()
	if leg := p.Legend(80); len(leg) != 2 || strings.Contains(ansi.Strip(leg[0]), "runs") {
		t.Fatalf("after SetSeries the legend is %q", leg)
	}
	// The same bands set twice do not redraw.
	bs := []Band{{Mean: MeanOf("band", "lr=0.1", 2, []*Series{a, b}), Members: []*Series{a, b}}}
	p.SetBands(bs)
	_ = p.Render()
	p.SetBands([]Band{{Mean: MeanOf("band", "lr=0.1", 2, []*Series{a, b}), Members: []*Series{a, b}}})
	if p.Dirty() {
		t.Fatal("re-setting the same bands invalidated the drawing")
	}
}
