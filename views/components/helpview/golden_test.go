package helpview_test

import (
	"strings"
	"testing"

	"mltui/internal/screentest"
	"mltui/keys"
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

// After a rebinding the overlay shows the keys in force, with the
// descriptions kept: the help reads the same bindings that dispatch.
func TestHelpShowsReboundKeys(t *testing.T) {
	km := keys.Defaults()
	if err := km.Rebind(map[string][]string{"runs.down": {"n", "down"}, "runs.up": {"e"}, "global.quit": {"Q"}}); err != nil {
		t.Fatal(err)
	}
	s := screentest.Start(t, screentest.DemoStore(t), 80, 24,
		screentest.Options{Start: views.OpenMsg{Kind: views.KindRuns, ExperimentName: "iris-classification"}, Keys: km})
	s.WaitFor("rf-stump")
	s.Keys("?")
	scr := s.WaitFor("everywhere", "chart marked runs")
	for _, want := range []string{"│ e      up ", "│ n/↓    down ", " Q      quit "} {
		if !strings.Contains(scr, want) {
			t.Errorf("help lacks %q:\n%s", want, scr)
		}
	}
	for _, gone := range []string{"k/↑", "j/↓", " q      quit"} {
		if strings.Contains(scr, gone) {
			t.Errorf("help still shows %q:\n%s", gone, scr)
		}
	}
}
