package chart

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	plot "mltui/chart"
	"mltui/client"
	"mltui/sweep"
	"mltui/theme"
	"mltui/views"
)

// bandGroup is one group of runs drawn as a band: the runs that share the
// grouped params' values.
type bandGroup struct {
	label string   // "lr=0.1 · hidden=64"
	ids   []string // member runs, in the screen's run order
	slot  int
}

// buildGroups groups the runs by the keys the screen was opened with, in
// order of first appearance (the groups screen hands its runs over in its
// display order, so the chart's groups are the same and in the same order).
func (m *Model) buildGroups() {
	if len(m.by) == 0 || m.groups != nil {
		return
	}
	runs := make([]client.Run, 0, len(m.ids))
	for _, id := range m.ids {
		runs = append(runs, m.runs[id])
	}
	gs := sweep.GroupBy(runs, m.by, nil, nil)
	labels := make([]string, len(gs))
	for i, g := range gs {
		parts := make([]string, len(g.Values))
		for j, v := range g.Values {
			if v == "" {
				v = "(none)"
			}
			parts[j] = strings.TrimPrefix(m.by[j], "params.") + "=" + v
		}
		labels[i] = strings.Join(parts, " · ")
	}
	slots := theme.SeriesSlots(labels)
	m.groups = make([]bandGroup, len(gs))
	for i, g := range gs {
		ids := make([]string, len(g.Runs))
		for j, r := range g.Runs {
			ids[j] = r.Info.RunID
		}
		m.groups[i] = bandGroup{label: labels[i], ids: ids, slot: slots[i]}
	}
}

// bandsOn is whether the charts draw groups as bands now.
func (m *Model) bandsOn() bool { return m.banded && len(m.groups) > 0 }

// applyBands hands a panel's histories to its chart as one band per group.
// A group's mean is recomputed only when a member's data changed.
func (m *Model) applyBands(p *panel) {
	bands := make([]plot.Band, 0, len(m.groups))
	for _, g := range m.groups {
		members := make([]*plot.Series, 0, len(g.ids))
		for _, id := range g.ids {
			if sn, ok := p.snaps[id]; ok {
				members = append(members, plot.SeriesOf(sn, m.runName(id), g.slot))
			}
		}
		if len(members) == 0 {
			continue
		}
		rev := plot.MembersRev(members)
		mean, ok := p.means[g.label]
		if !ok || mean.rev != rev {
			mean = cachedMean{rev, plot.MeanOf("band:"+g.label, g.label, g.slot, members)}
			p.means[g.label] = mean
		}
		bands = append(bands, plot.Band{Mean: mean.s, Members: members})
	}
	p.plot.SetBands(bands)
}

// cachedMean is a group's mean series and the members' identity it was
// computed from.
type cachedMean struct {
	rev uint64
	s   *plot.Series
}

// toggleBands switches between the groups' bands and the runs one by one.
func (m *Model) toggleBands() tea.Cmd {
	if len(m.groups) == 0 {
		return views.Toast(views.LevelInfo, "no groups to draw: open the chart from the groups screen (b on the runs table)")
	}
	m.banded = !m.banded
	m.applyAll()
	m.layout()
	return nil
}

// legendRows is how many legend lines the focused chart has.
func (m *Model) legendRows() int {
	if m.bandsOn() {
		return len(m.groups)
	}
	return len(m.ids)
}

// legendNoun is what a legend row stands for.
func (m *Model) legendNoun() string {
	if m.bandsOn() {
		return "group"
	}
	return "run"
}
