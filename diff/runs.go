package diff

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"mltui/client"
	"mltui/config"
)

var inf = math.Inf(1)

// Options control how a diff is computed.
type Options struct {
	// Baseline is the column deltas are measured against (clamped to the columns).
	Baseline int
	// LowerIsBetter decides the direction of "best" per metric; nil guesses
	// from the name (config.LooksLikeLoss). Pass config.Config.LowerIsBetter
	// to honour per-metric goals.
	LowerIsBetter func(metric string) bool
	// History adds min and max rows per metric, filled from Stats; absent
	// entries show as pending.
	History bool
	Stats   map[StatKey]Stats
	// Now is used for the duration of runs still running; zero shows "running".
	Now time.Time
	// Location for start times; nil means UTC.
	Location *time.Location
}

func (o Options) lower(metric string) bool {
	if o.LowerIsBetter != nil {
		return o.LowerIsBetter(metric)
	}
	return config.LooksLikeLoss(metric)
}

func (o Options) loc() *time.Location {
	if o.Location != nil {
		return o.Location
	}
	return time.UTC
}

// hiddenTags are run tags shown elsewhere (the column header, the user
// row) or too noisy to compare (a JSON log of every model save).
var hiddenTags = map[string]bool{
	"mlflow.runName":           true,
	"mlflow.user":              true,
	"mlflow.log-model.history": true,
}

// Runs compares runs side by side: one column per run, rows for
// attributes, params, metrics (latest, and min/max with Options.History),
// tags and dataset inputs.
func Runs(runs []client.Run, o Options) Table {
	t := Table{Baseline: clamp(o.Baseline, len(runs))}
	for _, r := range runs {
		t.Columns = append(t.Columns, Column{RunID: r.Info.RunID, Label: r.Name(), Sub: shortID(r.Info.RunID)})
	}
	if len(runs) == 0 {
		return t
	}
	n := len(runs)
	add := func(sec Section, key string, get func(client.Run) (string, bool)) {
		row := Row{Section: sec, Key: key, Cells: make([]Cell, n)}
		for i, r := range runs {
			row.Cells[i] = textCell(get(r))
		}
		finish(&row, t.Baseline)
		t.Rows = append(t.Rows, row)
	}

	// Attributes.
	add(SectionAttributes, "status", func(r client.Run) (string, bool) { return string(r.Info.Status), r.Info.Status != "" })
	durRow := Row{Section: SectionAttributes, Key: "duration", Cells: make([]Cell, n)}
	for i, r := range runs {
		durRow.Cells[i] = durationCell(r.Info, o.Now)
	}
	finish(&durRow, t.Baseline)
	t.Rows = append(t.Rows, durRow)
	add(SectionAttributes, "user", func(r client.Run) (string, bool) {
		if r.Info.UserID != "" {
			return r.Info.UserID, true
		}
		return r.Tag("mlflow.user")
	})
	add(SectionAttributes, "start", func(r client.Run) (string, bool) {
		if r.Info.StartTime == 0 {
			return "", false
		}
		return formatTime(r.Info.StartTime, o.loc()), true
	})
	add(SectionAttributes, "experiment", func(r client.Run) (string, bool) { return r.Info.ExperimentID, r.Info.ExperimentID != "" })
	add(SectionAttributes, "lifecycle", func(r client.Run) (string, bool) { return r.Info.LifecycleStage, r.Info.LifecycleStage != "" })

	// Params and tags, looked up through per-run indexes: a linear search
	// per cell is quadratic in the number of keys.
	idx := indexRuns(runs)
	addIndexed := func(sec Section, key string, get func(i int) (string, bool)) {
		row := Row{Section: sec, Key: key, Cells: make([]Cell, n)}
		for i := range runs {
			row.Cells[i] = textCell(get(i))
		}
		finish(&row, t.Baseline)
		t.Rows = append(t.Rows, row)
	}
	for _, k := range unionKeys(runs, func(r client.Run) []string { return paramKeys(r.Data.Params) }) {
		addIndexed(SectionParams, k, func(i int) (string, bool) { v, ok := idx[i].params[k]; return v, ok })
	}

	// Metrics.
	t.Rows = append(t.Rows, metricRows(runs, idx, t.Baseline, o)...)

	// Tags.
	for _, k := range unionKeys(runs, func(r client.Run) []string { return tagKeys(r.Data.Tags) }) {
		addIndexed(SectionTags, k, func(i int) (string, bool) { v, ok := idx[i].tags[k]; return v, ok })
	}

	// Datasets, keyed by their context (training, eval…).
	for _, k := range unionKeys(runs, func(r client.Run) []string { return datasetContexts(r.Inputs.Datasets) }) {
		add(SectionDatasets, k, func(r client.Run) (string, bool) { return datasetsIn(r.Inputs.Datasets, k) })
	}
	return t
}

// runIndex holds one run's values by key.
type runIndex struct {
	params  map[string]string
	tags    map[string]string
	metrics map[string]float64
}

func indexRuns(runs []client.Run) []runIndex {
	out := make([]runIndex, len(runs))
	for i, r := range runs {
		x := runIndex{params: make(map[string]string, len(r.Data.Params)), tags: make(map[string]string, len(r.Data.Tags)),
			metrics: make(map[string]float64, len(r.Data.Metrics))}
		// First wins, as Run.Param/Tag/Metric do.
		for _, p := range r.Data.Params {
			if _, ok := x.params[p.Key]; !ok {
				x.params[p.Key] = p.Value
			}
		}
		for _, t := range r.Data.Tags {
			if _, ok := x.tags[t.Key]; !ok {
				x.tags[t.Key] = t.Value
			}
		}
		for _, m := range r.Data.Metrics {
			if _, ok := x.metrics[m.Key]; !ok {
				x.metrics[m.Key] = m.Value
			}
		}
		out[i] = x
	}
	return out
}

// metricRows builds the latest (and min/max) rows of every metric any run has.
func metricRows(runs []client.Run, idx []runIndex, base int, o Options) []Row {
	var rows []Row
	keys := unionKeys(runs, func(r client.Run) []string {
		ks := make([]string, len(r.Data.Metrics))
		for i, m := range r.Data.Metrics {
			ks[i] = m.Key
		}
		return ks
	})
	stats := []Stat{StatLatest}
	if o.History {
		stats = append(stats, StatMin, StatMax)
	}
	for _, k := range keys {
		lower := o.lower(k)
		for _, st := range stats {
			if st != StatLatest && flatHistories(runs, idx, k, o.Stats) {
				break // min and max would repeat the latest value
			}
			row := Row{Section: SectionMetrics, Key: k, Stat: st, Lower: lower, Cells: make([]Cell, len(runs))}
			for i, r := range runs {
				row.Cells[i] = metricCell(r.Info.RunID, idx[i], k, st, o.Stats)
			}
			finish(&row, base)
			rows = append(rows, row)
		}
	}
	return rows
}

// flatHistories reports whether every run's history of key is known and
// holds only its latest value (one point, or all equal), so min and max
// rows would say nothing new. Unknown or failed histories keep the rows.
func flatHistories(runs []client.Run, idx []runIndex, key string, stats map[StatKey]Stats) bool {
	for i, r := range runs {
		v, ok := idx[i].metrics[key]
		if !ok {
			continue
		}
		s, ok := stats[StatKey{RunID: r.Info.RunID, Key: key}]
		if !ok || s.Err != nil || !sameNumber(s.Min, v) || !sameNumber(s.Max, v) {
			return false
		}
	}
	return true
}

func metricCell(runID string, x runIndex, key string, st Stat, stats map[StatKey]Stats) Cell {
	v, ok := x.metrics[key]
	if !ok {
		return missingCell()
	}
	if st == StatLatest {
		return numCell(v)
	}
	s, ok := stats[StatKey{RunID: runID, Key: key}]
	switch {
	case !ok:
		return Cell{Text: "…", Pending: true}
	case s.Err != nil:
		return Cell{Text: "error", Raw: s.Err.Error(), Failed: true}
	case st == StatMin:
		return numCell(s.Min)
	default:
		return numCell(s.Max)
	}
}

func durationCell(info client.RunInfo, now time.Time) Cell {
	if info.StartTime == 0 {
		return missingCell()
	}
	end, suffix := info.EndTime, ""
	if end == 0 {
		if now.IsZero() || info.Status != client.StatusRunning {
			return Cell{Text: "running", Raw: "running"}
		}
		end, suffix = now.UnixMilli(), " (running)"
	}
	ms := max(end-info.StartTime, 0)
	text := FormatDuration(time.Duration(ms)*time.Millisecond) + suffix
	return Cell{Text: text, Raw: text, Num: float64(ms) / 1000, IsNum: true}
}

// FormatDuration is a compact duration: 450ms, 12.3s, 3m05s, 2h03m, 3d04h.
func FormatDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd%02dh", int(d.Hours())/24, int(d.Hours())%24)
}

func formatTime(ms int64, loc *time.Location) string {
	return time.UnixMilli(ms).In(loc).Format("2006-01-02 15:04:05")
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

func clamp(i, n int) int {
	if i < 0 || n == 0 {
		return 0
	}
	if i >= n {
		return n - 1
	}
	return i
}

// unionKeys is the sorted union of the keys each run has.
func unionKeys(runs []client.Run, keys func(client.Run) []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range runs {
		for _, k := range keys(r) {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func paramKeys(ps []client.Param) []string {
	ks := make([]string, len(ps))
	for i, p := range ps {
		ks[i] = p.Key
	}
	return ks
}

func tagKeys(ts []client.Tag) []string {
	ks := make([]string, 0, len(ts))
	for _, t := range ts {
		if !hiddenTags[t.Key] {
			ks = append(ks, t.Key)
		}
	}
	return ks
}

func datasetContext(d client.DatasetInput) string {
	if c := d.Context(); c != "" {
		return c
	}
	return "input"
}

func datasetContexts(ds []client.DatasetInput) []string {
	ks := make([]string, len(ds))
	for i, d := range ds {
		ks[i] = datasetContext(d)
	}
	return ks
}

// datasetsIn names the datasets a run used in one context, as name@digest.
func datasetsIn(ds []client.DatasetInput, context string) (string, bool) {
	var parts []string
	for _, d := range ds {
		if datasetContext(d) == context {
			parts = append(parts, d.Dataset.Name+"@"+d.Dataset.Digest)
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ", "), len(parts) > 0
}
