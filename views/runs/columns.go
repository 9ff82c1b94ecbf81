package runs

import (
	"math"
	"strings"

	"mltui/client"
	"mltui/client/search"
	"mltui/config"
	"mltui/sysmetrics"
	"mltui/views/components/table"
)

// Column keys: fixed attribute columns and "m:<metric>" / "p:<param>".
const (
	colStatus   = "status"
	colName     = "name"
	colStarted  = "started"
	colDuration = "duration"
	colUser     = "user"
	metricPref  = "m:"
	paramPref   = "p:"
)

// Default column counts when nothing is remembered for an experiment.
const (
	defaultMetrics = 4
	defaultParams  = 3
)

// DefaultColumns picks the first few metrics and params present: the keys
// most runs have, ties broken by name, so the choice is stable. System
// metrics are left to the system screen; where runs logged GPU metrics,
// the GPU columns stand for them.
func DefaultColumns(runs []client.Run, nMetrics, nParams int) config.Columns {
	all, p := client.CommonKeys(runs, math.MaxInt, nParams)
	var c config.Columns
	c.Params = p
	for _, k := range all {
		if len(c.Metrics) == nMetrics {
			break
		}
		if !sysmetrics.IsSystem(k) {
			c.Metrics = append(c.Metrics, k)
		}
	}
	for _, r := range runs {
		if u, g := gpuKeys(r); len(u)+len(g) > 0 {
			for _, sc := range systemColumns {
				c.System = append(c.System, sc.key)
			}
			break
		}
	}
	return c
}

// tableColumns lays out the attribute columns and the chosen metric and
// param columns.
func tableColumns(c config.Columns) []table.Column {
	cols := []table.Column{
		{Key: colStatus, Title: "", Width: 1, Fixed: true},
		{Key: colName, Title: "NAME", Width: 22, Min: 12, Max: 48, Flex: true, Fixed: true},
		{Key: colStarted, Title: "AGE", Width: 4, Right: true},
		{Key: colDuration, Title: "DURATION", Width: 11, Min: 8, Right: true},
		{Key: colUser, Title: "USER", Width: 8, Min: 5},
	}
	for _, k := range c.Metrics {
		cols = append(cols, table.Column{Key: metricPref + k, Title: k, Width: keyWidth(k, 10), Min: 7, Right: true})
	}
	metric := map[string]bool{}
	for _, k := range c.Metrics {
		metric[k] = true
	}
	for _, k := range c.Params {
		title := k
		if metric[k] {
			title = "p." + k // a param named like a shown metric
		}
		cols = append(cols, table.Column{Key: paramPref + k, Title: title, Width: keyWidth(title, 8), Min: 6})
	}
	for _, k := range c.System {
		title := systemTitle(k)
		// room for the title and its sort arrow
		cols = append(cols, table.Column{Key: sysPref + k, Title: title, Width: max(12, len(title)+1), Min: 8, Right: true})
	}
	return cols
}

func keyWidth(k string, least int) int {
	return min(max(len([]rune(k)), least), 16)
}

// orderClause is the server-side order_by for a column, or "" when the
// column can only be sorted here (duration).
func orderClause(col string, desc bool) string {
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	switch {
	case col == colName:
		return "attributes.run_name" + dir
	case col == colStarted:
		return "attributes.start_time" + dir
	case col == colUser:
		return "attributes.user_id" + dir
	case col == colStatus:
		return "attributes.status" + dir
	case strings.HasPrefix(col, metricPref):
		return search.Name("metrics", col[len(metricPref):]) + dir
	case strings.HasPrefix(col, paramPref):
		return search.Name("params", col[len(paramPref):]) + dir
	}
	return ""
}

// defaultDesc is the natural direction for a newly chosen sort column:
// newest first for start time, best first for metrics.
func defaultDesc(col string, cfg *config.Config) bool {
	switch {
	case col == colStarted, col == colDuration, strings.HasPrefix(col, sysPref):
		return true
	case strings.HasPrefix(col, metricPref):
		return !cfg.LowerIsBetter(col[len(metricPref):])
	}
	return false
}
