package tui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/format"
	"mltui/views"
)

// copy puts text on the clipboard with OSC52. Inside tmux the sequence is
// sent twice: as is (tmux forwards it when set-clipboard is on) and wrapped
// in tmux's DCS passthrough (reaches the outer terminal when
// allow-passthrough is on), so either tmux setting works.
func (m *Model) copy(c views.CopyMsg) tea.Cmd {
	cmds := []tea.Cmd{tea.SetClipboard(c.Text)}
	if m.opts.InTmux {
		cmds = append(cmds, tea.Raw(ansi.TmuxPassthrough(ansi.SetSystemClipboard(c.Text))))
	}
	what := c.What
	if what == "" {
		what = "text"
	}
	// The clipboard gets the raw value (base64 inside OSC 52: it cannot
	// end the sequence); the toast shows it as text.
	cmds = append(cmds, views.Toast(views.LevelSuccess, "copied %s %s", what, format.Visible(c.Text)))
	return tea.Batch(cmds...)
}
