// Package views holds the contract every mltui screen satisfies and the
// messages screens exchange with the shell (package tui). Screens live in
// sub-packages (views/experiments, views/runs, …); the shell owns the
// program, the view stack, the status bar, help, the command line and the
// filter bar, and routes async results back to the screen that asked.
//
// See README.md in this directory for a walk-through.
package views

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// Screen is one page of the dashboard. The shell calls SetSize before the
// first View and on every resize with the size of the body area (the
// header, filter bar and status bar are the shell's).
//
// View must do no I/O: everything it shows was loaded by a tea.Cmd (see
// Env.Load) and kept in the model.
type Screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	// Title is this screen's breadcrumb segment, short ("iris-classification").
	Title() string
	// KeyMap feeds the help bar and the ? overlay.
	KeyMap() help.KeyMap
}

// InputCapturer is implemented by screens that sometimes own a focused
// text input (a search box, a column picker, a confirm prompt). While it
// returns true the shell hands every key but ctrl+c to the screen, so q,
// :, / and ? can be typed.
type InputCapturer interface {
	CapturingInput() bool
}

// Overlay is a picture drawn over the screen's cells after the frame, for
// image protocols the cell renderer cannot carry (Sixel, iTerm2): Seq is
// drawn with the cursor at X, Y of the body; Key names what is drawn, so
// the shell draws it again only when the key changes or the screen was
// repainted.
type Overlay struct {
	X, Y int
	Seq  string
	Key  string
}

// Overlayer is implemented by screens that may show an Overlay; ok false
// when there is none now.
type Overlayer interface {
	Overlay() (Overlay, bool)
}

// FilterKind says how the shell's / filter bar drives a screen.
type FilterKind int

const (
	// FilterFuzzy lists filter as you type (SetFilter on every keystroke).
	FilterFuzzy FilterKind = iota
	// FilterQuery screens send the text to the store (SetFilter on enter),
	// e.g. MLflow search syntax for runs.
	FilterQuery
)

// Filterer is implemented by screens that accept the / filter.
type Filterer interface {
	FilterKind() FilterKind
	FilterPlaceholder() string
	// Filter is the filter now applied ("" none).
	Filter() string
	// SetFilter applies text; the returned Cmd may query the store.
	SetFilter(text string) tea.Cmd
	// FilterError is shown under the filter bar, e.g. the store's
	// "invalid parameter" message for a malformed filter ("" none).
	// A screen keeps its old rows when a filter fails.
	FilterError() string
}

// Focuser is implemented by screens that want to know when they are on top
// of the stack again (after the screen above was closed): a good moment to
// refresh.
type Focuser interface {
	Focused() tea.Cmd
}

// Releaser is implemented by screens holding resources beyond requests
// (the shell already cancels a screen's in-flight requests when it closes).
type Releaser interface {
	Release()
}
