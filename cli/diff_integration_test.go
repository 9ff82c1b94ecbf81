package cli

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"mltui/testenv"
)

// runDiffCLI runs mltui with args in a clean environment and returns stdout.
func runDiffCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	a := &App{Getenv: func(string) string { return "" }, Cwd: t.TempDir(), Stdout: &out, Stderr: &errb,
		ConfigPath: t.TempDir() + "/config.yaml"}
	root := NewRoot(a)
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errb)
	err := root.Execute()
	return out.String(), err
}

type diffJSON struct {
	Columns []struct {
		RunID    string `json:"run_id"`
		Label    string `json:"label"`
		Baseline bool   `json:"baseline"`
	} `json:"columns"`
	Rows []struct {
		Section string           `json:"section"`
		Key     string           `json:"key"`
		Stat    string           `json:"stat"`
		Cells   []map[string]any `json:"cells"`
	} `json:"rows"`
	Hidden map[string]int `json:"hidden_identical"`
}

// TestDiffCommandOnRealStores compares two seeded iris runs through a real
// mlflow server and through the SQLite file the same seed wrote: the
// answers must agree with each other and with what the seed logged.
func TestDiffCommandOnRealStores(t *testing.T) {
	srv := testenv.Shared(t)
	sum := srv.Summary
	base, unb := sum.Run(t, "iris_baseline"), sum.Run(t, "iris_unbounded")
	model := sum.Models["iris-classifier"]
	metricsOf := func(runID string) map[string]float64 {
		for v, id := range model.Versions {
			if id == runID {
				return model.Metrics[v]
			}
		}
		t.Fatalf("run %s has no registered version", runID)
		return nil
	}

	out, err := runDiffCLI(t, "diff", "--tracking-uri", srv.URL, base, unb, "-o", "json")
	if err != nil {
		t.Fatalf("diff: %v\n%s", err, out)
	}
	var d diffJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(d.Columns) != 2 || d.Columns[0].RunID != base || !d.Columns[0].Baseline || d.Columns[1].Label != "rf-unbounded" {
		t.Errorf("columns %+v", d.Columns)
	}
	var params []string
	for _, r := range d.Rows {
		if r.Section == "params" {
			params = append(params, r.Key)
		}
	}
	if !reflect.DeepEqual(params, []string{"max_depth", "n_estimators"}) || d.Hidden["params"] != 3 {
		t.Errorf("params shown %v, hidden %d; want max_depth and n_estimators, 3 hidden", params, d.Hidden["params"])
	}
	mb, mu := metricsOf(base), metricsOf(unb)
	found := 0
	for _, r := range d.Rows {
		if r.Section != "metrics" || r.Stat != "latest" {
			continue
		}
		found++
		b, u := r.Cells[0]["value"].(float64), r.Cells[1]["value"].(float64)
		if b != mb[r.Key] || u != mu[r.Key] {
			t.Errorf("%s: %v → %v, the seed logged %v → %v", r.Key, b, u, mb[r.Key], mu[r.Key])
		}
		if delta, _ := r.Cells[1]["delta"].(float64); math.Abs(delta-(mu[r.Key]-mb[r.Key])) > 1e-12 {
			t.Errorf("%s delta %v, want %v", r.Key, delta, mu[r.Key]-mb[r.Key])
		}
	}
	if found != len(mb) {
		t.Errorf("%d metric rows, the seed logged %d metrics", found, len(mb))
	}

	// The SQLite file behind the seed gives the same diff.
	local := testenv.SQLiteCopy(t)
	out2, err := runDiffCLI(t, "diff", "--tracking-uri", local.URI, base, unb, "-o", "json")
	if err != nil {
		t.Fatalf("diff on sqlite: %v\n%s", err, out2)
	}
	var d2 diffJSON
	if err := json.Unmarshal([]byte(out2), &d2); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if !reflect.DeepEqual(d, d2) {
		t.Errorf("REST and SQLite disagree:\nREST:\n%s\nSQLite:\n%s", out, out2)
	}
}

func TestDiffCommandVersionsAndNaN(t *testing.T) {
	srv := testenv.Shared(t)
	md, err := runDiffCLI(t, "diff", "--tracking-uri", srv.URL, "--model", "iris-classifier", "@champion", "@challenger", "-o", "md")
	if err != nil {
		t.Fatalf("diff --model: %v\n%s", err, md)
	}
	for _, want := range []string{"| aliases | champion | challenger |", "| approval_status | approved | — |", "| criterion | gini | entropy |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}

	nan, adam := srv.Summary.Run(t, "nan_run"), srv.Summary.Run(t, "mnist_adam")
	out, err := runDiffCLI(t, "diff", "--tracking-uri", srv.URL, nan, adam, "-o", "json", "--all")
	if err != nil {
		t.Fatalf("diff: %v\n%s", err, out)
	}
	var d diffJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("NaN broke the JSON: %v\n%s", err, out)
	}
	nans := 0
	for _, r := range d.Rows {
		for _, c := range r.Cells {
			if c["value"] == "NaN" {
				nans++
			}
		}
	}
	if nans == 0 {
		t.Errorf("no NaN value in the diff of the run that logged NaN:\n%s", out)
	}

	if _, err := runDiffCLI(t, "diff", "--tracking-uri", srv.URL, nan, "0000000000000000000000000000dead"); err == nil ||
		!strings.Contains(err.Error(), "0000000000000000000000000000dead") {
		t.Errorf("a missing run: %v", err)
	}
}
