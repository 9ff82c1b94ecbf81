package sqlstore

import (
	"context"
	"strings"
	"testing"

	"mltui/client"
	"mltui/client/search"
)

// FuzzRunFilterSQL feeds arbitrary filters through the parser and the SQL
// translation. Whatever parses must translate to SQL that binds every
// value (placeholders = arguments, no user text spliced in), runs on a
// real MLflow schema, and selects exactly the runs the in-memory evaluator
// selects. Nothing may panic.
func FuzzRunFilterSQL(f *testing.F) {
	for _, s := range []string{
		"metrics.acc > 0.9", "params.n_estimators = '100' AND tags.team ILIKE 'V%'",
		"run_id IN ('r1', 'r2')", "datasets.context != 'training'", "params.x IS NULL",
		"`Run name` LIKE '%-1__'", "end_time <= 300 AND status = 'FAILED'", "metrics.f1 != 1e308",
		"tags.`a b` = 'it''s'", "metrics.\"x y\" >= -1", "attr.user_id NOT IN ('ana')",
		"datasets.digest LIKE 'def%' AND created > 1",
	} {
		f.Add(s)
	}
	fx := newFixture(f)
	seed(fx)
	fx.db.Close()
	s, err := Open(context.Background(), fx.path, Options{ReadOnly: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	all, err := client.AllRuns(context.Background(), s, client.RunQuery{ExperimentIDs: []string{"1", "2"}, ViewType: client.AllViews})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, filter string) {
		clauses, err := search.ParseRunFilter(filter)
		if err != nil {
			if e, ok := err.(*search.Error); !ok || e.Pos < 0 || e.Pos > len(filter) || e.Column < 1 {
				t.Fatalf("%q: bad parse error %#v", filter, err)
			}
			return
		}
		q := runSearchSQL(s.sch, "default", []int64{1, 2}, []string{"active", "deleted"}, clauses, nil, 1000, 0)
		if q.err != nil {
			t.Fatalf("%q parsed but did not translate: %v", filter, q.err)
		}
		text := q.String()
		if strings.Count(text, "?") != len(q.args) {
			t.Fatalf("%q: %d placeholders for %d args in %s", filter, strings.Count(text, "?"), len(q.args), text)
		}
		for _, c := range clauses {
			for _, v := range append([]string{c.Key, c.Str}, c.List...) {
				if len(v) >= 4 && strings.Contains(text, v) && !strings.Contains(runCols+" latest_metrics run_uuid", v) && !isSQLWord(text, v) {
					t.Fatalf("%q: user text %q appears in the SQL: %s", filter, v, text)
				}
			}
		}
		got, err := s.SearchRuns(context.Background(), client.RunQuery{ExperimentIDs: []string{"1", "2"}, Filter: filter, ViewType: client.AllViews})
		if err != nil {
			t.Fatalf("%q: %v", filter, err)
		}
		var want []client.Run
		for _, r := range all {
			if search.MatchRun(clauses, r) {
				want = append(want, r)
			}
		}
		search.SortRuns(want, nil)
		if runIDs(got.Items) != runIDs(want) {
			t.Fatalf("%q: sql %s, evaluator %s", filter, runIDs(got.Items), runIDs(want))
		}
	})
}

// isSQLWord reports whether v occurs in text only as part of the fixed SQL
// this package writes (e.g. a key named "value" or "EXISTS").
func isSQLWord(text, v string) bool {
	fixed := runSearchSQL(&schemaInfo{latestMetrics: true, datasets: true, inputTags: true, workspaces: true}, "", []int64{1}, []string{"active"}, nil, nil, 1, 0).String() +
		" EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND m.key = AND m.value AND m.is_nan = 0) OR m.is_nan = 1 NOT EXISTS params p tags p p.value LIKE lower( inputs i JOIN datasets d ON d.dataset_uuid = i.source_id WHERE i.destination_type = 'RUN' AND i.destination_id = r.run_uuid d.name d.digest input_tags t ON t.input_uuid = i.input_uuid AND t.name = 'mlflow.data.context' t.value p.key = 'mlflow.runName' IN NOT IN"
	return strings.Contains(fixed, v)
}
