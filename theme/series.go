package theme

import (
	"hash/fnv"
	"image/color"

	"charm.land/lipgloss/v2"
)

// Series palettes: 256-colour indexes picked to stay apart from each other
// on both 256-colour and true-colour terminals (hue steps of ~25°, similar
// lightness), so two runs on one chart never share a colour by accident
// unless more runs than colours are drawn.
var (
	seriesDark  = []string{"39", "208", "41", "197", "141", "220", "44", "166", "112", "170", "75", "215", "36", "204", "105", "185"}
	seriesLight = []string{"25", "166", "28", "161", "91", "136", "30", "130", "64", "127", "32", "172", "29", "125", "61", "100"}
)

// SeriesCount is how many distinct series colours there are.
func SeriesCount() int { return len(seriesDark) }

// SeriesIndex is a run's stable slot in the series palette (FNV-1a of the
// run ID), the same in every session and on every screen.
func SeriesIndex(runID string) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(runID))
	return int(h.Sum32() % uint32(len(seriesDark)))
}

// SeriesColor is a run's stable colour on the dark palette.
func SeriesColor(runID string) color.Color {
	return lipgloss.Color(seriesDark[SeriesIndex(runID)])
}

// SeriesSlots gives each run of a set its own slot: the hashed slot when it
// is free, otherwise the next free one. The first run keeps its hashed
// colour, so adding runs to a chart never recolours the ones already there
// as long as they are appended. Past SeriesCount runs slots repeat.
func SeriesSlots(runIDs []string) []int {
	n := len(seriesDark)
	used := make([]bool, n)
	out := make([]int, len(runIDs))
	for i, id := range runIDs {
		slot := SeriesIndex(id)
		if i < n {
			for used[slot] {
				slot = (slot + 1) % n
			}
			used[slot] = true
		}
		out[i] = slot
	}
	return out
}

// SeriesColorAt is the colour of a palette slot for this theme (no colour
// in no-colour mode: charts then tell series apart by their legend glyphs).
func (t *Theme) SeriesColorAt(slot int) color.Color {
	if t.NoColor {
		return lipgloss.NoColor{}
	}
	list := seriesDark
	if !t.Dark {
		list = seriesLight
	}
	return lipgloss.Color(list[((slot%len(list))+len(list))%len(list)])
}

// SeriesColor is a run's stable colour for this theme.
func (t *Theme) SeriesColor(runID string) color.Color { return t.SeriesColorAt(SeriesIndex(runID)) }
