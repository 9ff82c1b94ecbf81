package parallel

import (
	"math"
	"strconv"
	"testing"

	"mltui/client"
)

// benchRuns are n runs with five varying params (two of them continuous,
// so nearly every line differs) and a continuous metric: six axes.
func benchRuns(n int) []client.Run {
	runs := make([]client.Run, n)
	opts := []string{"adam", "sgd", "rmsprop", "adamw"}
	for i := range runs {
		f := float64(i)
		runs[i] = client.Run{
			Info: client.RunInfo{RunID: "id" + strconv.Itoa(i)},
			Data: client.RunData{
				Metrics: []client.Metric{{Key: "val_loss", Value: 0.1 + math.Mod(f*0.6180339, 1)}},
				Params: []client.Param{
					{Key: "lr", Value: strconv.FormatFloat(1e-4*math.Pow(10, math.Mod(f*0.377, 3)), 'g', 6, 64)},
					{Key: "dropout", Value: strconv.FormatFloat(math.Mod(f*0.0917, 0.5), 'g', 6, 64)},
					{Key: "hidden", Value: strconv.Itoa(16 << (i % 5))},
					{Key: "opt", Value: opts[i%4]},
					{Key: "batch", Value: strconv.Itoa(32 << ((i / 7) % 3))},
				},
			},
		}
	}
	return runs
}

// A frame with 10,000 runs × 6 axes at 200x60: the full rebuild (axes
// changed), a brush move (lines repainted), the focus moved (lines kept)
// and a redraw with nothing changed.
func BenchmarkParallel10kRuns(b *testing.B) {
	runs := benchRuns(10000)
	m := newModel(b, runs, 200, 60)
	if len(m.axes) != 6 {
		b.Fatalf("%d axes", len(m.axes))
	}
	b.Run("frame", func(b *testing.B) {
		for range b.N {
			m.version++
			m.brushV++
			_ = m.View()
		}
	})
	b.Run("brush", func(b *testing.B) {
		m.focus = 0
		for i := range b.N {
			if i%2 == 0 {
				m.Update(press("down"))
			} else {
				m.Update(press("up"))
			}
			_ = m.View()
		}
	})
	b.Run("focus", func(b *testing.B) {
		_ = m.View()
		for i := range b.N {
			m.focus = i % len(m.axes)
			_ = m.View()
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		_ = m.View()
		for range b.N {
			_ = m.View()
		}
	})
}
