package table

import (
	"strconv"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/theme"
)

// countingSource records which rows the table asked for.
type countingSource struct {
	n     int
	asked map[int]bool
	names map[int]string
}

func (s *countingSource) Len() int { return s.n }
func (s *countingSource) Cell(r int, c Column) string {
	s.asked[r] = true
	if c.Key == "name" {
		if n, ok := s.names[r]; ok {
			return n
		}
		return "run-" + strconv.Itoa(r)
	}
	return strconv.Itoa(r * 10)
}
func (s *countingSource) RowKind(int) RowKind                       { return RowNormal }
func (s *countingSource) Accent(int, Column) (lipgloss.Style, bool) { return lipgloss.Style{}, false }

func newTable(w, h int) Model {
	th := theme.New(theme.ModeNoColor)
	m := New(&th.Styles)
	m.SetColumns([]Column{
		{Key: "name", Title: "NAME", Width: 10, Flex: true, Fixed: true},
		{Key: "a", Title: "A", Width: 6, Right: true},
		{Key: "b", Title: "B", Width: 6, Right: true},
		{Key: "c", Title: "C", Width: 6, Right: true},
	})
	m.SetSize(w, h)
	return m
}

func TestOnlyVisibleRowsAreRendered(t *testing.T) {
	src := &countingSource{n: 10000, asked: map[int]bool{}}
	m := newTable(60, 11) // header + 10 rows
	m.SetCursor(5000, src.n)
	out := ansi.Strip(m.View(src))
	if len(src.asked) != 10 {
		t.Fatalf("asked for %d rows, want the 10 visible ones", len(src.asked))
	}
	if !src.asked[5000] || src.asked[4990] || src.asked[5001] {
		t.Errorf("cursor at the bottom edge: rows 4991–5000 expected, asked %v", src.asked)
	}
	lines := strings.Split(out, "\n")
	if len(lines) != 11 {
		t.Fatalf("%d lines, want 11", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != 60 {
			t.Errorf("line %d is %d cells wide, want 60: %q", i, w, l)
		}
	}
	if !strings.Contains(lines[10], "run-5000") {
		t.Errorf("last line should be the cursor row: %q", lines[10])
	}
}

func TestScrollKeepsCursorVisible(t *testing.T) {
	m := newTable(60, 6) // 5 rows
	n := 100
	m.SetCursor(0, n)
	m.Move(7, n)
	if m.Offset() != 3 || m.Cursor() != 7 {
		t.Errorf("after moving to 7: offset %d cursor %d", m.Offset(), m.Cursor())
	}
	m.Move(-6, n)
	if m.Offset() != 1 || m.Cursor() != 1 {
		t.Errorf("after moving up to 1: offset %d cursor %d", m.Offset(), m.Cursor())
	}
	m.Move(1000, n)
	if m.Cursor() != 99 {
		t.Errorf("clamped to last row: %d", m.Cursor())
	}
	m.Clamp(10)
	if m.Cursor() != 9 {
		t.Errorf("rows shrank: cursor %d", m.Cursor())
	}
}

func TestColumnsScrollSideways(t *testing.T) {
	src := &countingSource{n: 3, asked: map[int]bool{}}
	m := newTable(28, 4) // gutter 1 + name 10+1 + room for two 6-wide columns
	out := ansi.Strip(m.View(src))
	header := strings.Split(out, "\n")[0]
	if !strings.Contains(header, "A") || strings.Contains(header, " C") {
		t.Fatalf("header %q: A shown, C scrolled off", header)
	}
	if l, r := m.HiddenColumns(); l != 0 || r == 0 {
		t.Errorf("hidden left %d right %d", l, r)
	}
	m.ScrollColumns(2)
	header = strings.Split(ansi.Strip(m.View(src)), "\n")[0]
	if !strings.Contains(header, "C") || !strings.Contains(header, "NAME") {
		t.Errorf("after scrolling: %q (name stays, C shows)", header)
	}
	if l, _ := m.HiddenColumns(); l == 0 {
		t.Error("columns scrolled off to the left are reported")
	}
}

func TestWideNamesKeepRowWidth(t *testing.T) {
	src := &countingSource{n: 2, asked: map[int]bool{}, names: map[int]string{0: "学習率スイープ実験の長い名前", 1: "🚀 rocket run"}}
	m := newTable(40, 3)
	for i, l := range strings.Split(ansi.Strip(m.View(src)), "\n") {
		if w := ansi.StringWidth(l); w != 40 {
			t.Errorf("line %d: %d cells, want 40: %q", i, w, l)
		}
	}
}

func TestShowColumnScrollsToAHiddenOne(t *testing.T) {
	src := &countingSource{n: 3, asked: map[int]bool{}}
	m := newTable(28, 4)
	m.ShowColumn("a") // shown already: nothing moves
	if l, _ := m.HiddenColumns(); l != 0 {
		t.Fatalf("showing a visible column scrolled: %d hidden left", l)
	}
	m.ShowColumn("c")
	header := strings.Split(ansi.Strip(m.View(src)), "\n")[0]
	if !strings.Contains(header, "C") || !strings.Contains(header, "NAME") {
		t.Errorf("after ShowColumn(c): %q", header)
	}
	m.ShowColumn("nope") // unknown: no change
	if h := strings.Split(ansi.Strip(m.View(src)), "\n")[0]; h != header {
		t.Errorf("unknown key moved the columns: %q", h)
	}
}
