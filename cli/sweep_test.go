package cli

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"mltui/testenv"
)

// pandasGroups computes the same groups with the MLflow Python client and pandas: the runs'
// latest accuracy grouped by criterion, count / mean / min / max / std (ddof 1, as pandas).
const pandasGroups = `
import sys, json, mlflow
mlflow.set_tracking_uri(sys.argv[1])
df = mlflow.search_runs(experiment_names=["iris-classification"])
g = df.groupby("params.criterion")["metrics.accuracy"].agg(["count", "mean", "min", "max", "std"])
print(json.dumps({k: {c: (None if v != v else float(v)) for c, v in row.items()} for k, row in g.iterrows()}))
`

// sweep's groups are what pandas computes from the MLflow client's search_runs on a real server.
func TestIntegrationSweepMatchesPandas(t *testing.T) {
	srv := testenv.Shared(t)
	out, err := runCLI(t, "sweep", "iris-classification", "--metric", "accuracy", "--by", "criterion", "-o", "json", "--tracking-uri", srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Runs   int `json:"runs"`
		Groups []struct {
			Values         map[string]string `json:"values"`
			N              int               `json:"n"`
			Mean, Min, Max any
			Std            any    `json:"std"`
			Best           string `json:"best_run_id"`
		} `json:"groups"`
		Importances []struct {
			Param string `json:"param"`
			N     int    `json:"n"`
		} `json:"importances"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(testenv.PythonEnv(t, srv.Env(), "-c", pandasGroups, srv.URL)), "\n")
	var want map[string]map[string]*float64
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &want); err != nil {
		t.Fatal(err)
	}
	if len(got.Groups) != len(want) || len(want) < 2 {
		t.Fatalf("groups: ours %d, pandas %v", len(got.Groups), want)
	}
	num := func(v any) float64 {
		if f, ok := v.(float64); ok {
			return f
		}
		return math.NaN()
	}
	for _, g := range got.Groups {
		w := want[g.Values["criterion"]]
		if w == nil {
			t.Fatalf("pandas has no group %q: %v", g.Values["criterion"], want)
		}
		eq := func(name string, ours float64, theirs *float64) {
			if theirs == nil && math.IsNaN(ours) || theirs != nil && math.Abs(ours-*theirs) < 1e-12 {
				return
			}
			t.Errorf("%s %s: ours %v, pandas %v", g.Values["criterion"], name, ours, theirs)
		}
		eq("count", float64(g.N), w["count"])
		eq("mean", num(g.Mean), w["mean"])
		eq("min", num(g.Min), w["min"])
		eq("max", num(g.Max), w["max"])
		eq("std", num(g.Std), w["std"])
		if g.Best == "" {
			t.Errorf("%s: no best run", g.Values["criterion"])
		}
	}
	if len(got.Importances) == 0 {
		t.Fatal("no importance table")
	}

	// The table says which way is better and what each column is.
	out, err = runCLI(t, "sweep", "iris-classification", "--metric", "accuracy", "--tracking-uri", srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"6 runs · accuracy (latest value; higher is better)", "grouped by max_depth", "which params matter", "SPEARMAN"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

func TestSweepNeedsAMetric(t *testing.T) {
	_, stderr, code := runMain(t, nil, "sweep", "x")
	if code != 2 || !strings.Contains(stderr, "--metric") {
		t.Fatalf("code %d: %s", code, stderr)
	}
}
