package system

import (
	"fmt"
	"math"
	"slices"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/chart"
	"mltui/format"
	"mltui/views/components/listscreen"
	"mltui/views/components/table"
)

const (
	colGroup  = "group"
	colMetric = "metric"
	colTrend  = "trend"
	colNow    = "now"
	colMean   = "mean"
	colMax    = "max"
)

// Label columns are as wide as their longest label within these bounds,
// so that at 80 columns the trend gets what short labels leave.
const (
	groupMax  = 14
	metricMax = 24
)

// trendWidth is the trend column's width for a table tw cells wide: what
// the other columns (labels g and mt wide, three numbers, separators)
// leave, within reason.
func trendWidth(tw, g, mt int) int { return min(max(tw-g-mt-34, 8), 120) }

func columns(trend, g, mt int) []table.Column {
	return []table.Column{
		{Key: colGroup, Title: "GROUP", Width: g, Min: min(g, 8), Fixed: true},
		{Key: colMetric, Title: "METRIC", Width: mt, Min: min(mt, 12), Fixed: true},
		{Key: colTrend, Title: "TREND", Width: trend},
		{Key: colNow, Title: "NOW", Width: 9, Right: true},
		{Key: colMean, Title: "MEAN", Width: 9, Right: true},
		{Key: colMax, Title: "MAX", Width: 9, Right: true},
	}
}

// metricLabel is the metric column's text: the name and unit, or for an
// idle GPU's one row while folded, how many more it hides.
func (m *Model) metricLabel(s Series) string {
	if m.idle[s.Key.Group()] && !m.showIdle {
		return fmt.Sprintf("idle · %d more folded", m.foldedCount(s.Key.Group()))
	}
	if s.Key.Unit != "" {
		return s.Key.Name + " (" + s.Key.Unit + ")"
	}
	return s.Key.Name
}

// labelWidths are the label columns' widths for every series (not only
// those a filter shows, so typing one does not shift the columns).
func (m *Model) labelWidths() (g, mt int) {
	g, mt = len("GROUP"), len("METRIC")
	for _, s := range m.Items() {
		g = max(g, ansi.StringWidth(s.Key.Group()))
		mt = max(mt, ansi.StringWidth(m.metricLabel(s)))
	}
	return min(g, groupMax), min(mt, metricMax)
}

// layout sets the columns for the table's width and the labels shown.
func (m *Model) layout() {
	tw, _ := m.TableSize()
	g, mt := m.labelWidths()
	m.Table.SetColumns(columns(trendWidth(tw, g, mt), g, mt))
}

// Hint is what the screen says for a run without system metrics.
const Hint = "no system metrics: enable them with mlflow.enable_system_metrics_logging() or " +
	"MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING=true before the run starts (psutil; pynvml for GPUs)"

// View draws the table, the selected series' details and the footer.
func (m *Model) View() string {
	body := m.Body(m, listscreen.Text{
		Loading: "loading the run's system metrics…",
		Failed:  "could not load the run's system metrics",
		Retry:   "r retries",
		Empty:   Hint,
		NoMatch: "no system metric matches",
	})
	var parts []string
	if n := len(m.idle); n > 0 {
		word := "unfold"
		if m.showIdle {
			word = "fold"
		}
		parts = append(parts, fmt.Sprintf("%d idle GPU%s · i %s", n, plural(n), word))
	}
	if m.t1 > m.t0 {
		parts = append(parts, "over "+format.Duration(time.Duration(m.t1-m.t0)*time.Millisecond))
	}
	return m.Compose(body, m.details, m.Footer("series", parts...))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (m *Model) details(w int) string {
	s, ok := m.Selected()
	if !ok || w < 10 {
		return ""
	}
	d := listscreen.NewDetails(m.env.Styles(), w, 6)
	d.Title(s.Key.Raw)
	samples := fmt.Sprintf("%d samples", s.Sum.N)
	if s.Sum.NaN > 0 {
		samples += fmt.Sprintf(" (+%d NaN)", s.Sum.NaN)
	}
	if iv, ok := interval(s.Times); ok {
		samples += " · every " + format.Duration(iv)
	}
	d.KV("n", samples)
	if s.Sum.N > 0 {
		d.KV("last", format.Timestamp(format.Millis(s.Sum.At)))
	}
	return d.String()
}

// interval is the median time between samples: the sampling interval.
func interval(ts []int64) (time.Duration, bool) {
	if len(ts) < 2 {
		return 0, false
	}
	ds := make([]int64, 0, len(ts)-1)
	for i := 1; i < len(ts); i++ {
		ds = append(ds, ts[i]-ts[i-1])
	}
	slices.Sort(ds)
	return time.Duration(ds[len(ds)/2]) * time.Millisecond, true
}

// Cell is the text of one cell (table.Source).
func (m *Model) Cell(row int, col table.Column) string {
	s := m.Row(row)
	switch col.Key {
	case colGroup:
		return s.Key.Group()
	case colMetric:
		return m.metricLabel(s)
	case colTrend:
		// Shares on 0–100; amounts from zero up, as a monitor draws them,
		// so a flat 3385 MB does not swing with its last decimal.
		lo, hi := 0.0, math.NaN()
		if s.Key.Percent() {
			hi = 100
		}
		return chart.Spark(s.Times, s.Values, m.t0, m.t1, col.Width, lo, hi)
	case colNow:
		return value(s.Sum.Current, s.Sum.N)
	case colMean:
		return value(s.Sum.Mean, s.Sum.N)
	case colMax:
		return value(s.Sum.Max, s.Sum.N)
	}
	return ""
}

func value(v float64, n int) string {
	if n == 0 {
		return "-"
	}
	return format.Reading(v)
}

// RowKind dims an idle GPU's row (table.Source).
func (m *Model) RowKind(row int) table.RowKind {
	if m.idle[m.Row(row).Key.Group()] {
		return table.RowDim
	}
	return table.RowNormal
}

// Accent colours the trend (table.Source).
func (m *Model) Accent(row int, col table.Column) (lipgloss.Style, bool) {
	if col.Key == colTrend && !m.idle[m.Row(row).Key.Group()] {
		return m.env.Styles().Accent, true
	}
	return lipgloss.Style{}, false
}
