package sqlstore

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"mltui/client"
)

// Databases from before latest_metrics (MLflow < 1.9) still list runs with
// their latest values, computed from metrics by (step, timestamp, value).
func TestLatestMetricsComputedWhenTableAbsent(t *testing.T) {
	withTable := newFixture(t)
	seed(withTable)
	a := withTable.open(Options{})

	ddl := regexp.MustCompile(`(?s)CREATE TABLE "latest_metrics" \(.*?\);\nCREATE INDEX index_latest_metrics_run_uuid ON latest_metrics \(run_uuid\);\n`).ReplaceAllString(schema318, "")
	if strings.Contains(ddl, "latest_metrics") {
		t.Fatal("fixture edit failed")
	}
	without := newFixtureSchema(t, ddl+"CREATE TABLE latest_metrics_gone (x INTEGER);")
	without.exec("CREATE TABLE latest_metrics (key TEXT, value REAL, timestamp INTEGER, step INTEGER, is_nan INTEGER, run_uuid TEXT)") // for seed's bookkeeping
	seed(without)
	without.exec("DROP TABLE latest_metrics")
	b := without.open(Options{})
	if b.sch.latestMetrics {
		t.Fatal("schema still reports latest_metrics")
	}
	ctx := context.Background()
	for _, q := range []client.RunQuery{
		{ExperimentIDs: []string{"1", "2"}, ViewType: client.AllViews},
		{ExperimentIDs: []string{"1"}, Filter: "metrics.acc > 0.5", OrderBy: []string{"metrics.acc DESC"}},
		{ExperimentIDs: []string{"1"}, Filter: "metrics.acc != 0.95", OrderBy: []string{"metrics.f1"}},
	} {
		ra, err := client.AllRuns(ctx, a, q)
		if err != nil {
			t.Fatal(err)
		}
		rb, err := client.AllRuns(ctx, b, q)
		if err != nil {
			t.Fatal(err)
		}
		if runIDs(ra) != runIDs(rb) {
			t.Errorf("%+v: with table %s, computed %s", q, runIDs(ra), runIDs(rb))
		}
		for i := range ra {
			if len(ra[i].Data.Metrics) != len(rb[i].Data.Metrics) {
				t.Errorf("run %s: %d vs %d metrics", ra[i].Info.RunID, len(ra[i].Data.Metrics), len(rb[i].Data.Metrics))
				continue
			}
			for j, m := range ra[i].Data.Metrics {
				n := rb[i].Data.Metrics[j]
				if m.Key != n.Key || m.Step != n.Step || m.Timestamp != n.Timestamp || num(m.Value) != num(n.Value) {
					t.Errorf("run %s metric %s: table %+v, computed %+v", ra[i].Info.RunID, m.Key, m, n)
				}
			}
		}
	}
}
