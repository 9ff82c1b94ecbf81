// Package listscreen is the kit a list screen is written on: a Frame
// holds the table, the rows in their order, the side panel's sizing, the
// filter, the list's load in flight and the body's states (loading,
// failed, empty, no match), so the screen keeps only its columns, its
// sort, its details and its own keys.
package listscreen

import (
	"context"
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"mltui/format"
	"mltui/keys"
	"mltui/views"
	"mltui/views/components/table"
)

// Spec is what a screen tells its Frame once, at construction.
type Spec[T any] struct {
	// ID names a row, so the cursor stays on it when rows re-sort.
	ID func(T) string
	// Order returns the indexes of items to show for a filter, in the
	// screen's sort. Nil: the screen orders rows itself with SetOrder.
	Order func(items []T, filter string) []int
	// Reload re-reads the list (Focused calls it when nothing is pending).
	Reload func() tea.Cmd
	// Open opens a row (enter, double click); nil: rows do not open.
	Open func(T) tea.Cmd
	// Sorted is the column the order sorts by and its direction, marked
	// in the header after every re-order; nil: no mark.
	Sorted func() (col string, desc bool)
	Layout Layout
	// Filter is how "/" filters; Placeholder the hint in its empty field.
	Filter      views.FilterKind
	Placeholder string
	// StayWhenGone leaves the cursor where it was when the kept row is
	// gone (a streamed table); otherwise it goes to the top (best match).
	StayWhenGone bool
}

// Layout places the details: beside the table from SideFrom columns on
// (a third of the width, or SidePercent, at most SideMax), else DetailRows
// lines under it; DetailRows 0 and SideFrom 0 mean a table alone.
type Layout struct {
	SideFrom   int
	SideMax    int
	DetailRows int
	// SidePercent is the side panel's share of the width (default 33): a
	// preview wants more room than a row's details.
	SidePercent int
}

// Frame is embedded by a list screen. Its exported methods make up the
// screen's filter (views.Filterer), focus (views.Focuser), SetSize and
// the table source's Len.
type Frame[T any] struct {
	Table table.Model

	env    views.Env
	spec   Spec[T]
	items  []T
	order  []int
	width  int
	height int

	filter     string
	filterErr  string
	unfiltered int // rows shown without the filter (for "N of M")

	pending views.Request
	loaded  bool // the list arrived at least once
	err     error
}

// New returns a frame drawing with env's styles.
func New[T any](env views.Env, spec Spec[T]) Frame[T] {
	return Frame[T]{Table: table.New(env.Styles()), env: env, spec: spec}
}

// --- size and layout ---

// SetSize lays the table out in the body (w×h), leaving the footer line
// and the details' room.
func (f *Frame[T]) SetSize(w, h int) {
	f.width, f.height = w, h
	tw, th := f.TableSize()
	f.Table.SetSize(tw, th)
}

// Width is the body's width.
func (f *Frame[T]) Width() int { return f.width }

// Height is the body's height.
func (f *Frame[T]) Height() int { return f.height }

// SideWidth is the side panel's width, 0 when the details go below.
func (f *Frame[T]) SideWidth() int {
	l := f.spec.Layout
	if l.SideFrom > 0 && f.width >= l.SideFrom {
		if l.SidePercent > 0 {
			return min(f.width*l.SidePercent/100, l.SideMax)
		}
		return min(f.width/3, l.SideMax)
	}
	return 0
}

// Beside reports whether the details stand beside the table.
func (f *Frame[T]) Beside() bool { return f.SideWidth() > 0 }

// TableSize is the table's box (header included).
func (f *Frame[T]) TableSize() (int, int) {
	h := f.height - 1 // footer line
	if sw := f.SideWidth(); sw > 0 {
		return f.width - sw - 1, h
	}
	if f.spec.Layout.DetailRows == 0 {
		return f.width, max(h, 2)
	}
	return f.width, max(h-f.spec.Layout.DetailRows, 3)
}

// --- rows ---

// Items are all rows loaded, in load order.
func (f *Frame[T]) Items() []T { return f.items }

// Total is how many rows are loaded (shown or not).
func (f *Frame[T]) Total() int { return len(f.items) }

// Len is the number of rows shown (table.Source).
func (f *Frame[T]) Len() int { return len(f.order) }

// Row is the i-th row shown.
func (f *Frame[T]) Row(i int) T { return f.items[f.order[i]] }

// Selected is the row under the cursor.
func (f *Frame[T]) Selected() (T, bool) {
	c := f.Table.Cursor()
	if c < 0 || c >= len(f.order) {
		var zero T
		return zero, false
	}
	return f.items[f.order[c]], true
}

// SetItems replaces the rows (a load arrived) and re-orders them with the
// cursor kept on the selected row.
func (f *Frame[T]) SetItems(items []T) {
	keep := f.selectedID()
	f.items = items
	f.loaded, f.err = true, nil
	f.reorderKeeping(keep)
}

// Reorder applies the screen's order again (its sort changed), keeping
// the selected row under the cursor.
func (f *Frame[T]) Reorder() { f.reorderKeeping(f.selectedID()) }

// Keep re-orders with the cursor on the row named id (a screen opened
// "at" a row).
func (f *Frame[T]) Keep(id string) { f.reorderKeeping(id) }

func (f *Frame[T]) reorderKeeping(id string) {
	if f.spec.Order == nil {
		return
	}
	f.SetOrder(f.spec.Order(f.items, f.filter), id)
	if f.spec.Sorted != nil {
		f.Table.SetSort(f.spec.Sorted())
	}
	f.unfiltered = len(f.order)
	if f.filter != "" {
		f.unfiltered = len(f.spec.Order(f.items, ""))
	}
}

// Show replaces the rows and their order at once, with the cursor on the
// row named keep: a screen without Spec.Order (a folded tree) orders its
// rows itself.
func (f *Frame[T]) Show(items []T, order []int, keep string) {
	f.items = items
	f.SetOrder(order, keep)
}

// SetOrder shows the rows at order, with the cursor on the row named keep.
func (f *Frame[T]) SetOrder(order []int, keep string) {
	f.order = order
	at := -1
	if keep != "" {
		for i, j := range order {
			if f.spec.ID(f.items[j]) == keep {
				at = i
				break
			}
		}
	}
	switch {
	case at >= 0:
		f.Table.SetCursor(at, len(order))
	case f.spec.StayWhenGone:
		f.Table.Clamp(len(order))
	default:
		f.Table.SetCursor(0, len(order))
	}
}

func (f *Frame[T]) selectedID() string {
	if x, ok := f.Selected(); ok {
		return f.spec.ID(x)
	}
	return ""
}

// Navigate handles a movement key and reports whether k was one.
func (f *Frame[T]) Navigate(k tea.KeyPressMsg, nav keys.Nav) bool {
	return f.Table.Navigate(k, nav, len(f.order))
}

// --- the list's load ---

// Begin records the list's request in flight, withdrawing the one it
// replaces, and returns its command.
func (f *Frame[T]) Begin(req views.Request, cmd tea.Cmd) tea.Cmd {
	if !f.pending.Zero() && f.pending != req {
		f.env.Flights().Withdraw(f.pending)
	}
	f.pending = req
	return cmd
}

// Waiting reports whether the list's request is in flight.
func (f *Frame[T]) Waiting() bool { return !f.pending.Zero() }

// Answers reports whether r is the reply to the list's request, and
// stops waiting for it: a screen that handles its own failures (a
// streamed table) asks this; the others ask Arrived.
func (f *Frame[T]) Answers(r views.Reply) bool {
	if f.pending.Zero() || r.Request() != f.pending {
		return false
	}
	f.pending = views.Request{}
	return true
}

// Arrived reports whether r is the list's reply and it succeeded: the
// screen then takes the value (usually with SetItems). A failure is kept
// for the body and the footer; the rows on screen stay.
func (f *Frame[T]) Arrived(r views.Reply) bool {
	if !f.Answers(r) {
		return false
	}
	if err := r.Failure(); err != nil {
		f.err = err
		return false
	}
	f.loaded, f.err = true, nil
	return true
}

// Loaded reports whether the list arrived at least once.
func (f *Frame[T]) Loaded() bool { return f.loaded }

// Err is the last load's error (nil after a success).
func (f *Frame[T]) Err() error { return f.err }

// SetErr records a load error of the screen's own (a streamed table).
func (f *Frame[T]) SetErr(err error) { f.err = err }

// Focused reloads when the user comes back and nothing is pending.
func (f *Frame[T]) Focused() tea.Cmd {
	if f.pending.Zero() && f.spec.Reload != nil {
		return f.spec.Reload()
	}
	return nil
}

// --- filter (views.Filterer) ---

// FilterKind is how "/" filters this list.
func (f *Frame[T]) FilterKind() views.FilterKind { return f.spec.Filter }

// FilterPlaceholder is the hint in the empty filter.
func (f *Frame[T]) FilterPlaceholder() string { return f.spec.Placeholder }

// Filter is the filter typed last (shown even when it failed).
func (f *Frame[T]) Filter() string { return f.filter }

// FilterError is why the filter failed ("" for fuzzy filters).
func (f *Frame[T]) FilterError() string { return f.filterErr }

// SetFilter applies a fuzzy pattern, keeping the selected row when it
// still matches. A query-filtered screen wraps it to re-query.
func (f *Frame[T]) SetFilter(text string) tea.Cmd {
	f.filter = text
	f.Reorder()
	return nil
}

// SetFilterText records the filter without re-ordering (a query screen
// sends it to the store).
func (f *Frame[T]) SetFilterText(text string) { f.filter = text }

// SetFilterError shows why the store refused the filter ("" clears).
func (f *Frame[T]) SetFilterError(msg string) { f.filterErr = msg }

// --- drawing ---

// Text is what the body says in its states.
type Text struct {
	Loading string // "loading experiments…"
	Failed  string // "could not load experiments"
	Retry   string // the hint under the failure ("r retries")
	Empty   string // "no experiments in this store"
	NoMatch string // "no experiment matches": the filter follows
}

// Body is the table, or what stands in its place while there is none.
func (f *Frame[T]) Body(src table.Source, t Text) string {
	s := f.env.Styles()
	tw, _ := f.TableSize()
	switch {
	case !f.loaded && f.err != nil:
		return s.Error.Render(format.Truncate(t.Failed+": "+ErrText(f.err), tw)) + "\n" + s.Muted.Render(t.Retry)
	case !f.loaded:
		return s.Muted.Render(t.Loading)
	case len(f.order) == 0 && f.filter != "":
		return f.Table.View(src) + "\n" + s.Muted.Render(t.NoMatch+" "+f.filter)
	case len(f.order) == 0:
		return s.Muted.Render(t.Empty)
	}
	return f.Table.View(src)
}

// Compose lays out body (boxed to the table's size), the details (beside
// or below; details(w) renders them w cells wide) and the footer line.
func (f *Frame[T]) Compose(body string, details func(w int) string, footer string) string {
	tw, th := f.TableSize()
	body = format.Box(body, tw, th)
	switch sw := f.SideWidth(); {
	case sw > 0:
		panel := lipgloss.NewStyle().Width(sw).Height(th).MaxHeight(th).PaddingLeft(1).
			BorderLeft(true).BorderStyle(lipgloss.NormalBorder()).BorderForeground(f.env.Theme.Palette.Border).
			Render(details(sw - 2))
		body = lipgloss.JoinHorizontal(lipgloss.Top, body, panel)
	case f.spec.Layout.DetailRows > 0:
		body += "\n" + format.Box(details(f.width), f.width, f.spec.Layout.DetailRows)
	}
	return body + "\n" + footer
}

// Footer is the muted status line: "N noun" (or "N of M noun" while
// filtered) and the screen's parts; after a failed refresh, the failure.
func (f *Frame[T]) Footer(noun string, parts ...string) string {
	return f.FooterCount(len(f.order), f.unfiltered, noun, parts...)
}

// FooterCount is Footer for a screen whose rows are not all of the noun
// (groups with their runs unfolded under them): n shown of all.
func (f *Frame[T]) FooterCount(n, all int, noun string, parts ...string) string {
	s := f.env.Styles()
	if f.err != nil && f.loaded {
		return s.Error.Render(format.Truncate("refresh failed: "+ErrText(f.err), f.width))
	}
	count := format.Int(n) + " " + noun
	if f.filter != "" {
		count = format.Int(n) + " of " + format.Int(all) + " " + noun
	}
	return s.Muted.Render(format.Truncate(format.Visible(strings.Join(append([]string{count}, parts...), " · ")), f.width))
}

// ErrText is a one-line description of a load error.
func ErrText(err error) string {
	if errors.Is(err, context.Canceled) {
		return "cancelled"
	}
	return format.Visible(err.Error())
}
