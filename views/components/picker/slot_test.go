package picker

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestSlotAnswersWithItsKind(t *testing.T) {
	var s Slot
	s.Open("sort", New("sort by", []Item{{Label: "a", Value: "a"}, {Label: "b", Value: "b"}}, false))
	if !s.IsOpen() {
		t.Fatal("not open after Open")
	}
	if _, _, ok := s.Update(tea.KeyPressMsg{Code: tea.KeyDown}); ok || !s.IsOpen() {
		t.Fatal("a move closed the list")
	}
	kind, res, ok := s.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if !ok || kind != "sort" || res.Chosen != "b" || s.IsOpen() {
		t.Errorf("enter: kind %q, chosen %q, ok %v, open %v", kind, res.Chosen, ok, s.IsOpen())
	}
	s.Open("columns", New("columns", []Item{{Label: "a", Value: "a"}}, true))
	if _, _, ok := s.Update(tea.KeyPressMsg{Code: tea.KeyEscape}); ok || s.IsOpen() {
		t.Errorf("esc: ok %v, open %v; want a closed list and no answer", ok, s.IsOpen())
	}
}
