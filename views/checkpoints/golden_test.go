package checkpoints_test

import (
	"fmt"
	"testing"

	"mltui/internal/screentest"
	"mltui/views"
)

// The logged model of an iris run (MLflow 3 logs one per log_model), from
// the run detail's M, with its metrics and details.
func TestGoldenCheckpoints(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st := screentest.DemoStore(t)
			id := screentest.RunIDByName(t, st, "iris-classification", "rf-entropy-mss4")
			s := screentest.Start(t, st, sz[0], sz[1], screentest.Options{Start: views.OpenMsg{Kind: views.KindRun, RunIDs: []string{id}}})
			s.WaitFor("rf-entropy-mss4")
			s.Keys("M")
			s.Golden(s.WaitFor("› checkpoints", "STEP", "ready"))
		})
	}
}
