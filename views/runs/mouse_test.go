package runs_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"mltui/internal/screentest"
)

// Screen lines at 80x24 on mnist-mlp: 0 breadcrumb, 1 table header, then
// rows: 2 sweep, 3 adam-long-running, 4 sgd-momentum-warmup, 5 sgd-step-decay.
func TestMouseClickWheelAndDoubleClick(t *testing.T) {
	s := screentest.Start(t, screentest.DemoStore(t), 80, 24, open("mnist-mlp"))
	s.WaitFor("sgd-step-decay")
	click := func(y int) { s.Send(tea.MouseClickMsg{X: 10, Y: y, Button: tea.MouseLeft}) }

	click(4)
	s.Send(tea.MouseWheelMsg{X: 10, Y: 4, Button: tea.MouseWheelDown})
	s.Keys("enter")
	if f := s.WaitFor("› sgd-step-decay"); !strings.Contains(firstLine(f), "mnist-mlp › sgd-step-decay") {
		t.Fatalf("click on line 4 then wheel down selects the row below it:\n%s", f)
	}
	s.Keys("esc")
	s.WaitFor("AGE↓")

	s.Send(tea.MouseWheelMsg{X: 10, Y: 4, Button: tea.MouseWheelUp})
	s.Send(tea.MouseWheelMsg{X: 10, Y: 4, Button: tea.MouseWheelUp})
	s.Keys("enter")
	if f := s.WaitFor("› adam-long-running"); !strings.Contains(firstLine(f), "› adam-long-running") {
		t.Fatalf("two turns up from sgd-step-decay:\n%s", f)
	}
	s.Keys("esc")
	s.WaitFor("AGE↓")

	click(1) // the header: not a row
	click(5)
	click(5) // a second click on the same line: open
	if f := s.WaitFor("› sgd-step-decay"); !strings.Contains(firstLine(f), "› sgd-step-decay") {
		t.Fatalf("double click opens the row:\n%s", f)
	}
}

func firstLine(f string) string {
	line, _, _ := strings.Cut(f, "\n")
	return line
}
