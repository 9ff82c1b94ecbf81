package sqlstore

import (
	"context"
	"math"
	"strings"
	"testing"

	"mltui/client"
	"mltui/client/search"
)

func runIDs(runs []client.Run) string {
	var s []string
	for _, r := range runs {
		s = append(s, r.Info.RunID)
	}
	return strings.Join(s, ",")
}

func TestGetRun(t *testing.T) {
	f := newFixture(t)
	seed(f)
	s := f.open(Options{})
	r, err := s.GetRun(context.Background(), "r1")
	if err != nil {
		t.Fatal(err)
	}
	if r.Info.RunName != "rf-100" || r.Info.ExperimentID != "1" || r.Info.Status != client.StatusFinished || r.Info.EndTime != 110 || r.Info.ArtifactURI != "file:///tmp/art/r1" {
		t.Errorf("info = %+v", r.Info)
	}
	if m, _ := r.Metric("acc"); m.Value != 0.95 || m.Step != 1 || m.Timestamp != 112 {
		t.Errorf("latest acc = %+v", m)
	}
	if v, _ := r.Param("n_estimators"); v != "100" {
		t.Errorf("param = %q", v)
	}
	if len(r.Inputs.Datasets) != 2 || r.Inputs.Datasets[0].Dataset.Name != "iris" || r.Inputs.Datasets[0].Context() != "training" || r.Inputs.Datasets[1].Context() != "eval" {
		t.Errorf("datasets = %+v", r.Inputs.Datasets)
	}
	if len(r.Outputs.ModelOutputs) != 1 || r.Outputs.ModelOutputs[0] != (client.ModelOutput{ModelID: "m-aaa", Step: 3}) {
		t.Errorf("outputs = %+v", r.Outputs)
	}
	r2, _ := s.GetRun(context.Background(), "r2")
	if len(r2.Inputs.ModelInputs) != 1 || r2.Inputs.ModelInputs[0] != "m-aaa" {
		t.Errorf("model inputs = %+v", r2.Inputs)
	}
	r3, _ := s.GetRun(context.Background(), "r3")
	if m, _ := r3.Metric("acc"); !math.IsNaN(m.Value) {
		t.Errorf("NaN metric read as %v", m.Value)
	}
	if m, _ := r3.Metric("f1"); !math.IsInf(m.Value, 1) {
		t.Errorf("+Inf metric read as %v", m.Value)
	}
	r5, _ := s.GetRun(context.Background(), "r5")
	if r5.Info.RunName != "tag-only-name" {
		t.Errorf("name from tag = %q", r5.Info.RunName)
	}
	_, err = s.GetRun(context.Background(), "nope")
	wantKind(t, err, client.KindNotFound, "Run with id=nope not found")
}

// TestSearchRunsAgreesWithEvaluator runs the same filters and orders
// through the SQL translation and through the in-memory evaluator (MLflow's
// file-store semantics) and wants the same runs in the same order.
func TestSearchRunsAgreesWithEvaluator(t *testing.T) {
	f := newFixture(t)
	seed(f)
	s := f.open(Options{})
	ctx := context.Background()
	all, err := client.AllRuns(ctx, s, client.RunQuery{ExperimentIDs: []string{"1", "2"}, ViewType: client.AllViews})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 7 {
		t.Fatalf("all runs: %s", runIDs(all))
	}
	filters := []string{
		"",
		"metrics.acc > 0.9",
		"metrics.acc >= 0.8 AND metrics.f1 > 0.9",
		"metrics.acc != 0.95",
		"metrics.acc = 0",
		"metrics.acc < 0",
		"metrics.f1 > 1e308",
		"params.n_estimators = '100'",
		"params.n_estimators != '100'",
		"params.n_estimators IS NULL",
		"params.max_depth IS NOT NULL",
		"params.`a/b` LIKE 'Nest%'",
		"params.`a/b` LIKE 'nest%'",
		"params.`a/b` ILIKE 'nest%'",
		"tags.team = 'vision'",
		"tags.team ILIKE 'VISION'",
		"tags.`mlflow.parentRunId` = 'r1'",
		"attributes.run_name = 'rf-100'",
		"run_name LIKE 'rf-%'",
		"`Run name` = 'tag-only-name'",
		"run_name = 'ünïcode ☃'",
		"run_id IN ('r1', 'r4', 'zz')",
		"run_id NOT IN ('r1')",
		"status = 'RUNNING'",
		"status != 'FINISHED'",
		"user_id = 'ana' AND start_time >= 200",
		"end_time > 0",
		"end_time < 300",
		"created < 150",
		"artifact_uri LIKE '%/r2'",
		"datasets.name = 'iris'",
		"datasets.name IN ('iris-eval')",
		"datasets.digest LIKE 'def%'",
		"datasets.context = 'training'",
		"datasets.context != 'training'",
		"datasets.context IN ('eval')",
		"metrics.missing > 0",
		"params.n_estimators LIKE '1__'",
		"tags.team LIKE '%is%'",
	}
	orders := [][]string{
		nil,
		{"metrics.acc DESC"},
		{"metrics.acc"},
		{"metrics.f1 DESC", "start_time"},
		{"params.n_estimators DESC"},
		{"params.n_estimators", "metrics.acc DESC"},
		{"tags.team"},
		{"attributes.end_time"},
		{"end_time DESC"},
		{"user_id DESC", "run_id"},
		{"status"},
		{"start_time"},
	}
	for _, view := range []client.ViewType{client.ActiveOnly, client.AllViews, client.DeletedOnly} {
		for _, flt := range filters {
			for _, ob := range orders {
				got, err := client.AllRuns(ctx, s, client.RunQuery{ExperimentIDs: []string{"1", "2"}, Filter: flt, OrderBy: ob, ViewType: view, MaxResults: 2})
				if err != nil {
					t.Fatalf("%q %v: %v", flt, ob, err)
				}
				clauses, _ := search.ParseRunFilter(flt)
				order, _ := search.ParseRunOrderBy(ob)
				var want []client.Run
				for _, r := range all {
					inView := view == client.AllViews || (view == client.DeletedOnly) == (r.Info.LifecycleStage == "deleted")
					if inView && search.MatchRun(clauses, r) {
						want = append(want, r)
					}
				}
				search.SortRuns(want, order)
				if runIDs(got) != runIDs(want) {
					t.Errorf("view %s filter %q order %v:\n sql  %s\n eval %s", view, flt, ob, runIDs(got), runIDs(want))
				}
			}
		}
	}
}

func TestSearchRunsErrors(t *testing.T) {
	f := newFixture(t)
	seed(f)
	s := f.open(Options{})
	ctx := context.Background()
	_, err := s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"1"}, Filter: "metrics.acc > 'x'"})
	wantKind(t, err, client.KindInvalidParameter, "column 15")
	_, err = s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"1"}, OrderBy: []string{"bogus"}})
	wantKind(t, err, client.KindInvalidParameter, "cannot order runs by")
	_, err = s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"x"}})
	wantKind(t, err, client.KindInvalidParameter, "not a number")
	_, err = s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"1"}, PageToken: "garbage!"})
	wantKind(t, err, client.KindInvalidParameter, "page token")
	_, err = s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"1"}, MaxResults: 50001})
	wantKind(t, err, client.KindInvalidParameter, "50000")
	p, err := s.SearchRuns(ctx, client.RunQuery{})
	if err != nil || len(p.Items) != 0 {
		t.Errorf("no experiments: %v %v", p, err)
	}
}

func TestSearchRunsSQLBindsEverything(t *testing.T) {
	sch := &schemaInfo{latestMetrics: true, datasets: true, inputTags: true, workspaces: true}
	clauses, err := search.ParseRunFilter("metrics.`x'; DROP TABLE runs; --` > 1 AND params.p = 'a''b' AND tags.t LIKE '%' AND run_id IN ('q', 'r')")
	if err != nil {
		t.Fatal(err)
	}
	order, _ := search.ParseRunOrderBy([]string{"metrics.`evil\"key` DESC"})
	q := runSearchSQL(sch, "default", []int64{1, 2}, []string{"active"}, clauses, order, 11, 0)
	if q.err != nil {
		t.Fatal(q.err)
	}
	text := q.String()
	for _, bad := range []string{"DROP", "a'b", "evil", "'q'"} {
		if strings.Contains(text, bad) {
			t.Errorf("SQL holds user text %q: %s", bad, text)
		}
	}
	if got, want := strings.Count(text, "?"), len(q.args); got != want {
		t.Errorf("%d placeholders, %d args", got, want)
	}
	want := "SELECT r.run_uuid, r.name, r.experiment_id, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage FROM runs r" +
		" LEFT JOIN latest_metrics o0 ON o0.run_uuid = r.run_uuid AND o0.key = ?" +
		" WHERE r.experiment_id IN (?, ?) AND r.lifecycle_stage IN (?)" +
		" AND r.experiment_id IN (SELECT experiment_id FROM experiments WHERE workspace = ?)" +
		" AND EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND m.key = ? AND m.value > ? AND m.is_nan = 0)" +
		" AND EXISTS (SELECT 1 FROM params p WHERE p.run_uuid = r.run_uuid AND p.key = ? AND p.value = ?)" +
		" AND EXISTS (SELECT 1 FROM tags p WHERE p.run_uuid = r.run_uuid AND p.key = ? AND p.value LIKE ?)" +
		" AND r.run_uuid IN (?, ?)" +
		" ORDER BY CASE WHEN o0.is_nan = 1 THEN 1 WHEN o0.value IS NULL THEN 2 ELSE 0 END, o0.value DESC, r.start_time DESC, r.run_uuid LIMIT ? OFFSET ?"
	if text != want {
		t.Errorf("SQL\n got %s\nwant %s", text, want)
	}
}

func TestSearchRunsPaging(t *testing.T) {
	f := newFixture(t)
	seed(f)
	s := f.open(Options{})
	ctx := context.Background()
	p1, err := s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"1"}, MaxResults: 2})
	if err != nil || len(p1.Items) != 2 || p1.NextPageToken == "" {
		t.Fatalf("page 1: %v %v", p1, err)
	}
	if off, _ := search.DecodeOffset(p1.NextPageToken); off != 2 {
		t.Errorf("token offset %d", off)
	}
	all, _ := client.AllRuns(ctx, s, client.RunQuery{ExperimentIDs: []string{"1"}, MaxResults: 2})
	if runIDs(all) != "r3,r2,r4,r1,r5" {
		t.Errorf("all pages: %s", runIDs(all))
	}
	last, _ := s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"1"}, MaxResults: 5})
	if last.NextPageToken != "" {
		t.Error("an exactly full last page still has a token")
	}
}

func TestWorkspaceFilter(t *testing.T) {
	f := newFixture(t)
	seed(f)
	f.exec("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, workspace) VALUES (9, 'team-b', '', 'active', 1, 1, 'team-b')")
	f.run(runRow{id: "w1", name: "ws-run", exp: 9, start: 1})
	s := f.open(Options{})
	ctx := context.Background()
	exps, _ := client.AllExperiments(ctx, s, client.ExperimentQuery{})
	for _, e := range exps {
		if e.Name == "team-b" {
			t.Error("default workspace lists another workspace's experiment")
		}
	}
	if _, err := s.GetRun(ctx, "w1"); client.KindOf(err) != client.KindNotFound {
		t.Errorf("other workspace's run: %v", err)
	}
	p, _ := s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"9"}})
	if len(p.Items) != 0 {
		t.Error("searching another workspace's experiment found runs")
	}
	b := f.open(Options{Workspace: "team-b"})
	p, err := b.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"9", "1"}})
	if err != nil || runIDs(p.Items) != "w1" {
		t.Errorf("team-b workspace: %v %v", runIDs(p.Items), err)
	}
}

// Runs logged before MLflow 1.30 have an empty name column; MLflow's SQL
// store sorts by that column (the file store by the name it reads back
// from the mlflow.runName tag), so such a run sorts first here.
func TestOrderByRunNameUsesNameColumn(t *testing.T) {
	f := newFixture(t)
	seed(f)
	s := f.open(Options{})
	p, err := s.SearchRuns(context.Background(), client.RunQuery{ExperimentIDs: []string{"1"}, OrderBy: []string{"run_name"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := runIDs(p.Items); got != "r5,r1,r2,r3,r4" {
		t.Errorf("order by run_name: %s", got)
	}
}
