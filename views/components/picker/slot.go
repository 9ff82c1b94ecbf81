package picker

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"mltui/theme"
)

// Slot is a screen's one pick list and what it was opened for ("sort",
// "columns"), so the screen handles only the answer.
type Slot struct {
	list *Model
	kind string
}

// Open shows list for kind, replacing any open one.
func (s *Slot) Open(kind string, list Model) { s.list, s.kind = &list, kind }

// IsOpen reports whether a list is showing (it takes the keys then).
func (s *Slot) IsOpen() bool { return s.list != nil }

// List is the open list (nil when closed), for View and KeyMap.
func (s *Slot) List() *Model { return s.list }

// KeyMap is the open list's help, or fallback when none is open.
func (s *Slot) KeyMap(fallback help.KeyMap) help.KeyMap {
	if s.list != nil {
		return s.list.KeyMap()
	}
	return fallback
}

// Update gives k to the open list. When the list closes with an answer
// (not cancelled), ok is true with the kind it was opened for.
func (s *Slot) Update(k tea.KeyPressMsg) (kind string, res Result, ok bool) {
	l, res := s.list.Update(k)
	s.list = &l
	if !res.Done {
		return "", res, false
	}
	kind = s.kind
	s.list, s.kind = nil, ""
	return kind, res, !res.Canceled
}

// CurrentNote marks the current choice of a sort menu.
func CurrentNote(desc bool) string {
	dir := theme.GlyphSortAsc
	if desc {
		dir = theme.GlyphSortDesc
	}
	return dir + " current (enter reverses)"
}
