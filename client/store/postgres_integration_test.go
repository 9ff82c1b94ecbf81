package store

import (
	"context"
	"strings"
	"testing"

	"mltui/client"
	"mltui/testenv"
)

// pgProbes are searches aimed at where PostgreSQL and SQLite differ as databases: LIKE's case,
// where NaN sorts, the order of ties and of non-ASCII text. MLflow's SQL store is meant to hide
// every one of those; these prove it does for what mltui sends.
var pgProbes = []runSearch{
	{"mnist-mlp", "tags.optimizer LIKE 'SGD%'", nil, client.AllViews},
	{"mnist-mlp", "run_name LIKE 'ADAM%'", nil, client.AllViews},
	{"mnist-mlp", "run_name ILIKE 'ADAM%'", nil, client.AllViews},
	{"mnist-mlp", "params.`optimizer/name` LIKE 'ADAM%'", nil, ""},
	{"mnist-mlp", "", []string{"metrics.grad_norm DESC"}, client.AllViews},
	{"mnist-mlp", "", []string{"metrics.grad_norm"}, client.AllViews},
	{"mnist-mlp", "", []string{"metrics.val_loss DESC"}, client.AllViews},
	{"mnist-mlp", "", []string{"metrics.val_loss"}, client.AllViews},
	{"mnist-mlp", "metrics.val_loss > 0", nil, client.AllViews},
	{"mnist-mlp", "", []string{"status"}, client.AllViews},
	{"mnist-mlp", "", []string{"params.optimizer"}, client.AllViews},
	{"iris-classification", "", []string{"tags.model_family"}, ""},
	{"iris-classification", "", []string{"params.criterion DESC"}, ""},
	{"iris-classification", "", []string{"run_name DESC"}, ""},
	{"edge-cases", "", []string{"attributes.run_name"}, client.AllViews},
	{"edge-cases", "", []string{"metrics.`정확도` DESC"}, client.AllViews},
}

// TestIntegrationPostgresSearchesMatchSQLite runs every search of the store equivalence test, and
// the probes above, against mlflow server on SQLite (one worker) and on PostgreSQL (four workers),
// both seeded by seed.py, and wants the same run names in the same order, or the same kind of error.
func TestIntegrationPostgresSearchesMatchSQLite(t *testing.T) {
	lite := testenv.Shared(t)
	pgsrv := testenv.PostgresServer(t)
	ctx := context.Background()
	a := openBackend(t, "sqlite", Resolution{URI: lite.URL, Kind: KindREST, Source: "test"}, false)
	b := openBackend(t, "postgres", Resolution{URI: pgsrv.URL, Kind: KindREST, Source: "test"}, false)
	for _, q := range append(append([]runSearch{}, runSearches...), pgProbes...) {
		names := func(bk *backend) ([]string, error) {
			runs, err := client.AllRuns(ctx, bk.s, client.RunQuery{ExperimentIDs: []string{bk.expByNm[q.exp]},
				Filter: q.filter, OrderBy: q.order, ViewType: q.view, MaxResults: 3})
			var out []string
			for _, r := range runs {
				out = append(out, r.Info.RunName)
			}
			return out, err
		}
		na, errA := names(a)
		nb, errB := names(b)
		t.Logf("%s %q %v %s: %d runs %v", q.exp, q.filter, q.order, q.view, len(na), errA)
		if (errA == nil) != (errB == nil) || (errA != nil && client.KindOf(errA) != client.KindOf(errB)) {
			t.Errorf("%s %q %v: sqlite error %v, postgres error %v", q.exp, q.filter, q.order, errA, errB)
			continue
		}
		if strings.Join(na, "|") != strings.Join(nb, "|") {
			t.Errorf("%s %q %v %s:\n sqlite   %v\n postgres %v", q.exp, q.filter, q.order, q.view, na, nb)
		}
	}

	// Experiments and model versions: filters with LIKE's case and orders over names.
	expNames := func(bk *backend, q client.ExperimentQuery) ([]string, error) {
		es, err := client.AllExperiments(ctx, bk.s, q)
		var out []string
		for _, e := range es {
			out = append(out, e.Name)
		}
		return out, err
	}
	for _, q := range []client.ExperimentQuery{
		{ViewType: client.AllViews, OrderBy: []string{"name"}},
		{ViewType: client.AllViews, OrderBy: []string{"name DESC"}},
		{ViewType: client.AllViews, Filter: "name LIKE '%IRIS%'"},
		{ViewType: client.AllViews, Filter: "name ILIKE '%IRIS%'"},
		{ViewType: client.AllViews, Filter: "tags.team LIKE '%'", OrderBy: []string{"name"}},
	} {
		na, errA := expNames(a, q)
		nb, errB := expNames(b, q)
		if (errA == nil) != (errB == nil) || strings.Join(na, "|") != strings.Join(nb, "|") {
			t.Errorf("experiments %+v:\n sqlite   %v %v\n postgres %v %v", q, na, errA, nb, errB)
		}
	}
	verNames := func(bk *backend, q client.VersionQuery) ([]string, error) {
		vs, err := client.AllModelVersions(ctx, bk.s, q)
		var out []string
		for _, v := range vs {
			out = append(out, v.Name+"/"+v.Version)
		}
		return out, err
	}
	for _, q := range []client.VersionQuery{
		{Filter: "name LIKE 'IRIS%'"},
		{Filter: "name ILIKE 'IRIS%'", OrderBy: []string{"version_number DESC"}},
		{Filter: "name = 'iris-classifier'", OrderBy: []string{"version_number"}},
	} {
		na, errA := verNames(a, q)
		nb, errB := verNames(b, q)
		if (errA == nil) != (errB == nil) || strings.Join(na, "|") != strings.Join(nb, "|") {
			t.Errorf("model versions %+v:\n sqlite   %v %v\n postgres %v %v", q, na, errA, nb, errB)
		}
	}
}
