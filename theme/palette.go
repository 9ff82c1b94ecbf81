// Package theme holds every colour and style mltui draws with: semantic
// colour tokens (dark, light, no-colour), the styles built from them once,
// status glyphs and the per-run series palette. Views never invent colours.
package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Palette is a set of semantic colour tokens. Styles are derived from these
// only, so a new theme is one new Palette.
type Palette struct {
	Name string

	Primary color.Color // titles, the selected breadcrumb, active keys
	Accent  color.Color // marks, highlights that are not errors

	FgBase   color.Color // ordinary text
	FgMuted  color.Color // secondary text (ids, ages)
	FgSubtle color.Color // hints, separators, placeholders

	BgBase   color.Color // the screen (usually left to the terminal)
	BgSubtle color.Color // status bar, header bar
	BgSelect color.Color // the selected row

	Border      color.Color
	FocusBorder color.Color

	Success color.Color
	Error   color.Color
	Warning color.Color
	Info    color.Color
}

// Dark is the default palette for dark terminals. 256-colour indexes keep
// it legible over SSH to terminals without true colour.
func Dark() Palette {
	c := lipgloss.Color
	return Palette{
		Name:        "dark",
		Primary:     c("75"),
		Accent:      c("213"),
		FgBase:      c("252"),
		FgMuted:     c("246"),
		FgSubtle:    c("240"),
		BgBase:      lipgloss.NoColor{},
		BgSubtle:    c("236"),
		BgSelect:    c("238"),
		Border:      c("240"),
		FocusBorder: c("75"),
		Success:     c("42"),
		Error:       c("203"),
		Warning:     c("214"),
		Info:        c("81"),
	}
}

// Light is the palette for light terminals.
func Light() Palette {
	c := lipgloss.Color
	return Palette{
		Name:        "light",
		Primary:     c("25"),
		Accent:      c("127"),
		FgBase:      c("235"),
		FgMuted:     c("242"),
		FgSubtle:    c("247"),
		BgBase:      lipgloss.NoColor{},
		BgSubtle:    c("254"),
		BgSelect:    c("252"),
		Border:      c("248"),
		FocusBorder: c("25"),
		Success:     c("28"),
		Error:       c("160"),
		Warning:     c("130"),
		Info:        c("31"),
	}
}

// NoColor is the palette for NO_COLOR and --no-color: every token is the
// terminal default, and styles fall back to bold, reverse and underline.
func NoColor() Palette {
	n := lipgloss.NoColor{}
	return Palette{
		Name: "no-color", Primary: n, Accent: n, FgBase: n, FgMuted: n, FgSubtle: n,
		BgBase: n, BgSubtle: n, BgSelect: n, Border: n, FocusBorder: n,
		Success: n, Error: n, Warning: n, Info: n,
	}
}
