package chart

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// benchSeries makes runs of n noisy decaying points each.
func benchSeries(runs, n int) []*Series {
	r := rand.New(rand.NewPCG(1, 1))
	out := make([]*Series, runs)
	for k := range out {
		s := &Series{ID: string(rune('a' + k)), Name: "run", Slot: k, Rev: 1,
			Steps: make([]int64, n), Times: make([]int64, n), Values: make([]float64, n)}
		for i := range n {
			s.Steps[i], s.Times[i] = int64(i), 1_700_000_000_000+int64(i)*100
			s.Values[i] = 2*math.Exp(-float64(i)/float64(n)*5) + 0.05*r.NormFloat64() + float64(k)*0.01
		}
		out[k] = s
	}
	return out
}

// colourStyles are paints like the dashboard's: an SGR pair per series.
func colourStyles() Styles {
	st := Styles{Axis: Paint{"\x1b[38;5;240m", "\x1b[m"}, Label: Paint{"\x1b[38;5;246m", "\x1b[m"}, Title: Paint{"\x1b[1;38;5;75m", "\x1b[m"}}
	for i := range 16 {
		c := "\x1b[38;5;" + string(rune('0'+i%10)) + "m"
		st.Series = append(st.Series, SeriesPaint{{c, "\x1b[m"}, {"\x1b[2m" + c, "\x1b[m"}, {"\x1b[1m" + c, "\x1b[m"}})
	}
	return st
}

// benchGrid is the dashboard's 200x60 grid of four charts of ten runs.
func benchGrid(b *testing.B, n int, smooth float64) {
	metrics := make([][]*Series, 4)
	for i := range metrics {
		metrics[i] = benchSeries(10, n)
	}
	cells := Grid(4, 200, 60)
	plots := make([]*Plot, 4)
	for i := range plots {
		plots[i] = NewPlot(colourStyles())
		plots[i].SetSeries(metrics[i])
		plots[i].SetOptions(Options{Width: cells[i].W, Height: cells[i].H, Title: "m", Smoothing: smooth})
		plots[i].Render() // derived traces built once, as after the data arrives
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		for _, p := range plots {
			o := p.Options()
			o.Cursor, o.ShowCursor = float64(i%n), true // a cursor move: a full redraw
			p.SetOptions(o)
			_ = p.Render()
		}
	}
}

// benchGridPan redraws with the zoom window moved every frame: every
// series is binned again (the worst case: holding a pan key).
func benchGridPan(b *testing.B, n int) {
	cells := Grid(4, 200, 60)
	plots := make([]*Plot, 4)
	data := benchSeries(10, n) // shared: 40 million points would not fit the test machine
	for i := range plots {
		plots[i] = NewPlot(colourStyles())
		plots[i].SetSeries(data)
		plots[i].SetOptions(Options{Width: cells[i].W, Height: cells[i].H, Title: "m"})
		plots[i].Render()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		for _, p := range plots {
			o := p.Options()
			lo := float64(i%100) * float64(n) / 400
			o.Zoomed, o.XLo, o.XHi = true, lo, lo+float64(n)/2
			p.SetOptions(o)
			_ = p.Render()
		}
	}
}

func BenchmarkFrameGridPan4x10Runs1kPoints(b *testing.B)   { benchGridPan(b, 1000) }
func BenchmarkFrameGridPan4x10Runs100kPoints(b *testing.B) { benchGridPan(b, 100_000) }
func BenchmarkFrameGridPan4x10Runs1MPoints(b *testing.B)   { benchGridPan(b, 1_000_000) }

// Frame time of a full redraw (cursor moved) of 4 charts × 10 runs.
func BenchmarkFrameGrid4x10Runs1kPoints(b *testing.B)   { benchGrid(b, 1000, 0) }
func BenchmarkFrameGrid4x10Runs100kPoints(b *testing.B) { benchGrid(b, 100_000, 0) }
func BenchmarkFrameGrid4x10Runs100kSmoothed(b *testing.B) {
	benchGrid(b, 100_000, 0.6)
}

// A frame when nothing changed: the cached string.
func BenchmarkFrameGridCached(b *testing.B) {
	plots := make([]*Plot, 4)
	cells := Grid(4, 200, 60)
	for i := range plots {
		plots[i] = NewPlot(colourStyles())
		plots[i].SetSeries(benchSeries(10, 100_000))
		plots[i].SetOptions(Options{Width: cells[i].W, Height: cells[i].H})
		plots[i].Render()
	}
	b.ResetTimer()
	for range b.N {
		for _, p := range plots {
			_ = p.Render()
		}
	}
}

// First render of new data: smoothing/pyramids built from scratch.
func BenchmarkFirstRender10Runs1MPoints(b *testing.B) {
	ss := benchSeries(10, 1_000_000)
	b.ResetTimer()
	for range b.N {
		p := NewPlot(colourStyles())
		p.SetSeries(ss)
		p.SetOptions(Options{Width: 200, Height: 50})
		_ = p.Render()
	}
}

// Memory held for 10 runs × 1M points: the columns (24 B a point) plus the
// plot's derived pyramids, reported as MB of live heap.
func BenchmarkMemory10Runs1MPoints(b *testing.B) {
	for range b.N {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		ss := benchSeries(10, 1_000_000)
		p := NewPlot(colourStyles())
		p.SetSeries(ss)
		p.SetOptions(Options{Width: 200, Height: 50})
		_ = p.Render()
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "MB-live")
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e7, "B/point")
		runtime.KeepAlive(p)
		runtime.KeepAlive(ss)
	}
}
