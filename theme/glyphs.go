package theme

import "mltui/client"

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

// StatusGlyph is the one-cell symbol for a run status.
func StatusGlyph(s client.RunStatus) string {
	switch s {
	case client.StatusFinished:
		return GlyphFinished
	case client.StatusRunning:
		return GlyphRunning
	case client.StatusFailed:
		return GlyphFailed
	case client.StatusKilled:
		return GlyphKilled
	case client.StatusScheduled:
		return GlyphScheduled
	default:
		return GlyphUnknown
	}
}
