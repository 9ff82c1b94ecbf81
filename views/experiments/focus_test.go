package experiments_test

import (
	"strings"
	"testing"

	"mltui/internal/screentest"
	"mltui/views"
)

// The demo opens with the cursor on iris-classification, not on the
// newest experiment; enter then opens its runs.
func TestOpenedAtAnExperimentSelectsIt(t *testing.T) {
	s := screentest.Start(t, screentest.DemoStore(t), 160, 30, screentest.Options{})
	s.WaitFor("iris-classification")
	s.Keys("enter")
	if f := s.WaitFor("AGE↓"); strings.Contains(f, "› iris-classification") {
		t.Fatal("without a focus the cursor starts on the newest experiment")
	}

	s = screentest.Start(t, screentest.DemoStore(t), 160, 30, screentest.Options{
		Start: views.OpenMsg{Kind: views.KindExperiments, ExperimentName: "iris-classification"},
	})
	s.WaitFor("iris-classification")
	s.Keys("enter")
	if f := s.WaitFor("AGE↓"); !strings.Contains(f, "› iris-classification") {
		t.Fatalf("enter opens the focused experiment:\n%s", f)
	}
}
