package keys

import "charm.land/bubbles/v2/key"

// Chart are the metric chart screen's keys.
type Chart struct {
	Metric      key.Binding
	Grid        key.Binding
	NextPanel   key.Binding
	PrevPanel   key.Binding
	XAxis       key.Binding
	SmoothMore  key.Binding
	SmoothLess  key.Binding
	LogY        key.Binding
	ZoomIn      key.Binding
	ZoomOut     key.Binding
	PanLeft     key.Binding
	PanRight    key.Binding
	Reset       key.Binding
	Cursor      key.Binding
	CursorLeft  key.Binding
	CursorRight key.Binding
	CursorJumpL key.Binding
	CursorJumpR key.Binding
	PrevImage   key.Binding
	NextImage   key.Binding
	Refresh     key.Binding
	Bands       key.Binding
}

// NewChart returns the default chart keys.
func NewChart() Chart {
	return Chart{
		Metric:      key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "pick metric")),
		Grid:        key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "grid / single")),
		NextPanel:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next chart")),
		PrevPanel:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous chart")),
		XAxis:       key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "x: step/time/relative")),
		SmoothMore:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "smooth more")),
		SmoothLess:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "smooth less")),
		LogY:        key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "log y")),
		ZoomIn:      key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "zoom in")),
		ZoomOut:     key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "zoom out")),
		PanLeft:     key.NewBinding(key.WithKeys("<", ","), key.WithHelp("<", "pan left")),
		PanRight:    key.NewBinding(key.WithKeys(">", "."), key.WithHelp(">", "pan right")),
		Reset:       key.NewBinding(key.WithKeys("z", "0"), key.WithHelp("z", "reset zoom")),
		Cursor:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "cursor on/off")),
		CursorLeft:  key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("h/←", "cursor left")),
		CursorRight: key.NewBinding(key.WithKeys("l", "right"), key.WithHelp("l/→", "cursor right")),
		CursorJumpL: key.NewBinding(key.WithKeys("shift+left", "b"), key.WithHelp("b", "cursor ←10")),
		CursorJumpR: key.NewBinding(key.WithKeys("shift+right", "w"), key.WithHelp("w", "cursor →10")),
		PrevImage:   key.NewBinding(key.WithKeys("["), key.WithHelp("[", "image at the step before")),
		NextImage:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "image at the next step")),
		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Bands:       key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "groups as bands / runs")),
	}
}

// ShortHelp is the one-line hint.
func (k Chart) ShortHelp() []key.Binding {
	return []key.Binding{k.Metric, k.Grid, k.ZoomIn, k.ZoomOut, k.Cursor, k.SmoothMore, k.LogY, k.XAxis}
}

// FullHelp is the ? overlay.
func (k Chart) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Metric, k.Grid, k.NextPanel, k.PrevPanel, k.Refresh},
		{k.ZoomIn, k.ZoomOut, k.PanLeft, k.PanRight, k.Reset},
		{k.Cursor, k.CursorLeft, k.CursorRight, k.CursorJumpL, k.CursorJumpR, k.PrevImage, k.NextImage},
		{k.XAxis, k.SmoothMore, k.SmoothLess, k.LogY, k.Bands},
	}
}
