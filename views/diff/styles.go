package diff

import (
	"charm.land/lipgloss/v2"

	"mltui/theme"
)

// Styles are the diff's styles, all derived from the theme's.
type Styles struct {
	Header     lipgloss.Style // run names
	HeaderBase lipgloss.Style // the baseline run's name
	HeaderSel  lipgloss.Style // the selected run's name
	Sub        lipgloss.Style // short IDs, scroll position
	Section    lipgloss.Style
	Fold       lipgloss.Style
	Key        lipgloss.Style
	Cell       lipgloss.Style
	Changed    lipgloss.Style // a value that differs from the baseline
	Missing    lipgloss.Style
	Failed     lipgloss.Style
	Best       lipgloss.Style
	Better     lipgloss.Style // a delta in the good direction
	Worse      lipgloss.Style
	Selected   lipgloss.Style // the row under the cursor
	Title      lipgloss.Style // detail pane title
	Footer     lipgloss.Style
	Insert     lipgloss.Style // characters only the other value has
	Delete     lipgloss.Style // characters only the baseline has
	// Markers writes [-deleted-]{+inserted+} around character edits, for
	// terminals without colour where strike/underline may not show.
	Markers bool
}

// NewStyles derives the diff styles from a theme.
func NewStyles(th *theme.Theme) Styles {
	s := &th.Styles
	return Styles{
		Header:     s.TableHeader,
		HeaderBase: s.TableHeaderSorted,
		HeaderSel:  s.Title,
		Sub:        s.Muted,
		Section:    s.SectionHeader,
		Fold:       s.Subtle,
		Key:        s.Label,
		Cell:       s.Value,
		Changed:    s.Warning.Bold(true),
		Missing:    s.Subtle,
		Failed:     s.Error,
		Best:       s.Success.Bold(true).Underline(th.NoColor),
		Better:     s.Success,
		Worse:      s.Error,
		Selected:   s.RowSelected,
		Title:      s.PanelTitle,
		Footer:     s.Muted,
		Insert:     s.Success.Underline(true),
		Delete:     s.Error.Strikethrough(true),
		Markers:    th.NoColor,
	}
}
