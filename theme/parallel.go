package theme

import "charm.land/lipgloss/v2"

// The parallel-coordinates ramp: a run's line colour from the low end of
// the coloured metric to the high end (blue, teal, green, amber, orange),
// 256-colour indexes like the series palette.
var (
	rampDark  = []string{"33", "37", "71", "178", "202"}
	rampLight = []string{"25", "30", "28", "136", "166"}
)

// ParallelStyles are the parallel-coordinates screen's paints.
type ParallelStyles struct {
	Ramp        []lipgloss.Style // brushed-in lines, low to high
	Out         lipgloss.Style   // brushed-out lines
	Axis        lipgloss.Style   // an axis line
	AxisFocused lipgloss.Style   // the focused axis' line and name
	Brush       lipgloss.Style   // the brushed part of an axis, chosen lanes
	Cursor      lipgloss.Style   // the lane cursor on a categorical axis
	Name        lipgloss.Style   // an axis' name
	Label       lipgloss.Style   // tick and lane labels
}

// Parallel builds the parallel-coordinates paints for this theme. Without
// colour every brushed-in line is plain and brushed-out ones are faint.
func (t *Theme) Parallel() ParallelStyles {
	s := &t.Styles
	p := ParallelStyles{
		Out:         s.Subtle.Faint(t.NoColor),
		Axis:        s.Muted,
		AxisFocused: s.Primary.Bold(true),
		Brush:       s.Accent.Bold(true),
		Cursor:      s.Accent.Bold(true).Reverse(true),
		Name:        s.TableHeader,
		Label:       s.Muted,
	}
	list := rampDark
	if !t.Dark {
		list = rampLight
	}
	for _, c := range list {
		st := lipgloss.NewStyle().Foreground(lipgloss.Color(c))
		if t.NoColor {
			st = s.Base
		}
		p.Ramp = append(p.Ramp, st)
	}
	return p
}
