package groups

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"mltui/client"
	"mltui/client/search"
	"mltui/format"
	"mltui/sweep"
	"mltui/views/components/listscreen"
	"mltui/views/components/table"
)

// regroup groups the runs again (the keys or metrics changed), then
// sorts and shows them.
func (m *Model) regroup() {
	lower := m.env.Config.LowerIsBetter
	m.groups = sweep.GroupBy(m.runs, m.by, m.metrics, lower)
	m.imps = nil
	if m.sortMetric != "" {
		m.imps = sweep.Importances(m.runs, m.sortMetric, sweep.VaryingParams(m.runs))
	}
	m.Table.SetColumns(m.columns())
	m.resort()
}

// resort orders the groups and each group's runs, keeping the cursor.
func (m *Model) resort() {
	m.order = listscreen.All(len(m.groups))
	switch m.sortAgg {
	case aggGroup:
		listscreen.SortStable(m.order, m.sortDesc, func(a, b int) int {
			return compareValues(m.groups[a].Values, m.groups[b].Values)
		})
	case "n":
		listscreen.SortStable(m.order, m.sortDesc, func(a, b int) int {
			return cmp.Compare(len(m.groups[a].Runs), len(m.groups[b].Runs))
		})
	default:
		m.order = sweep.Order(m.groups, m.sortMetric, m.sortAgg, m.sortDesc)
	}
	// A group's runs: best first by the sorted metric, NaN and missing last.
	lowerBetter := m.sortMetric != "" && m.env.Config.LowerIsBetter(m.sortMetric)
	m.members = make([][]int, len(m.groups))
	for g := range m.groups {
		runs := m.groups[g].Runs
		idx := listscreen.All(len(runs))
		if m.sortMetric != "" {
			// Each run's value read once, not once per comparison.
			vals := make([]float64, len(runs))
			for i := range runs {
				vals[i] = finite(runs[i], m.sortMetric)
			}
			slices.SortStableFunc(idx, func(a, b int) int { return compareValue(vals[a], vals[b], lowerBetter) })
		}
		m.members[g] = idx
	}
	var items []row
	for _, g := range m.order {
		items = append(items, row{g: g, run: -1})
		for _, r := range m.members[g] {
			items = append(items, row{g: g, run: r})
		}
	}
	m.SetItems(items)
	if m.sortAgg == aggGroup {
		m.Table.SetSort(colGroup, m.sortDesc)
	} else {
		m.Table.SetSort(statKey(m.sortAgg, m.sortMetric), m.sortDesc)
	}
}

// visible is the frame's order: every group matching the filter, with
// the runs of the unfolded ones under it.
func (m *Model) visible(items []row, filter string) []int {
	var heads []int
	for i, r := range items {
		if r.run < 0 {
			heads = append(heads, i)
		}
	}
	if filter != "" {
		heads = listscreen.Fuzzy(filter, heads, func(i int) string { return m.label(items[i].g) })
	}
	out := make([]int, 0, len(items))
	for _, h := range heads {
		out = append(out, h)
		if !m.expanded[m.rowID(items[h])] {
			continue
		}
		for j := h + 1; j < len(items) && items[j].run >= 0; j++ {
			out = append(out, j)
		}
	}
	return out
}

// toggle folds or unfolds group g, the cursor on the group.
func (m *Model) toggle(g int) {
	id := m.rowID(row{g: g, run: -1})
	m.expanded[id] = !m.expanded[id]
	m.Keep(id)
}

// label is the group's values as "lr=0.01 · hidden=64".
func (m *Model) label(g int) string {
	parts := make([]string, len(m.by))
	for i, k := range m.by {
		v := m.groups[g].Values[i]
		if v == "" {
			v = "(none)"
		}
		parts[i] = strings.TrimPrefix(k, "params.") + "=" + v
	}
	return strings.Join(parts, " · ")
}

// groupFilter is the MLflow filter that selects group g's runs (with the
// filter they came through); ok is false when MLflow cannot say it: a run
// without the param, or a value holding a single quote.
func (m *Model) groupFilter(g int) (string, bool) {
	clauses := []string{m.filter}
	for i, k := range m.by {
		v := m.groups[g].Values[i]
		if v == "" {
			return "", false
		}
		kind, name := "params", strings.TrimPrefix(k, "params.")
		if t, ok := strings.CutPrefix(k, "tags."); ok {
			kind, name = "tags", t
		}
		c, ok := search.Equals(kind, name, v)
		if !ok {
			return "", false
		}
		clauses = append(clauses, c)
	}
	return search.And(clauses...), true
}

// compareValues orders groups by their values, numbers as numbers.
func compareValues(a, b []string) int {
	for i := range min(len(a), len(b)) {
		x, ex := strconv.ParseFloat(a[i], 64)
		y, ey := strconv.ParseFloat(b[i], 64)
		c := 0
		if ex == nil && ey == nil {
			c = cmp.Compare(x, y)
		} else {
			c = strings.Compare(a[i], b[i])
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// compareValue puts the better value first; NaN (missing, NaN or
// infinite: see finite) goes last.
func compareValue(x, y float64, lowerBetter bool) int {
	xbad, ybad := math.IsNaN(x), math.IsNaN(y)
	switch {
	case xbad || ybad:
		return cmp.Compare(boolInt(xbad), boolInt(ybad))
	case lowerBetter:
		return cmp.Compare(x, y)
	}
	return cmp.Compare(y, x)
}

// finite is the run's value of metric, NaN when it has none or it is
// not finite.
func finite(r client.Run, metric string) float64 {
	mt, ok := r.Metric(metric)
	if !ok || math.IsInf(mt.Value, 0) {
		return math.NaN()
	}
	return mt.Value
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Column keys: the group (or run name), its size, then per metric its
// aggregates "mean:val_loss", "std:val_loss", ….
const (
	colGroup = "group"
	colN     = "n"
)

var aggs = []string{"mean", "std", "min", "max"}

func statKey(agg, metric string) string {
	if agg == "n" {
		return colN
	}
	return agg + ":" + metric
}

func (m *Model) columns() []table.Column {
	// The group column is as wide as its longest label (a fold glyph and
	// a space more), within reason: the aggregates scroll sideways.
	labelW := 14
	for g := range m.groups {
		labelW = max(labelW, format.TextWidth(m.label(g))+2)
	}
	cols := []table.Column{
		{Key: colGroup, Title: "group", Width: min(labelW, 48), Min: 14, Fixed: true},
		{Key: colN, Title: "runs", Width: 5, Right: true, Fixed: true},
	}
	for _, mt := range m.metrics {
		for i, a := range aggs {
			title := a
			if i == 0 {
				title = mt + " mean"
			}
			w := 10
			if i == 0 {
				w = max(min(format.TextWidth(mt)+7, 24), 10)
			}
			cols = append(cols, table.Column{Key: statKey(a, mt), Title: title, Width: w, Right: true})
		}
	}
	return cols
}
