// Package tui is mltui's interactive program: the root model owns the view
// stack, header and status bar, help, command line, filter bar, toasts,
// refresh ticks and the routing of async results. Screens live in views/.
package tui

import (
	"context"
	"time"

	"mltui/client"
	"mltui/config"
	"mltui/keys"
	"mltui/termimage"
	"mltui/theme"
	"mltui/views"
)

// Reopened is a store opened for another profile (":ctx NAME").
type Reopened struct {
	Store    client.Store
	Info     client.ServerInfo // at least Kind and the redacted URI
	ReadOnly bool
}

// Options configure the program. Store, Info and Config come from the cli,
// which resolved them; the tui never reads the environment itself.
type Options struct {
	Store    client.Store
	Info     client.ServerInfo // Kind and redacted URI; Describe fills the rest
	Profile  string
	Config   *config.Config
	Theme    *theme.Theme
	ReadOnly bool
	// Keys are the keymaps with the config's keys applied (default:
	// keys.Defaults()).
	Keys *keys.Map
	// Reopen opens the store of a config profile, for ":ctx NAME"; nil
	// disables the command.
	Reopen func(ctx context.Context, profile string) (Reopened, error)
	// Start is the first screen (default: experiments).
	Start views.OpenMsg
	// Factories maps screen kinds to constructors (default: Factories()).
	Factories map[views.Kind]views.Factory
	// InTmux wraps clipboard writes for tmux ($TMUX is set).
	InTmux bool
	// Now is the clock (tests pin it).
	Now func() time.Time
	// Timeout bounds each request (default 60 s).
	Timeout time.Duration
	// NoMouse leaves mouse reporting off (config "mouse: false"), so the
	// terminal's own selection works.
	NoMouse bool
	// Images is how pictures are drawn (Auto: half blocks).
	Images termimage.Mode
}
