package runs

import (
	"reflect"
	"testing"
	"time"

	"mltui/client"
	"mltui/config"
)

func run(id, name string, opts ...func(*client.Run)) client.Run {
	r := client.Run{Info: client.RunInfo{RunID: id, RunName: name, Status: client.StatusFinished}}
	for _, o := range opts {
		o(&r)
	}
	return r
}

func parent(p string) func(*client.Run) {
	return func(r *client.Run) {
		r.Data.Tags = append(r.Data.Tags, client.Tag{Key: "mlflow.parentRunId", Value: p})
	}
}

func metric(k string, v float64, ts int64) func(*client.Run) {
	return func(r *client.Run) {
		r.Data.Metrics = append(r.Data.Metrics, client.Metric{Key: k, Value: v, Timestamp: ts})
	}
}

func param(k, v string) func(*client.Run) {
	return func(r *client.Run) { r.Data.Params = append(r.Data.Params, client.Param{Key: k, Value: v}) }
}

func ids(runs []client.Run, rows []Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = runs[r.Index].Info.RunID
		for range r.Depth {
			out[i] = ">" + out[i]
		}
	}
	return out
}

func TestBuildRowsFolding(t *testing.T) {
	runs := []client.Run{
		run("a", "a"),
		run("c1", "c1", parent("p")),
		run("p", "p"),
		run("g1", "g1", parent("c1")),
		run("c2", "c2", parent("p")),
		run("orphan", "orphan", parent("gone")),
	}
	// Folded by default: children hidden, parent counts them.
	rows := BuildRows(runs, map[string]bool{})
	if got, want := ids(runs, rows), []string{"a", "p", "orphan"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("folded: %v, want %v", got, want)
	}
	if rows[1].Children != 2 || rows[1].Expanded {
		t.Errorf("parent row: %+v", rows[1])
	}
	// Expanding p shows its children in loaded order; c1 stays folded.
	rows = BuildRows(runs, map[string]bool{"p": true})
	if got, want := ids(runs, rows), []string{"a", "p", ">c1", ">c2", "orphan"}; !reflect.DeepEqual(got, want) {
		t.Errorf("expanded p: %v, want %v", got, want)
	}
	rows = BuildRows(runs, map[string]bool{"p": true, "c1": true})
	if got, want := ids(runs, rows), []string{"a", "p", ">c1", ">>g1", ">c2", "orphan"}; !reflect.DeepEqual(got, want) {
		t.Errorf("expanded p and c1: %v, want %v", got, want)
	}
	if got, want := Parents(runs), []string{"p", "c1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Parents = %v, want %v", got, want)
	}
}

func TestBuildRowsParentLoopShowsEveryRun(t *testing.T) {
	runs := []client.Run{run("x", "x", parent("y")), run("y", "y", parent("x")), run("self", "self", parent("self"))}
	rows := BuildRows(runs, map[string]bool{"x": true, "y": true})
	seen := map[string]bool{}
	for _, id := range ids(runs, rows) {
		seen[id] = true
	}
	if len(rows) != 3 {
		t.Fatalf("rows %v: every run must appear exactly once", ids(runs, rows))
	}
	if !seen["self"] {
		t.Errorf("a run that names itself as parent stays a root: %v", ids(runs, rows))
	}
}

func TestStale(t *testing.T) {
	now := time.UnixMilli(10_000_000)
	after := 10 * time.Minute
	running := func(start int64, opts ...func(*client.Run)) client.Run {
		r := run("r", "r", opts...)
		r.Info.Status = client.StatusRunning
		r.Info.StartTime = start
		return r
	}
	// Logged 12 minutes ago: stale for 12m.
	r := running(0, metric("loss", 1, now.Add(-12*time.Minute).UnixMilli()), metric("acc", 1, now.Add(-20*time.Minute).UnixMilli()))
	idle, stale := Stale(r, now, after)
	if !stale || idle != 12*time.Minute {
		t.Errorf("12m quiet: idle %v stale %v", idle, stale)
	}
	// The newest metric counts, not the first.
	r = running(0, metric("acc", 1, now.Add(-20*time.Minute).UnixMilli()), metric("loss", 1, now.Add(-time.Minute).UnixMilli()))
	if _, stale := Stale(r, now, after); stale {
		t.Error("logged a minute ago is not stale")
	}
	// No metrics: the start time counts.
	r = running(now.Add(-11 * time.Minute).UnixMilli())
	if _, stale := Stale(r, now, after); !stale {
		t.Error("started 11m ago, nothing logged: stale")
	}
	// Finished runs are never stale.
	r = running(0, metric("loss", 1, 1))
	r.Info.Status = client.StatusFinished
	if _, stale := Stale(r, now, after); stale {
		t.Error("finished runs are not stale")
	}
}

func TestDefaultColumns(t *testing.T) {
	runs := []client.Run{
		run("1", "1", metric("loss", 1, 0), metric("acc", 1, 0), param("lr", "1"), param("seed", "1")),
		run("2", "2", metric("loss", 1, 0), metric("zeta", 1, 0), param("lr", "1")),
		run("3", "3", metric("loss", 1, 0), metric("acc", 1, 0), metric("beta", 1, 0)),
	}
	got := DefaultColumns(runs, 2, 1)
	// loss in 3 runs, acc in 2; beta and zeta in 1 each lose the tie-break to the count.
	want := config.Columns{Metrics: []string{"loss", "acc"}, Params: []string{"lr"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DefaultColumns = %+v, want %+v", got, want)
	}
	got = DefaultColumns(runs, 10, 10)
	if !reflect.DeepEqual(got.Metrics, []string{"loss", "acc", "beta", "zeta"}) {
		t.Errorf("ties alphabetical: %v", got.Metrics)
	}
	if got := DefaultColumns(nil, 3, 3); len(got.Metrics)+len(got.Params)+len(got.System) != 0 {
		t.Errorf("no runs: %+v", got)
	}
	// System metrics stay out of the metric columns; GPU ones bring the GPU columns.
	sys := []client.Run{
		run("1", "1", metric("system/cpu_utilization_percentage", 1, 0), metric("loss", 1, 0), metric("system/gpu_0_utilization_percentage", 1, 0)),
		run("2", "2", metric("system/cpu_utilization_percentage", 1, 0), metric("acc", 1, 0)),
	}
	got = DefaultColumns(sys, 4, 1)
	want = config.Columns{Metrics: []string{"acc", "loss"}, Params: []string{}, System: []string{"gpu_util_mean", "gpu_mem_peak"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with system metrics: %+v, want %+v", got, want)
	}
	if got := DefaultColumns(sys[1:], 4, 1); len(got.System) != 0 || !reflect.DeepEqual(got.Metrics, []string{"acc"}) {
		t.Errorf("CPU only: %+v", got)
	}
}

func TestOrderClause(t *testing.T) {
	cases := map[[2]string]string{
		{metricPref + "accuracy", "desc"}: "metrics.accuracy DESC",
		{metricPref + "f1 score", "asc"}:  "metrics.`f1 score` ASC",
		{metricPref + "val/loss", "asc"}:  "metrics.`val/loss` ASC",
		{paramPref + "max_depth", "asc"}:  "params.max_depth ASC",
		{colStarted, "desc"}:              "attributes.start_time DESC",
		{colName, "asc"}:                  "attributes.run_name ASC",
		{colDuration, "desc"}:             "",
	}
	for in, want := range cases {
		if got := orderClause(in[0], in[1] == "desc"); got != want {
			t.Errorf("orderClause(%q, %s) = %q, want %q", in[0], in[1], got, want)
		}
	}
	if got := orderClause(metricPref+"a`b c", false); got != `metrics."a`+"`"+`b c" ASC` {
		t.Errorf("backtick key: %s", got)
	}
}

func TestDefaultDesc(t *testing.T) {
	cfg := config.Defaults()
	if !defaultDesc(metricPref+"accuracy", &cfg) {
		t.Error("accuracy: higher is better, sort descending")
	}
	if defaultDesc(metricPref+"val_loss", &cfg) {
		t.Error("val_loss: lower is better, sort ascending")
	}
	cfg.Metrics = map[string]config.MetricGoal{"accuracy": {Goal: "min"}}
	if defaultDesc(metricPref+"accuracy", &cfg) {
		t.Error("the config's goal wins over the name")
	}
	if !defaultDesc(colStarted, &cfg) || defaultDesc(colName, &cfg) {
		t.Error("newest first by start time; names ascending")
	}
}

func TestSortByDuration(t *testing.T) {
	now := time.UnixMilli(100_000)
	mk := func(id string, start, end int64, st client.RunStatus) client.Run {
		r := run(id, id)
		r.Info.StartTime, r.Info.EndTime, r.Info.Status = start, end, st
		return r
	}
	runs := []client.Run{
		mk("short", 1000, 2000, client.StatusFinished),
		mk("live", 50_000, 0, client.StatusRunning), // 50 s so far
		mk("long", 1000, 31_000, client.StatusFinished),
		mk("unknown", 0, 0, client.StatusFailed),
	}
	sortByDuration(runs, true, now)
	var got []string
	for _, r := range runs {
		got = append(got, r.Info.RunID)
	}
	if want := []string{"live", "long", "short", "unknown"}; !reflect.DeepEqual(got, want) {
		t.Errorf("desc: %v, want %v", got, want)
	}
}
