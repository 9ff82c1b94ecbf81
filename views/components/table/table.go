// Package table is a virtualised table: it asks for the cells of the rows
// on screen only, so ten thousand runs render as fast as forty. The data
// stays with the screen (a Source); the table keeps the cursor, the scroll
// offsets and the column layout.
package table

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/format"
	"mltui/theme"
)

// Column describes one column.
type Column struct {
	Key   string // the screen's id for the column ("name", "m:accuracy")
	Title string
	Width int  // preferred width in cells
	Min   int  // narrowest it may be squeezed to (0: Width)
	Flex  bool // takes the room left over (one flex column is typical)
	Max   int  // a flex column grows to at most this (0: no limit)
	Right bool // right-aligned (numbers)
	// Fixed columns never scroll sideways (status, name).
	Fixed bool
}

// RowKind selects a row's style.
type RowKind int

const (
	RowNormal RowKind = iota
	RowMarked
	RowDeleted
	RowDim
)

// Source supplies rows on demand.
type Source interface {
	Len() int
	// Cell is the plain text of a cell; the table fits it to the column.
	Cell(row int, col Column) string
	// Row is the row's kind; the table adds the selection.
	RowKind(row int) RowKind
	// Accent optionally styles one cell (a status glyph); ok false for none.
	Accent(row int, col Column) (lipgloss.Style, bool)
}

// AccentRefSource is an optional, faster Accent: it returns pointers into
// theme.Styles (nil for none), so the table renders each style once per
// frame instead of once per cell.
type AccentRefSource interface {
	AccentRef(row int, col Column) *lipgloss.Style
}

// Model is the table state.
type Model struct {
	cols     []Column
	widths   []int // laid-out widths, 0 = hidden (scrolled out or no room)
	colStart int   // first scrollable column shown
	cursor   int
	offset   int
	width    int
	height   int // rows of data (header excluded)
	sortKey  string
	sortDesc bool
	gutter   bool // a mark gutter on the left
	styles   *theme.Styles
}

// New returns an empty table drawing with styles.
func New(styles *theme.Styles) Model { return Model{styles: styles, gutter: true} }

// SetStyles switches styles (theme change).
func (m *Model) SetStyles(s *theme.Styles) { m.styles = s }

// SetColumns replaces the columns and lays them out again.
func (m *Model) SetColumns(cols []Column) {
	m.cols = cols
	if m.colStart >= len(cols) {
		m.colStart = 0
	}
	m.layout()
}

// Columns are the current columns.
func (m Model) Columns() []Column { return m.cols }

// SetSize sets the table's size including its header row.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, max(h-1, 1)
	m.layout()
	m.clampOffset()
}

// SetSort marks the sorted column in the header.
func (m *Model) SetSort(key string, desc bool) { m.sortKey, m.sortDesc = key, desc }

// Cursor is the selected row.
func (m Model) Cursor() int { return m.cursor }

// Offset is the first row shown.
func (m Model) Offset() int { return m.offset }

// VisibleRows is how many data rows fit.
func (m Model) VisibleRows() int { return m.height }

// SetCursor moves the selection to row i (clamped to n rows).
func (m *Model) SetCursor(i, n int) {
	if n <= 0 {
		m.cursor, m.offset = 0, 0
		return
	}
	m.cursor = min(max(i, 0), n-1)
	m.clampOffset()
}

// Move moves the cursor by delta rows among n.
func (m *Model) Move(delta, n int) { m.SetCursor(m.cursor+delta, n) }

// Clamp keeps the cursor inside n rows (after rows were removed).
func (m *Model) Clamp(n int) { m.SetCursor(m.cursor, n) }

func (m *Model) clampOffset() {
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+m.height {
		m.offset = m.cursor - m.height + 1
	}
	if m.offset < 0 {
		m.offset = 0
	}
}

// ScrollColumns shifts the scrollable columns by delta.
func (m *Model) ScrollColumns(delta int) {
	first := m.firstScrollable()
	n := len(m.cols) - first
	if n <= 0 {
		return
	}
	m.colStart = min(max(m.colStart+delta, 0), n-1)
	m.layout()
}

// ShowColumn scrolls the columns so that the one with key is on screen
// (a column just sorted by, say); one shown already stays where it is.
func (m *Model) ShowColumn(key string) {
	first := m.firstScrollable()
	for i := first; i < len(m.cols) && i < len(m.widths); i++ {
		if m.cols[i].Key == key {
			if m.widths[i] == 0 {
				m.colStart = i - first
				m.layout()
			}
			return
		}
	}
}

// HiddenColumns reports how many scrollable columns are off screen to the
// left and to the right.
func (m Model) HiddenColumns() (left, right int) {
	first := m.firstScrollable()
	for i := first; i < len(m.cols); i++ {
		if m.widths[i] == 0 {
			if i-first < m.colStart {
				left++
			} else {
				right++
			}
		}
	}
	return left, right
}

func (m Model) firstScrollable() int {
	for i, c := range m.cols {
		if !c.Fixed {
			return i
		}
	}
	return len(m.cols)
}

// layout decides each column's width: fixed columns first, then the
// scrollable ones from colStart while they fit at their preferred width,
// squeezing to Min if that lets one more fit; the flex column takes the rest.
func (m *Model) layout() {
	m.widths = make([]int, len(m.cols))
	avail := m.width
	if m.gutter {
		avail--
	}
	used := 0
	flex := -1
	for i, c := range m.cols {
		if c.Fixed {
			m.widths[i] = c.Width
			used += c.Width + 1
			if c.Flex && flex < 0 {
				flex = i
			}
		}
	}
	first := m.firstScrollable()
	for i := first + m.colStart; i < len(m.cols); i++ {
		c := m.cols[i]
		if c.Fixed {
			continue
		}
		w := c.Width
		if used+w+1 > avail {
			if c.Min > 0 && used+c.Min+1 <= avail {
				w = avail - used - 1
			} else {
				break
			}
		}
		m.widths[i] = w
		used += w + 1
		if c.Flex && flex < 0 {
			flex = i
		}
	}
	// Squeeze fixed flex columns when even the fixed part is too wide.
	if used > avail {
		for i, c := range m.cols {
			if c.Fixed && c.Flex {
				shrink := min(used-avail, m.widths[i]-max(c.Min, 4))
				if shrink > 0 {
					m.widths[i] -= shrink
					used -= shrink
				}
			}
		}
	}
	if flex >= 0 && used < avail {
		grow := avail - used
		if mx := m.cols[flex].Max; mx > 0 {
			grow = min(grow, max(mx-m.widths[flex], 0))
		}
		m.widths[flex] += grow
	}
}

// View renders the header and the visible rows of src.
func (m Model) View(src Source) string {
	n := src.Len()
	var b strings.Builder
	b.Grow((m.width + 16) * (m.height + 1))
	b.WriteString(m.header())
	end := min(m.offset+m.height, n)
	cache := map[*lipgloss.Style][2]string{}
	refs, _ := src.(AccentRefSource)
	for r := m.offset; r < end; r++ {
		b.WriteByte('\n')
		m.row(&b, src, refs, r, cache)
	}
	return b.String()
}

func (m Model) header() string {
	var b strings.Builder
	if m.gutter {
		b.WriteByte(' ')
	}
	left, right := m.HiddenColumns()
	for i, c := range m.cols {
		w := m.widths[i]
		if w == 0 {
			continue
		}
		title := c.Title
		if c.Key == m.sortKey && c.Key != "" {
			if m.sortDesc {
				title += theme.GlyphSortDesc
			} else {
				title += theme.GlyphSortAsc
			}
		}
		if c.Right {
			b.WriteString(format.FitRight(title, w))
		} else {
			b.WriteString(format.Fit(title, w))
		}
		b.WriteByte(' ')
	}
	line := b.String()
	if left > 0 || right > 0 {
		more := ""
		if left > 0 {
			more += "‹"
		}
		if right > 0 {
			more += "›"
		}
		// Over the trailing separator space, not over a title.
		line = ansi.Truncate(line, m.width-len([]rune(more)), "") + more
	}
	return m.styles.TableHeader.Render(format.Fit(line, m.width))
}

func (m Model) row(b *strings.Builder, src Source, refs AccentRefSource, r int, cache map[*lipgloss.Style][2]string) {
	kind := src.RowKind(r)
	selected := r == m.cursor
	style := &m.styles.Row
	switch {
	case selected && kind == RowMarked:
		style = &m.styles.RowMarkedSelected
	case selected:
		style = &m.styles.RowSelected
	case kind == RowMarked:
		style = &m.styles.RowMarked
	case kind == RowDeleted:
		style = &m.styles.RowDeleted
	case kind == RowDim:
		style = &m.styles.Muted
	}
	if m.gutter {
		if kind == RowMarked {
			b.WriteString(m.styles.MarkGutter.Render(theme.GlyphMarked))
		} else {
			b.WriteByte(' ')
		}
	}
	// Cells are joined as plain text and wrapped in the style's escape
	// codes once per run of unaccented cells: no lipgloss layout per row
	// keeps big tables fast.
	pre, post := sgrCached(cache, style)
	var plain strings.Builder
	flush := func() {
		if plain.Len() > 0 {
			b.WriteString(pre)
			b.WriteString(plain.String())
			b.WriteString(post)
			plain.Reset()
		}
	}
	total := 0
	for i, c := range m.cols {
		w := m.widths[i]
		if w == 0 {
			continue
		}
		text := src.Cell(r, c)
		var cell string
		if c.Right {
			cell = format.FitRight(text, w)
		} else {
			cell = format.Fit(text, w)
		}
		total += w + 1
		if !selected {
			if ap, as, ok := accent(src, refs, r, c, cache); ok {
				flush()
				b.WriteString(ap + cell + as)
				plain.WriteByte(' ')
				continue
			}
		}
		plain.WriteString(cell)
		plain.WriteByte(' ')
	}
	avail := m.width
	if m.gutter {
		avail--
	}
	if total < avail {
		plain.WriteString(strings.Repeat(" ", avail-total))
	}
	flush()
}

// sgr splits a colours-and-attributes-only style into the escape codes
// before and after its text. Rendering a marker once per call is far
// cheaper than laying out a whole row through Style.Render.
func sgr(st lipgloss.Style) (pre, post string) {
	const marker = "\uE000"
	out := st.Render(marker)
	i := strings.Index(out, marker)
	if i < 0 {
		return "", ""
	}
	return out[:i], out[i+len(marker):]
}

func sgrCached(cache map[*lipgloss.Style][2]string, st *lipgloss.Style) (string, string) {
	if p, ok := cache[st]; ok {
		return p[0], p[1]
	}
	pre, post := sgr(*st)
	cache[st] = [2]string{pre, post}
	return pre, post
}

func accent(src Source, refs AccentRefSource, r int, c Column, cache map[*lipgloss.Style][2]string) (string, string, bool) {
	if refs != nil {
		st := refs.AccentRef(r, c)
		if st == nil {
			return "", "", false
		}
		pre, post := sgrCached(cache, st)
		return pre, post, true
	}
	st, ok := src.Accent(r, c)
	if !ok {
		return "", "", false
	}
	pre, post := sgr(st)
	return pre, post, true
}
