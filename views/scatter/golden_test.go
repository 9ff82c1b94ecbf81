package scatter_test

import (
	"fmt"
	"testing"

	"mltui/internal/screentest"
	"mltui/views"
)

func openRuns(name string) screentest.Options {
	return screentest.Options{Start: views.OpenMsg{Kind: views.KindRuns, ExperimentName: name}}
}

// iris from the runs table with v: a param on x, a metric on y, one run
// marked, the cursor moved right once.
func TestGoldenScatter(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st := screentest.DemoStore(t)
			o := openRuns("iris-classification")
			o.Marks = []string{screentest.RunIDByName(t, st, "iris-classification", "rf-stump")}
			s := screentest.Start(t, st, sz[0], sz[1], o)
			s.WaitFor("rf-stump")
			s.Keys("v")
			s.WaitFor("◆")
			s.Keys("l")
			s.Golden(s.WaitFor("◆"))
		})
	}
}

// The y picker then log x: the header says (log).
func TestGoldenScatterLogX(t *testing.T) {
	s := screentest.Start(t, screentest.DemoStore(t), 80, 24, openRuns("mnist-mlp"))
	s.WaitFor("11 runs")
	s.Keys("v")
	s.WaitFor("◆")
	s.Keys("X")
	s.Golden(s.WaitFor("(log)"))
}
