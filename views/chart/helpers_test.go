package chart

import (
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"
)

type timeT = time.Time

func strconvG(v float64) string { return strconv.FormatFloat(v, 'g', 5, 64) }

// flatten lists the commands of a batch.
func flatten(cmd tea.Cmd) []tea.Cmd {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Cmd
		for _, c := range b {
			out = append(out, flatten(c)...)
		}
		return out
	}
	return []tea.Cmd{func() tea.Msg { return msg }}
}
