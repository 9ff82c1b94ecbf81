package listscreen

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/client"
	"mltui/keys"
	"mltui/theme"
	"mltui/views"
	"mltui/views/components/table"
)

type row struct{ id, name string }

// src is the smallest screen: rows by name, descending when rev.
type src struct {
	Frame[row]
	rev     bool
	reloads int
}

func (s *src) Cell(r int, _ table.Column) string               { return s.Row(r).name }
func (s *src) RowKind(int) table.RowKind                       { return table.RowNormal }
func (s *src) Accent(int, table.Column) (lipgloss.Style, bool) { return lipgloss.Style{}, false }

type idle struct{ client.Store }

func newSrc(t *testing.T, stay bool) (*src, views.Env) {
	t.Helper()
	env := views.Env{Shared: views.NewShared(views.Shared{Store: idle{}, Theme: theme.New(theme.ModeNoColor)}), Screen: 1}
	s := &src{}
	s.Frame = New(env, Spec[row]{
		ID: func(r row) string { return r.id },
		Order: func(rs []row, filter string) []int {
			idx := All(len(rs))
			if filter != "" {
				return Fuzzy(filter, idx, func(i int) string { return rs[i].name })
			}
			slices.SortStableFunc(idx, func(a, b int) int {
				c := strings.Compare(rs[a].name, rs[b].name)
				if s.rev {
					return -c
				}
				return c
			})
			return idx
		},
		Reload:       func() tea.Cmd { s.reloads++; return nil },
		Layout:       Layout{SideFrom: 100, SideMax: 60, DetailRows: 4},
		Filter:       views.FilterFuzzy,
		StayWhenGone: stay,
	})
	s.SetSize(80, 20)
	return s, env
}

func rows(names ...string) []row {
	out := make([]row, len(names))
	for i, n := range names {
		out[i] = row{id: "id-" + n, name: n}
	}
	return out
}

func selected(t *testing.T, s *src) string {
	t.Helper()
	r, ok := s.Selected()
	if !ok {
		return ""
	}
	return r.name
}

func press(s *src, k string) bool {
	var msg tea.KeyPressMsg
	switch k {
	case "ctrl+d":
		msg = tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}
	default:
		msg = tea.KeyPressMsg{Code: rune(k[0]), Text: k}
	}
	return s.Navigate(msg, keys.NewNav())
}

func TestSelectionSurvivesResortReloadAndFilter(t *testing.T) {
	s, _ := newSrc(t, false)
	s.SetItems(rows("cherry", "apple", "banana"))
	if got := selected(t, s); got != "apple" {
		t.Fatalf("first row after sorting: %q", got)
	}
	press(s, "j")
	if got := selected(t, s); got != "banana" {
		t.Fatalf("j moves down: %q", got)
	}
	s.rev = true
	s.Reorder()
	if got := selected(t, s); got != "banana" || s.Table.Cursor() != 1 {
		t.Errorf("re-sort keeps the row: %q at %d", got, s.Table.Cursor())
	}
	s.SetItems(rows("date", "banana", "apple", "cherry"))
	if got := selected(t, s); got != "banana" || s.Table.Cursor() != 2 {
		t.Errorf("reload keeps the row: %q at %d", got, s.Table.Cursor())
	}
	s.SetFilter("ban")
	if got := selected(t, s); got != "banana" || s.Len() != 1 {
		t.Errorf("a matching row stays selected: %q, %d rows", got, s.Len())
	}
	s.SetFilter("ch")
	if got := selected(t, s); got != "cherry" {
		t.Errorf("a filtered-out row gives way to the best match: %q", got)
	}
}

func TestStreamedTableKeepsCursorWhenRowIsGone(t *testing.T) {
	s, _ := newSrc(t, true)
	all := rows("a", "b", "c", "d")
	s.Show(all, []int{0, 1, 2, 3}, "")
	press(s, "j")
	press(s, "j")
	s.Show(all, []int{0, 1, 3}, "id-c") // c vanished
	if s.Table.Cursor() != 2 || selected(t, s) != "d" {
		t.Errorf("cursor stays at 2: %d %q", s.Table.Cursor(), selected(t, s))
	}
}

func TestNavigatePagesByHalfTheRowsAndAtLeastOne(t *testing.T) {
	s, _ := newSrc(t, false)
	var names []string
	for i := range 100 {
		names = append(names, string(rune('A'+i/26))+string(rune('a'+i%26)))
	}
	s.SetItems(rows(names...))
	vis := s.Table.VisibleRows()
	if !press(s, "ctrl+d") || s.Table.Cursor() != vis/2 {
		t.Errorf("page down moves %d, want %d", s.Table.Cursor(), vis/2)
	}
	press(s, "G")
	if s.Table.Cursor() != 99 {
		t.Errorf("G: %d", s.Table.Cursor())
	}
	press(s, "g")
	if s.Table.Cursor() != 0 {
		t.Errorf("g: %d", s.Table.Cursor())
	}
	if press(s, "x") {
		t.Error("x is not a movement key")
	}
	s.SetSize(80, 4) // 1 footer, 4 detail rows: the table keeps 3 lines, 2 of data
	s.Table.SetCursor(0, s.Len())
	press(s, "ctrl+d")
	if s.Table.Cursor() != 1 {
		t.Errorf("a tiny table still pages by one: %d", s.Table.Cursor())
	}
}

func TestArrivedKeepsRowsOnFailureAndDropsStrangers(t *testing.T) {
	s, env := newSrc(t, false)
	load := func(err error) views.Loaded[[]row] {
		req, cmd := views.Load(env, "list", func(context.Context, client.Store) ([]row, error) { return rows("x"), err })
		s.Begin(req, cmd)
		return cmd().(views.Loaded[[]row])
	}
	ok := load(nil)
	if !s.Waiting() || !s.Arrived(ok) || s.Waiting() {
		t.Fatal("the list's reply arrives and ends the wait")
	}
	s.SetItems(ok.Value)
	down := &client.Error{Kind: client.KindUnavailable, Message: "connection refused"}
	if s.Arrived(load(down)) {
		t.Error("a failure is not an arrival")
	}
	if s.Len() != 1 || !errors.Is(s.Err(), down) {
		t.Errorf("rows stay (%d) and the error is kept (%v)", s.Len(), s.Err())
	}
	if foot := ansi.Strip(s.Footer("rows")); !strings.Contains(foot, "refresh failed") || !strings.Contains(foot, "connection refused") {
		t.Errorf("footer: %q", foot)
	}
	first := load(nil)
	second := load(nil) // replaces first: first is withdrawn
	if s.Arrived(first) {
		t.Error("a superseded reply is dropped")
	}
	if env.Flights().Deliver(first.Req) {
		t.Error("and the shell drops it too (withdrawn)")
	}
	if !s.Arrived(second) || s.Err() != nil {
		t.Error("the newer reply arrives and clears the error")
	}
}

func TestFocusedReloadsOnlyWhenIdle(t *testing.T) {
	s, env := newSrc(t, false)
	s.Focused()
	if s.reloads != 1 {
		t.Fatalf("reloads %d", s.reloads)
	}
	s.Begin(views.Load(env, "list", func(context.Context, client.Store) ([]row, error) { return nil, nil }))
	s.Focused()
	if s.reloads != 1 {
		t.Error("no reload while the list is loading")
	}
}

func TestBodyStatesAndCountedFooter(t *testing.T) {
	s, _ := newSrc(t, false)
	txt := Text{Loading: "loading rows…", Failed: "could not load rows", Retry: "r retries", Empty: "no rows", NoMatch: "no row matches"}
	if got := ansi.Strip(s.Body(s, txt)); got != "loading rows…" {
		t.Errorf("loading: %q", got)
	}
	s.SetErr(context.Canceled)
	if got := ansi.Strip(s.Body(s, txt)); !strings.HasPrefix(got, "could not load rows: cancelled\nr retries") {
		t.Errorf("failed: %q", got)
	}
	s.SetItems(nil)
	if got := ansi.Strip(s.Body(s, txt)); got != "no rows" {
		t.Errorf("empty: %q", got)
	}
	s.SetItems(rows("apple", "banana"))
	s.SetFilter("zz")
	if got := ansi.Strip(s.Body(s, txt)); !strings.HasSuffix(got, "no row matches zz") {
		t.Errorf("no match: %q", got)
	}
	s.SetFilter("ap")
	if got := ansi.Strip(s.Footer("rows", "sorted by name")); got != "1 of 2 rows · sorted by name" {
		t.Errorf("footer %q", got)
	}
	screen := s.Compose(s.Body(s, txt), func(w int) string { return "details " + strings.Repeat("x", w) }, "foot")
	lines := strings.Split(screen, "\n")
	if len(lines) != 20 || lines[19] != "foot" || !strings.HasPrefix(lines[15], "details x") {
		t.Errorf("narrow: details under the table, footer last:\n%s", screen)
	}
	s.SetSize(150, 20)
	if s.SideWidth() != 50 || !s.Beside() {
		t.Errorf("side panel %d", s.SideWidth())
	}
	if w, h := s.TableSize(); w != 99 || h != 19 {
		t.Errorf("table beside the panel: %dx%d", w, h)
	}
	s.SetSize(300, 20)
	if s.SideWidth() != 60 {
		t.Errorf("side panel capped: %d", s.SideWidth())
	}
}

func TestMouseSelectsScrollsAndOpens(t *testing.T) {
	s, _ := newSrc(t, false)
	var opened []string
	s.spec.Open = func(r row) tea.Cmd { opened = append(opened, r.name); return nil }
	var names []string
	for i := range 40 {
		names = append(names, string(rune('a'+i/26))+string(rune('a'+i%26)))
	}
	s.SetItems(rows(names...))
	s.SetSize(150, 20) // table 99 wide, panel beside it
	click := func(x, y int, double bool) {
		s.Mouse(views.MouseMsg{X: x, Y: y, Action: views.MouseClick, Double: double})
	}
	if click(5, 3, false); s.Table.Cursor() != 2 {
		t.Errorf("line 3 is the third row: cursor %d", s.Table.Cursor())
	}
	if click(5, 0, false); s.Table.Cursor() != 2 {
		t.Error("the header is not a row")
	}
	if click(120, 5, false); s.Table.Cursor() != 2 {
		t.Error("a click on the side panel leaves the cursor")
	}
	for range 30 {
		s.Mouse(views.MouseMsg{Action: views.MouseWheelDown})
	}
	if s.Table.Cursor() != 32 || s.Table.Offset() == 0 {
		t.Fatalf("wheel moves the cursor a row a turn, the view follows: cursor %d offset %d", s.Table.Cursor(), s.Table.Offset())
	}
	off := s.Table.Offset()
	click(5, 1, true)
	if s.Table.Cursor() != off || len(opened) != 1 || opened[0] != names[off] {
		t.Errorf("double click on the first visible row opens it: cursor %d, opened %v", s.Table.Cursor(), opened)
	}
	s.SetItems(rows("a", "b"))
	s.Table.SetCursor(1, 2)
	if click(5, 10, true); s.Table.Cursor() != 1 || len(opened) != 1 {
		t.Error("the blank lines below the rows are not rows")
	}
}
