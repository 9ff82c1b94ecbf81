package chart

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomSeries makes a messy history: repeated steps, jumps, NaN/±Inf,
// occasional resumes (steps going backwards) and one-point spikes.
func randomSeries(r *rand.Rand, n int) *Series {
	s := &Series{ID: "r", Steps: make([]int64, n), Times: make([]int64, n), Values: make([]float64, n)}
	step, ts := int64(r.IntN(5)), int64(1_700_000_000_000)
	for i := range n {
		switch k := r.IntN(100); {
		case k < 3 && step > 10:
			step -= int64(r.IntN(int(step))) // resume from an earlier step
		case k < 10:
			// same step again
		default:
			step += int64(1 + r.IntN(3))
		}
		ts += int64(r.IntN(1000))
		v := math.Sin(float64(i)/17) + r.NormFloat64()*0.1
		switch k := r.IntN(200); {
		case k == 0:
			v = math.NaN()
		case k == 1:
			v = math.Inf(1)
		case k == 2:
			v = math.Inf(-1)
		case k < 6:
			v *= 50 // spike
		}
		s.Steps[i], s.Times[i], s.Values[i] = step, ts, v
	}
	return s
}

// bruteBins is the reference: walk every point, and for each maximal run of
// finite values with non-decreasing x, put each point inside [x0, x1] into
// its column and keep min, max, first and last per column.
func bruteBins(xs []int64, off int64, ys []float64, m xMap) [][]Bin {
	var out [][]Bin
	var cur []Bin
	prevOK := false
	var prevX int64
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = nil
	}
	for i, v := range ys {
		if !finite(v) {
			flush()
			prevOK = false
			continue
		}
		if prevOK && xs[i] < prevX {
			flush()
		}
		prevOK, prevX = true, xs[i]
		x := float64(xs[i] - off)
		if x < m.x0 || x > m.x1 {
			continue
		}
		c := m.col(x)
		if n := len(cur); n > 0 && cur[n-1].Col == c {
			b := &cur[n-1]
			b.Min, b.Max, b.Last, b.N = math.Min(b.Min, v), math.Max(b.Max, v), v, b.N+1
			continue
		}
		cur = append(cur, Bin{Col: c, Min: v, Max: v, First: v, Last: v, N: 1})
	}
	flush()
	return out
}

func TestEnvelopeMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for trial := range 300 {
		n := 1 + r.IntN(5000)
		if trial%50 == 0 {
			n = 200_000 // deep enough for several pyramid levels
		}
		s := randomSeries(r, n)
		for _, axis := range []XAxis{XStep, XWallTime, XRelative} {
			tr := newTrace(s, axis, false, 0)
			lo, hi, ok := tr.xExtent()
			if !ok {
				continue
			}
			// Sometimes the whole range, sometimes a random zoom window.
			x0, x1 := lo, hi
			if r.IntN(2) == 0 {
				a, b := lo+r.Float64()*(hi-lo), lo+r.Float64()*(hi-lo)
				x0, x1 = math.Min(a, b), math.Max(a, b)
			}
			m := xMap{x0, x1, 1 + r.IntN(400)}
			var got [][]Bin
			tr.envelope(m, func(bins []Bin) {
				var real []Bin
				for _, b := range bins {
					if !b.Edge {
						real = append(real, b)
					}
				}
				if len(real) > 0 {
					got = append(got, real)
				}
			})
			xs, off := s.xs(axis)
			want := bruteBins(xs, off, s.Values, m)
			if len(got) != len(want) {
				t.Fatalf("trial %d axis %v: %d segments with points in view, want %d", trial, axis, len(got), len(want))
			}
			for i := range want {
				if len(got[i]) != len(want[i]) {
					t.Fatalf("trial %d axis %v seg %d: %d bins, want %d", trial, axis, i, len(got[i]), len(want[i]))
				}
				for j := range want[i] {
					if got[i][j] != want[i][j] {
						t.Fatalf("trial %d axis %v seg %d bin %d: got %+v want %+v", trial, axis, i, j, got[i][j], want[i][j])
					}
				}
			}
		}
	}
}

func TestMinMaxMatchesScan(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 31, 32, 33, 1000, 100_000, 300_000} {
		ys := make([]float64, n)
		for i := range ys {
			ys[i] = r.NormFloat64()
			switch r.IntN(20_000) {
			case 0:
				ys[i] = math.NaN()
			case 1:
				ys[i] = math.Inf(1)
			case 2:
				ys[i] = math.Inf(-1)
			}
		}
		m := newMinMax(ys)
		for range 2000 {
			// Queries stay within finite runs, as segments do; non-finite
			// values sit in the same pyramid blocks around them.
			lo := r.IntN(n)
			if !finite(ys[lo]) {
				continue
			}
			hi := lo + 1
			for want := r.IntN(n - lo + 1); hi < n && hi-lo < want && finite(ys[hi]); hi++ {
			}
			mn, mx, ok := m.query(lo, hi)
			wmn, wmx := math.Inf(1), math.Inf(-1)
			for _, v := range ys[lo:hi] {
				wmn, wmx = math.Min(wmn, v), math.Max(wmx, v)
			}
			if !ok || mn != wmn || mx != wmx {
				t.Fatalf("n=%d [%d,%d): got %v %v %v want %v %v", n, lo, hi, mn, mx, ok, wmn, wmx)
			}
		}
	}
}

func TestSegmentsSplitAtGapsAndResumes(t *testing.T) {
	nan := math.NaN()
	xs := []int64{0, 1, 2, 3, 4, 2, 3, 5, 5, 6}
	ys := []float64{1, nan, 2, 3, math.Inf(1), 4, 5, 6, 7, 8}
	got := splitSegments(xs, ys)
	// [0,1) ends at the NaN, [2,4) at the +Inf, and [5,10) keeps the
	// repeated step 5 (equal x is not going backwards).
	want := []segment{{0, 1}, {2, 4}, {5, 10}}
	if len(got) != len(want) {
		t.Fatalf("got %v want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v want %v", got, want)
		}
	}
	// A resume with no gap in between splits too.
	got = splitSegments([]int64{0, 10, 20, 5, 15}, []float64{1, 1, 1, 1, 1})
	if len(got) != 2 || got[0] != (segment{0, 3}) || got[1] != (segment{3, 5}) {
		t.Fatalf("resume: got %v", got)
	}
}

func TestEnvelopeEdgesInterpolate(t *testing.T) {
	s := &Series{Steps: []int64{0, 10}, Times: []int64{0, 0}, Values: []float64{0, 10}}
	tr := newTrace(s, XStep, false, 0)
	var bins []Bin
	tr.envelope(xMap{2, 8, 6}, func(b []Bin) { bins = append(bins, b...) })
	if len(bins) != 2 || !bins[0].Edge || !bins[1].Edge || bins[0].First != 2 || bins[1].First != 8 || bins[0].Col != 0 || bins[1].Col != 5 {
		t.Fatalf("edges: %+v", bins)
	}
}
