package diff

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/config"
)

func TestDiffOnlyHidesIdenticalRowsBehindFolds(t *testing.T) {
	a := run("a", map[string]string{"n_estimators": "100", "max_depth": "5", "criterion": "gini"}, map[string]float64{"accuracy": 0.9, "f1": 0.8})
	b := run("b", map[string]string{"n_estimators": "200", "max_depth": "5", "criterion": "gini"}, map[string]float64{"accuracy": 0.95, "f1": 0.8})
	tb := Runs([]client.Run{a, b}, Options{})

	got := visible(tb, View{DiffOnly: true})
	for _, want := range []string{"params/n_estimators", "metrics/accuracy", "fold:params:2", "fold:metrics:1"} {
		if !slices.Contains(got, want) {
			t.Errorf("diff-only view lacks %q: %v", want, got)
		}
	}
	for _, hidden := range []string{"params/max_depth", "params/criterion", "metrics/f1", "attributes/status"} {
		if slices.Contains(got, hidden) {
			t.Errorf("diff-only view shows identical row %q", hidden)
		}
	}

	open := visible(tb, View{DiffOnly: true, Open: map[Section]bool{SectionParams: true}})
	if !slices.Contains(open, "params/max_depth") || !slices.Contains(open, "params/criterion") {
		t.Errorf("opened params fold does not show identical params: %v", open)
	}
	if slices.Contains(open, "metrics/f1") {
		t.Errorf("opening params also opened metrics: %v", open)
	}

	all := visible(tb, View{})
	if !slices.Contains(all, "params/max_depth") || slices.ContainsFunc(all, func(s string) bool { return strings.HasPrefix(s, "fold:") }) {
		t.Errorf("full view should list every row without folds: %v", all)
	}
	if n := findRow(t, tb, SectionParams, "n_estimators", StatNone); !n.Cells[1].Changed || n.Cells[0].Changed {
		t.Errorf("n_estimators: changed flags = %v/%v, want baseline false, other true", n.Cells[0].Changed, n.Cells[1].Changed)
	}
}

func TestBestFollowsMetricDirection(t *testing.T) {
	runs := []client.Run{
		run("a", nil, map[string]float64{"val_loss": 0.5, "accuracy": 0.8, "speed": 10}),
		run("b", nil, map[string]float64{"val_loss": 0.3, "accuracy": 0.9, "speed": 20}),
		run("c", nil, map[string]float64{"val_loss": 0.4, "accuracy": 0.7, "speed": 30}),
	}
	best := func(r Row) []int {
		var out []int
		for i, c := range r.Cells {
			if c.Best {
				out = append(out, i)
			}
		}
		return out
	}
	tb := Runs(runs, Options{})
	if got := best(findRow(t, tb, SectionMetrics, "val_loss", StatLatest)); !slices.Equal(got, []int{1}) {
		t.Errorf("val_loss best = %v, want run b (lowest)", got)
	}
	if got := best(findRow(t, tb, SectionMetrics, "accuracy", StatLatest)); !slices.Equal(got, []int{1}) {
		t.Errorf("accuracy best = %v, want run b (highest)", got)
	}
	if got := best(findRow(t, tb, SectionMetrics, "speed", StatLatest)); !slices.Equal(got, []int{2}) {
		t.Errorf("speed best = %v, want run c (highest by default)", got)
	}

	// A config goal overrides the name: speed is a latency here, lower is better.
	cfg := config.Defaults()
	cfg.Metrics = map[string]config.MetricGoal{"speed": {Goal: "min"}, "val_loss": {Goal: "max"}}
	tb = Runs(runs, Options{LowerIsBetter: cfg.LowerIsBetter})
	if got := best(findRow(t, tb, SectionMetrics, "speed", StatLatest)); !slices.Equal(got, []int{0}) {
		t.Errorf("speed with goal min: best = %v, want run a", got)
	}
	if got := best(findRow(t, tb, SectionMetrics, "val_loss", StatLatest)); !slices.Equal(got, []int{0}) {
		t.Errorf("val_loss with goal max: best = %v, want run a", got)
	}
}

func TestBestNeedsTwoDifferentFiniteValues(t *testing.T) {
	runs := []client.Run{
		run("a", nil, map[string]float64{"same": 1, "lonely": 3, "nan": math.NaN()}),
		run("b", nil, map[string]float64{"same": 1, "nan": 2}),
	}
	tb := Runs(runs, Options{})
	for _, key := range []string{"same", "lonely", "nan"} {
		r := findRow(t, tb, SectionMetrics, key, StatLatest)
		for i, c := range r.Cells {
			if c.Best {
				t.Errorf("%s: cell %d marked best with nothing to compare it to", key, i)
			}
		}
	}
}

func TestDeltasAgainstZeroAndNaNBaselines(t *testing.T) {
	runs := []client.Run{
		run("base", nil, map[string]float64{"zero": 0, "nan": math.NaN(), "normal": 2, "inf": math.Inf(1), "neg": -4}),
		run("x", nil, map[string]float64{"zero": 0.5, "nan": 1, "normal": 3, "inf": 1, "neg": -2}),
		run("y", nil, map[string]float64{"zero": 0, "nan": math.NaN(), "normal": math.NaN(), "inf": math.Inf(1), "neg": -4}),
	}
	tb := Runs(runs, Options{})
	cases := []struct {
		key      string
		col      int
		abs, pct string
	}{
		{"zero", 1, "+0.5", Missing},  // percent of a zero baseline is undefined
		{"nan", 1, Missing, Missing},  // nothing is measured against NaN
		{"normal", 1, "+1", "+50.0%"}, // (3-2)/2
		{"normal", 2, Missing, Missing},
		{"inf", 1, Missing, Missing},
		{"neg", 1, "+2", "+50.0%"}, // relative to |baseline|: -4 → -2 is an improvement of half
	}
	for _, c := range cases {
		r := findRow(t, tb, SectionMetrics, c.key, StatLatest)
		d := r.Cells[c.col].Delta
		if d.AbsText() != c.abs || d.PctText() != c.pct {
			t.Errorf("%s col %d: delta %q %q, want %q %q", c.key, c.col, d.AbsText(), d.PctText(), c.abs, c.pct)
		}
		for _, s := range []string{tb.DeltaText(r, c.col)} {
			if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
				t.Errorf("%s col %d: delta text %q shows NaN/Inf", c.key, c.col, s)
			}
		}
	}
	// A NaN in both runs is no change; NaN against a number is.
	if r := findRow(t, tb, SectionMetrics, "nan", StatLatest); r.Cells[2].Changed || !r.Cells[1].Changed {
		t.Errorf("nan row changed flags: %v %v, want NaN=NaN unchanged and 1 changed", r.Cells[2].Changed, r.Cells[1].Changed)
	}
	if got := tb.DeltaText(findRow(t, tb, SectionMetrics, "zero", StatLatest), 2); got != "" {
		t.Errorf("unchanged cell has delta text %q", got)
	}
	if got := tb.DeltaText(findRow(t, tb, SectionMetrics, "zero", StatLatest), 0); got != "" {
		t.Errorf("baseline cell has delta text %q", got)
	}
	if r := findRow(t, tb, SectionMetrics, "zero", StatLatest); !math.IsInf(r.Change, 1) {
		t.Errorf("zero baseline → non-zero should rank as an unbounded change, got %v", r.Change)
	}
}

func TestBaselineChoiceChangesDeltas(t *testing.T) {
	runs := []client.Run{run("a", nil, map[string]float64{"m": 1}), run("b", nil, map[string]float64{"m": 4})}
	r := findRow(t, Runs(runs, Options{Baseline: 1}), SectionMetrics, "m", StatLatest)
	if r.Cells[0].Delta.AbsText() != "-3" || r.Cells[0].Delta.PctText() != "-75.0%" {
		t.Errorf("against baseline b: %s %s, want -3 -75.0%%", r.Cells[0].Delta.AbsText(), r.Cells[0].Delta.PctText())
	}
	if r.Cells[1].Changed || r.Cells[1].Delta.HasAbs {
		t.Errorf("baseline cell carries a delta")
	}
	if tb := Runs(runs, Options{Baseline: 7}); tb.Baseline != 1 {
		t.Errorf("out-of-range baseline clamped to %d, want 1", tb.Baseline)
	}
}

func TestSortByChange(t *testing.T) {
	runs := []client.Run{
		run("a", map[string]string{"lr": "0.1", "depth": "10", "opt": "adam", "same": "x"},
			map[string]float64{"small": 100, "big": 1, "mid": 10, "zero": 0, "flat": 5}),
		run("b", map[string]string{"lr": "0.2", "depth": "11", "opt": "sgd", "same": "x"},
			map[string]float64{"small": 101, "big": 3, "mid": 12, "zero": 1, "flat": 5}),
	}
	tb := Runs(runs, Options{History: true, Stats: map[StatKey]Stats{}})
	var metrics, params []string
	for _, l := range tb.Lines(View{SortByChange: true}) {
		if l.Kind != LineRow {
			continue
		}
		r := tb.Rows[l.Row]
		switch {
		case r.Section == SectionMetrics && r.Stat == StatLatest:
			metrics = append(metrics, r.Key)
		case r.Section == SectionParams:
			params = append(params, r.Key)
		}
	}
	// zero: +Inf; big: +200%; mid: +20%; small: +1%; flat: identical, last.
	if want := []string{"zero", "big", "mid", "small", "flat"}; !slices.Equal(metrics, want) {
		t.Errorf("metrics by change = %v, want %v", metrics, want)
	}
	// lr: +100%; depth: +10%; opt: changed but not measurable; same: identical.
	if want := []string{"lr", "depth", "opt", "same"}; !slices.Equal(params, want) {
		t.Errorf("params by change = %v, want %v", params, want)
	}
	// min/max rows stay with their metric.
	var order []string
	for _, l := range tb.Lines(View{SortByChange: true}) {
		if l.Kind == LineRow && tb.Rows[l.Row].Section == SectionMetrics {
			order = append(order, tb.Rows[l.Row].Label())
		}
	}
	if want := []string{"zero", "zero (min)", "zero (max)", "big"}; !slices.Equal(order[:4], want) {
		t.Errorf("metric groups split by sorting: %v", order)
	}
	// Unsorted, keys are alphabetical.
	var plain []string
	for _, l := range tb.Lines(View{}) {
		if l.Kind == LineRow && tb.Rows[l.Row].Section == SectionMetrics && tb.Rows[l.Row].Stat == StatLatest {
			plain = append(plain, tb.Rows[l.Row].Key)
		}
	}
	if !slices.IsSorted(plain) {
		t.Errorf("unsorted view is not in key order: %v", plain)
	}
}

func TestTwentyRunsWithDisjointMetrics(t *testing.T) {
	var runs []client.Run
	for i := range 20 {
		id := string(rune('a' + i))
		runs = append(runs, run(id, map[string]string{"only_" + id: id}, map[string]float64{"m_" + id: float64(i)}))
	}
	tb := Runs(runs, Options{})
	if tb.Width() != 20 {
		t.Fatalf("width %d, want 20", tb.Width())
	}
	var metricRows int
	for _, r := range tb.Rows {
		if r.Section != SectionMetrics {
			continue
		}
		metricRows++
		present := 0
		for _, c := range r.Cells {
			switch {
			case c.Missing:
				if c.Text != Missing || c.Best || c.Delta.HasAbs {
					t.Errorf("%s: missing cell shows %q best=%v delta=%v", r.Key, c.Text, c.Best, c.Delta)
				}
			default:
				present++
			}
		}
		if present != 1 || r.Identical {
			t.Errorf("%s: %d present cells, identical=%v; want exactly one and a difference", r.Key, present, r.Identical)
		}
	}
	if metricRows != 20 {
		t.Errorf("%d metric rows, want 20 (one per disjoint metric)", metricRows)
	}
	md := tb.Markdown(Export{})
	if strings.Contains(md, "NaN") || strings.Contains(md, "Inf") {
		t.Errorf("markdown shows NaN/Inf for missing values")
	}
	if got := strings.Count(md, "\n"); got < 42 {
		t.Errorf("markdown has %d lines, want ≥ 42 (header + 40 differing rows)", got)
	}
}

func TestHistoryRowsPendingThenFilled(t *testing.T) {
	runs := []client.Run{run("a", nil, map[string]float64{"loss": 0.5}), run("b", nil, map[string]float64{"loss": 0.4})}
	tb := Runs(runs, Options{History: true})
	r := findRow(t, tb, SectionMetrics, "loss", StatMin)
	if !r.Cells[0].Pending || r.Cells[0].Text != "…" || r.Identical {
		t.Errorf("min before history: %+v identical=%v, want pending and not identical", r.Cells[0], r.Identical)
	}
	stats := map[StatKey]Stats{
		{"a", "loss"}: StatsOf([]client.Metric{{Value: 0.9}, {Value: math.NaN()}, {Value: 0.2}, {Value: 0.5}}),
		{"b", "loss"}: {Err: errString("HTTP 503")},
	}
	tb = Runs(runs, Options{History: true, Stats: stats})
	if r := findRow(t, tb, SectionMetrics, "loss", StatMin); r.Cells[0].Text != "0.2" || !r.Cells[1].Failed {
		t.Errorf("min row = %q / failed=%v, want 0.2 and a failed cell", r.Cells[0].Text, r.Cells[1].Failed)
	}
	if r := findRow(t, tb, SectionMetrics, "loss", StatMax); r.Cells[0].Text != "0.9" {
		t.Errorf("max row = %q, want 0.9 (NaN ignored)", r.Cells[0].Text)
	}
}

func TestFlatHistoriesDropMinMaxRows(t *testing.T) {
	runs := []client.Run{run("a", nil, map[string]float64{"acc": 0.9, "loss": 0.5}), run("b", nil, map[string]float64{"acc": 0.8, "loss": 0.4})}
	stats := map[StatKey]Stats{
		{"a", "acc"}:  StatsOf([]client.Metric{{Value: 0.9}}),
		{"b", "acc"}:  StatsOf([]client.Metric{{Value: 0.8}, {Value: 0.8}}),
		{"a", "loss"}: StatsOf([]client.Metric{{Value: 0.9}, {Value: 0.5}}),
		{"b", "loss"}: StatsOf([]client.Metric{{Value: 0.4}}),
	}
	tb := Runs(runs, Options{History: true, Stats: stats})
	var labels []string
	for _, r := range tb.Rows {
		if r.Section == SectionMetrics {
			labels = append(labels, r.Label())
		}
	}
	// acc: one value per run, nothing to add; loss: run a went from 0.9 down to 0.5.
	if want := []string{"acc", "loss", "loss (min)", "loss (max)"}; !slices.Equal(labels, want) {
		t.Errorf("metric rows %v, want %v", labels, want)
	}
	// Until every history is known the rows stay (pending), so nothing is hidden on a guess.
	delete(stats, StatKey{"b", "acc"})
	tb = Runs(runs, Options{History: true, Stats: stats})
	if r := findRow(t, tb, SectionMetrics, "acc", StatMin); !r.Cells[1].Pending {
		t.Errorf("acc (min) of b should be pending")
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestAttributes(t *testing.T) {
	a := run("a", nil, nil)
	b := run("b", nil, nil)
	b.Info.Status = client.StatusRunning
	b.Info.EndTime = 0
	b.Info.UserID = ""
	b.Data.Tags = []client.Tag{{Key: "mlflow.user", Value: "bo"}, {Key: "mlflow.runName", Value: "x"}, {Key: "team", Value: "vision"}}
	now := time.UnixMilli(b.Info.StartTime + 125_000)
	tb := Runs([]client.Run{a, b}, Options{Now: now})
	if r := findRow(t, tb, SectionAttributes, "duration", StatNone); r.Cells[0].Text != "1m00s" || r.Cells[1].Text != "2m05s (running)" {
		t.Errorf("durations %q %q", r.Cells[0].Text, r.Cells[1].Text)
	}
	if r := findRow(t, tb, SectionAttributes, "user", StatNone); r.Cells[1].Text != "bo" {
		t.Errorf("user falls back to the mlflow.user tag: got %q", r.Cells[1].Text)
	}
	if r := findRow(t, tb, SectionAttributes, "start", StatNone); r.Cells[0].Text != "2023-11-14 22:13:20" {
		t.Errorf("start %q", r.Cells[0].Text)
	}
	for _, r := range tb.Rows {
		if r.Section == SectionTags && (r.Key == "mlflow.runName" || r.Key == "mlflow.user") {
			t.Errorf("tag %s is shown elsewhere and should not be a row", r.Key)
		}
	}
	findRow(t, tb, SectionTags, "team", StatNone)
}

func TestDatasetsByContext(t *testing.T) {
	a, b := run("a", nil, nil), run("b", nil, nil)
	ctx := func(c string) []client.Tag { return []client.Tag{{Key: "mlflow.data.context", Value: c}} }
	a.Inputs.Datasets = []client.DatasetInput{{Tags: ctx("training"), Dataset: client.Dataset{Name: "iris", Digest: "aaa"}},
		{Tags: ctx("eval"), Dataset: client.Dataset{Name: "iris-test", Digest: "ccc"}}}
	b.Inputs.Datasets = []client.DatasetInput{{Tags: ctx("training"), Dataset: client.Dataset{Name: "iris", Digest: "bbb"}},
		{Tags: ctx("eval"), Dataset: client.Dataset{Name: "iris-test", Digest: "ccc"}}}
	tb := Runs([]client.Run{a, b}, Options{})
	if r := findRow(t, tb, SectionDatasets, "training", StatNone); r.Identical || r.Cells[1].Text != "iris@bbb" {
		t.Errorf("training datasets: identical=%v %q", r.Identical, r.Cells[1].Text)
	}
	if r := findRow(t, tb, SectionDatasets, "eval", StatNone); !r.Identical {
		t.Errorf("eval datasets should be identical")
	}
}

func TestLongValuesGoToDetail(t *testing.T) {
	a := run("a", map[string]string{"cfg": `{"layers": [64, 64], "dropout": 0.1, "activation": "relu"}`, "short": "1"}, nil)
	b := run("b", map[string]string{"cfg": "{\"layers\": [64, 128],\n \"dropout\": 0.1}", "short": "2"}, nil)
	tb := Runs([]client.Run{a, b}, Options{})
	if r := findRow(t, tb, SectionParams, "cfg", StatNone); !r.Long || strings.Contains(r.Cells[1].Text, "\n") {
		t.Errorf("cfg: long=%v text=%q; want long and one line", r.Long, r.Cells[1].Text)
	}
	if r := findRow(t, tb, SectionParams, "short", StatNone); r.Long {
		t.Errorf("short param marked long")
	}
}
