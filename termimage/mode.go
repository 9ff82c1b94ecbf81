// Package termimage draws images in a terminal: with the Kitty graphics
// protocol (Unicode placeholders, so the image lives in ordinary cells and
// survives tmux), iTerm2 inline images, Sixel, or Unicode half blocks in
// truecolor, which every terminal can show. It decodes with bounds and
// writes escape sequences; it does no I/O of its own.
package termimage

import (
	"fmt"
	"strings"
)

// Mode is how images are drawn.
type Mode int

const (
	// Auto picks a mode from the environment (Detect).
	Auto Mode = iota
	// HalfBlocks draws ▀ cells, the top pixel in the foreground colour and
	// the bottom one in the background: two pixels per cell, anywhere.
	HalfBlocks
	// Kitty uses the Kitty graphics protocol with Unicode placeholders
	// (kitty, ghostty, WezTerm's partial support aside).
	Kitty
	// ITerm2 uses OSC 1337 inline images (iTerm2, WezTerm, VS Code).
	ITerm2
	// Sixel uses DEC sixel graphics (xterm -ti vt340, foot, mlterm,
	// Windows Terminal).
	Sixel
	// None shows no pixels, only what the image is.
	None
)

var modeNames = [...]string{"auto", "halfblocks", "kitty", "iterm2", "sixel", "none"}

func (m Mode) String() string {
	if m < 0 || int(m) >= len(modeNames) {
		return fmt.Sprintf("Mode(%d)", int(m))
	}
	return modeNames[m]
}

// ParseMode reads a mode as the config and --images name it.
func ParseMode(s string) (Mode, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return Auto, nil
	}
	for i, n := range modeNames {
		if s == n {
			return Mode(i), nil
		}
	}
	return Auto, fmt.Errorf("images: unknown mode %q (want %s)", s, strings.Join(modeNames[:], ", "))
}

// Detect picks a mode from the environment alone (no terminal queries: a
// reply could arrive as keys, and over SSH it may never come):
//   - kitty: TERM=xterm-kitty (forwarded over SSH), KITTY_WINDOW_ID, or
//     TERM_PROGRAM ghostty;
//   - iTerm2 inline images: TERM_PROGRAM iTerm.app, WezTerm, vscode, or
//     LC_TERMINAL=iTerm2 (which iTerm2 sends over SSH);
//   - Sixel: TERM names a terminal known to speak it (foot, mlterm, yaft,
//     contour) or MLTUI_SIXEL=1;
//   - half blocks otherwise, and when TERM is dumb or unset, none.
//
// Inside tmux TERM and TERM_PROGRAM describe tmux, so the outer terminal
// is read from what tmux passed on (KITTY_WINDOW_ID, LC_TERMINAL); the
// escapes then need passthrough (Passthrough).
func Detect(getenv func(string) string) Mode {
	term, prog := getenv("TERM"), getenv("TERM_PROGRAM")
	switch {
	case term == "" || term == "dumb":
		return None
	case term == "xterm-kitty", getenv("KITTY_WINDOW_ID") != "", prog == "ghostty", term == "xterm-ghostty":
		return Kitty
	case prog == "iTerm.app", prog == "WezTerm", prog == "vscode", getenv("LC_TERMINAL") == "iTerm2":
		return ITerm2
	case getenv("MLTUI_SIXEL") == "1", strings.HasPrefix(term, "foot"), strings.HasPrefix(term, "mlterm"),
		strings.HasPrefix(term, "yaft"), strings.HasPrefix(term, "contour"):
		return Sixel
	}
	return HalfBlocks
}

// InTmux reports whether the escapes must be wrapped for tmux.
func InTmux(getenv func(string) string) bool { return getenv("TMUX") != "" }

// Passthrough wraps an escape sequence so tmux hands it to the outer
// terminal: DCS tmux; with every ESC doubled, then ST. tmux 3.3 and later
// pass it on only with `set -g allow-passthrough on`.
func Passthrough(seq string) string {
	return "\x1bPtmux;" + strings.ReplaceAll(seq, "\x1b", "\x1b\x1b") + "\x1b\\"
}
