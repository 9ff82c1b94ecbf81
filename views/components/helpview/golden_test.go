package helpview_test

import (
	"testing"

	"mltui/internal/screentest"
	"mltui/views"
)

// The ? overlay lists the runs table's keys and the global ones, all from
// the key bindings.
func TestGoldenHelpOnRuns(t *testing.T) {
	s := screentest.Start(t, screentest.DemoStore(t), 80, 24,
		screentest.Options{Start: views.OpenMsg{Kind: views.KindRuns, ExperimentName: "iris-classification"}})
	s.WaitFor("rf-stump")
	s.Keys("?")
	s.Golden(s.WaitFor("everywhere", "chart marked runs"))
}
