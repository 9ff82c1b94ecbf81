package runs_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"mltui/internal/screentest"
	"mltui/views"
)

var sizes = [][2]int{{80, 24}, {160, 48}}

func open(name string) screentest.Options {
	return screentest.Options{Start: views.OpenMsg{Kind: views.KindRuns, ExperimentName: name}}
}

// mnist-mlp: a RUNNING run gone quiet (stale), a FAILED run, NaN metrics,
// a folded sweep, two marked runs.
func TestGoldenRuns(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st := screentest.DemoStore(t)
			o := open("mnist-mlp")
			o.Marks = []string{screentest.RunIDByName(t, st, "mnist-mlp", "adam-lr1e-3"), screentest.RunIDByName(t, st, "mnist-mlp", "adamw-cosine")}
			s := screentest.Start(t, st, sz[0], sz[1], o)
			s.Golden(s.WaitFor("adam-long-running", "stale", "11 runs"))
		})
	}
}

func TestGoldenRunsUnfolded(t *testing.T) {
	s := screentest.Start(t, screentest.DemoStore(t), 80, 24, open("mnist-mlp"))
	s.WaitFor("sweep (3)")
	s.Keys("+")
	s.Golden(s.WaitFor("↳ sweep-lr-0.01"))
}

// iris sorted by accuracy through the sort menu, then a malformed filter:
// the store's error under the filter, the sorted rows kept.
func TestGoldenRunsSortedThenBadFilter(t *testing.T) {
	s := screentest.Start(t, screentest.DemoStore(t), 80, 24, open("iris-classification"))
	s.WaitFor("rf-stump")
	s.Keys("o")
	s.Type("accuracy")
	s.Keys("enter")
	s.WaitFor("accuracy↓")
	s.Keys("/")
	s.Type("metrics.accuracy >> 0.9")
	s.Keys("enter")
	s.Golden(s.WaitFor("✗", "rf-entropy-mss4"))
}

func TestGoldenRunsColumnPicker(t *testing.T) {
	s := screentest.Start(t, screentest.DemoStore(t), 80, 24, open("iris-classification"))
	s.WaitFor("rf-stump")
	s.Keys("C")
	s.Golden(s.WaitFor("columns for"))
}

// Wide and very long names keep every row exactly the terminal's width.
func TestGoldenRunsUnicode(t *testing.T) {
	s := screentest.Start(t, screentest.DemoStore(t), 80, 24, open("edge-cases"))
	frame := s.WaitFor("실험-αβγ-🚀", "very-long-run-name-")
	for i, l := range strings.Split(frame, "\n") {
		if w := ansi.StringWidth(l); w != 80 {
			t.Errorf("line %d is %d cells wide, want 80: %q", i, w, l)
		}
	}
	s.Golden(frame)
}
