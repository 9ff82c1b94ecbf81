package views

import (
	"time"

	"mltui/client"
	"mltui/config"
	"mltui/keys"
	"mltui/termimage"
	"mltui/theme"
)

// ScreenID identifies one pushed screen; the shell assigns it.
type ScreenID uint64

// Shared is the state every screen can read, owned by the shell. Screens
// read it in Update and View; only the shell replaces Store, Info and
// Profile (on ":ctx NAME"), and it rebuilds the stack when it does.
type Shared struct {
	Store    client.Store
	Info     client.ServerInfo // kind, redacted URI, version, user
	Profile  string
	Config   *config.Config // never nil; Save() persists column choices
	Theme    *theme.Theme
	Marks    *Marks // runs marked with space, for chart and diff
	ReadOnly bool   // --read-only or a read-only profile: hide/refuse writes
	// Keys are every screen's keymap, the config's keys applied; screens
	// take theirs from here when they are built.
	Keys *keys.Map
	// Now is the clock (tests pin it).
	Now func() time.Time
	// Timeout bounds each Load (default 60 s).
	Timeout time.Duration
	// Images is how pictures are drawn (never Auto: the shell resolves
	// it); ImagesInTmux wraps their escapes for tmux's passthrough.
	Images       termimage.Mode
	ImagesInTmux bool

	flights *Flights
	writes  *Writes
}

// NewShared fills defaults for anything left zero.
func NewShared(s Shared) *Shared {
	sh := s
	if sh.Config == nil {
		c := config.Defaults()
		sh.Config = &c
	}
	if sh.Theme == nil {
		sh.Theme = theme.New(theme.ModeDark)
	}
	if sh.Keys == nil {
		sh.Keys = keys.Defaults()
	}
	if sh.Marks == nil {
		sh.Marks = NewMarks()
	}
	if sh.Now == nil {
		sh.Now = time.Now
	}
	if sh.Images == termimage.Auto {
		sh.Images = termimage.HalfBlocks
	}
	if sh.Timeout == 0 {
		sh.Timeout = 60 * time.Second
	}
	sh.flights = newFlights()
	sh.writes = &Writes{}
	return &sh
}

// Flights is the registry of requests in flight (spinner, retry progress,
// cancel with esc).
func (s *Shared) Flights() *Flights { return s.flights }

// Writes are the registry writes under way (the dashboard lets them
// finish before it ends).
func (s *Shared) Writes() *Writes { return s.writes }

// Styles are the theme's styles.
func (s *Shared) Styles() *theme.Styles { return &s.Theme.Styles }

// RefreshInterval is how often live screens re-query.
func (s *Shared) RefreshInterval() time.Duration {
	if d := s.Config.RefreshInterval.Duration; d > 0 {
		return d
	}
	return 5 * time.Second
}

// StaleAfter is how long a RUNNING run may log nothing before it is
// flagged stale.
func (s *Shared) StaleAfter() time.Duration {
	if d := s.Config.StaleAfter.Duration; d > 0 {
		return d
	}
	return 10 * time.Minute
}

// Env is what a screen holds: the shared state plus its own identity, so
// the requests it starts come back to it.
type Env struct {
	*Shared
	Screen ScreenID
}

// Factory builds a screen for an OpenMsg. Each screen package exports one
// (e.g. runs.New); the shell's table in tui/screens.go maps Kinds to them.
type Factory func(env Env, req OpenMsg) (Screen, error)
