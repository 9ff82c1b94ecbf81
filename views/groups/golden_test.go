package groups_test

import (
	"fmt"
	"testing"

	"mltui/internal/screentest"
	"mltui/views"
)

var sizes = [][2]int{{80, 24}, {200, 60}}

func runsOf(name string) screentest.Options {
	return screentest.Options{Start: views.OpenMsg{Kind: views.KindRuns, ExperimentName: name}}
}

// iris grouped by criterion from the runs table: b, the picker, enter.
func TestGoldenGroups(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			s := screentest.Start(t, screentest.DemoStore(t), sz[0], sz[1], runsOf("iris-classification"))
			s.WaitFor("rf-stump")
			s.Keys("b")
			s.WaitFor("group iris-classification by")
			s.WaitFor("criterion")
			s.Keys("enter")
			s.Golden(s.WaitFor("groups by max_depth, n_estimators", "6 runs"))
		})
	}
}

// mnist-mlp grouped by hidden units (the picker's other default, lr,
// unchecked): a group unfolded to its runs, best first.
func TestGoldenGroupsUnfolded(t *testing.T) {
	s := mnistByHidden(t)
	s.Keys("enter")
	s.Golden(s.WaitFor("↳"))
}

// At 80 columns i shows which params matter in place of the groups.
func TestGoldenGroupsImportanceNarrow(t *testing.T) {
	s := mnistByHidden(t)
	s.Keys("i")
	s.Golden(s.WaitFor("which params matter"))
}

func mnistByHidden(t *testing.T) *screentest.Session {
	s := screentest.Start(t, screentest.DemoStore(t), 80, 24, runsOf("mnist-mlp"))
	s.WaitFor("adam-long-running")
	s.Keys("b")
	s.WaitFor("[x] optimizer/lr")
	s.Type("optimizer/lr")
	s.Keys("space", "enter")
	s.WaitFor("groups by model/hidden_units")
	return s
}
