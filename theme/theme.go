package theme

import (
	"os"
	"strings"
)

// Mode picks a palette.
type Mode string

const (
	ModeAuto    Mode = "auto" // dark until the terminal reports a light background
	ModeDark    Mode = "dark"
	ModeLight   Mode = "light"
	ModeNoColor Mode = "no-color"
)

// Theme is a palette and the styles built from it, once.
type Theme struct {
	Mode    Mode // what was asked for (auto stays auto after resolving)
	Dark    bool // the palette in use is the dark one
	NoColor bool
	Palette Palette
	Styles  Styles
}

// New builds a theme. ModeAuto starts dark; call SetBackground when the
// terminal reports its background colour.
func New(mode Mode) *Theme {
	t := &Theme{Mode: mode}
	switch mode {
	case ModeNoColor:
		t.NoColor, t.Dark, t.Palette = true, true, NoColor()
	case ModeLight:
		t.Palette = Light()
	default:
		t.Dark, t.Palette = true, Dark()
	}
	t.Styles = NewStyles(t.Palette, t.NoColor)
	return t
}

// SetBackground switches an auto theme to the light or dark palette and
// rebuilds the styles; it reports whether anything changed. Explicit modes
// ignore it.
func (t *Theme) SetBackground(isDark bool) bool {
	if t.Mode != ModeAuto && t.Mode != "" || t.Dark == isDark {
		return false
	}
	t.Dark = isDark
	if isDark {
		t.Palette = Dark()
	} else {
		t.Palette = Light()
	}
	t.Styles = NewStyles(t.Palette, false)
	return true
}

// ResolveMode turns the config's theme name and the colour switches into a
// mode: --no-color or a non-empty NO_COLOR (https://no-color.org) win.
func ResolveMode(configTheme string, noColorFlag bool, getenv func(string) string) Mode {
	if getenv == nil {
		getenv = os.Getenv
	}
	if noColorFlag || getenv("NO_COLOR") != "" {
		return ModeNoColor
	}
	switch strings.ToLower(strings.TrimSpace(configTheme)) {
	case "dark":
		return ModeDark
	case "light":
		return ModeLight
	case "none", "no-color", "nocolor", "plain":
		return ModeNoColor
	default:
		return ModeAuto
	}
}
