package parallel_test

import (
	"fmt"
	"testing"

	"mltui/internal/screentest"
	"mltui/views"
)

func runsOf(name string) screentest.Options {
	return screentest.Options{Start: views.OpenMsg{Kind: views.KindRuns, ExperimentName: name}}
}

// iris from the runs table with P: its varying params and the first
// metric as axes, nothing brushed.
func TestGoldenParallel(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			s := screentest.Start(t, screentest.DemoStore(t), sz[0], sz[1], runsOf("iris-classification"))
			s.WaitFor("rf-stump")
			s.Keys("P")
			s.Golden(s.WaitFor("runs in the brush"))
		})
	}
}

// mnist-mlp brushed: a lane picked on optimizer/name, the top edge of
// optimizer/lr (a log axis) moved down; the footer counts the runs in the brush and
// shows the filter.
func TestGoldenParallelBrushed(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			s := screentest.Start(t, screentest.DemoStore(t), sz[0], sz[1], runsOf("mnist-mlp"))
			s.WaitFor("11 runs")
			s.Keys("P")
			s.WaitFor("runs in the brush")
			s.Keys("right", "right", "right", "right", "right", "space") // optimizer/name: adam
			s.Keys("left", "down")                                       // optimizer/lr: the top value out
			s.Golden(s.WaitFor("filter: params"))
		})
	}
}
