// Package picker is a small pick list drawn over a screen: typing filters
// it (fuzzy), arrows move, space toggles in multi-select mode, enter
// applies, esc cancels. The column picker and the sort menu use it.
package picker

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/sahilm/fuzzy"

	"mltui/format"
	"mltui/keys"
	"mltui/theme"
)

// Item is one entry.
type Item struct {
	Label   string // shown and matched
	Value   string // returned
	Checked bool
	Note    string // shown muted after the label ("↓ current")
}

// Model is an open pick list.
type Model struct {
	Title  string
	Multi  bool
	items  []Item
	query  string
	shown  []int
	cursor int
	keys   keys.Picker
}

// New opens a list.
func New(title string, items []Item, multi bool) Model {
	m := Model{Title: title, Multi: multi, items: items, keys: keys.NewPicker()}
	m.filter()
	return m
}

// Result is what Update reports when the list closes.
type Result struct {
	Done     bool
	Canceled bool
	// Chosen is the item under the cursor (single select).
	Chosen string
	// Values are the checked items in list order (multi select).
	Values []string
}

// KeyMap is the help.
func (m Model) KeyMap() help.KeyMap { return m.keys }

// Query is the filter text.
func (m Model) Query() string { return m.query }

func (m *Model) filter() {
	m.shown = m.shown[:0]
	if m.query == "" {
		for i := range m.items {
			m.shown = append(m.shown, i)
		}
	} else {
		labels := make([]string, len(m.items))
		for i, it := range m.items {
			labels[i] = it.Label
		}
		for _, mt := range fuzzy.Find(m.query, labels) {
			m.shown = append(m.shown, mt.Index)
		}
	}
	m.cursor = min(m.cursor, max(len(m.shown)-1, 0))
}

// Update handles a key; Result.Done says the list closed.
func (m Model) Update(k tea.KeyPressMsg) (Model, Result) {
	switch {
	case key.Matches(k, m.keys.Cancel):
		return m, Result{Done: true, Canceled: true}
	case key.Matches(k, m.keys.Confirm):
		res := Result{Done: true}
		if len(m.shown) > 0 {
			res.Chosen = m.items[m.shown[m.cursor]].Value
		}
		for _, it := range m.items {
			if it.Checked {
				res.Values = append(res.Values, it.Value)
			}
		}
		return m, res
	case key.Matches(k, m.keys.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(k, m.keys.Down):
		m.cursor = min(m.cursor+1, max(len(m.shown)-1, 0))
	case m.Multi && key.Matches(k, m.keys.Toggle):
		if len(m.shown) > 0 {
			i := m.shown[m.cursor]
			m.items[i].Checked = !m.items[i].Checked
		}
	case k.String() == "backspace":
		if r := []rune(m.query); len(r) > 0 {
			m.query = string(r[:len(r)-1])
			m.filter()
		}
	case k.Text != "" && !k.Mod.Contains(tea.ModCtrl) && !k.Mod.Contains(tea.ModAlt):
		m.query += k.Text
		m.cursor = 0
		m.filter()
	}
	return m, Result{}
}

// View draws the list in a panel at most w×h.
func (m Model) View(s *theme.Styles, w, h int) string {
	w = max(min(w, 60), 20)
	inner := w - 4
	lines := []string{s.PanelTitle.Render(format.Truncate(format.Visible(m.Title), inner))}
	q := m.query
	if q == "" {
		q = s.Subtle.Render("type to filter")
	}
	lines = append(lines, s.Prompt.Render("> ")+q)
	rows := max(h-6, 3)
	start := 0
	if m.cursor >= rows {
		start = m.cursor - rows + 1
	}
	for j := start; j < len(m.shown) && j < start+rows; j++ {
		it := m.items[m.shown[j]]
		box := ""
		if m.Multi {
			box = "[ ] "
			if it.Checked {
				box = "[x] "
			}
		}
		label := box + it.Label
		if it.Note != "" {
			label += "  " + it.Note
		}
		label = format.Fit(label, inner)
		if j == m.cursor {
			lines = append(lines, s.RowSelected.Render(label))
		} else {
			lines = append(lines, s.Row.Render(label))
		}
	}
	if len(m.shown) == 0 {
		lines = append(lines, s.Muted.Render("no match"))
	}
	hint := "enter apply · esc cancel"
	if m.Multi {
		hint = "space toggle · " + hint
	}
	lines = append(lines, s.Subtle.Render(format.Truncate(hint, inner)))
	return s.PanelFocused.Width(w).Padding(0, 1).Render(strings.Join(lines, "\n"))
}
