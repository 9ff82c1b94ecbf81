package theme

// Status glyphs: a run's status reads without colour.
const (
	GlyphFinished  = "✓"
	GlyphRunning   = "●"
	GlyphFailed    = "✗"
	GlyphKilled    = "⊘"
	GlyphScheduled = "◷"
	GlyphUnknown   = "?"

	GlyphMarked    = "▌" // left edge of a marked row
	GlyphStale     = "⚠"
	GlyphCollapsed = "▸"
	GlyphExpanded  = "▾"
	GlyphDir       = "▸"
	GlyphDirOpen   = "▾"
	GlyphEllipsis  = "…"
	GlyphSortAsc   = "↑"
	GlyphSortDesc  = "↓"
)

// Status is a run's state as the theme draws it; views maps the store's
// run statuses onto it, so the theme depends on nothing of ours.
type Status int

const (
	StatusUnknown Status = iota
	StatusRunning
	StatusFinished
	StatusFailed
	StatusKilled
	StatusScheduled
)

// Glyph is the one-cell symbol for a status.
func (s Status) Glyph() string {
	switch s {
	case StatusFinished:
		return GlyphFinished
	case StatusRunning:
		return GlyphRunning
	case StatusFailed:
		return GlyphFailed
	case StatusKilled:
		return GlyphKilled
	case StatusScheduled:
		return GlyphScheduled
	default:
		return GlyphUnknown
	}
}
