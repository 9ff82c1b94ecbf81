package cli

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"sort"
	"strings"
	"testing"

	"mltui/client"
	"mltui/format"
	"mltui/testenv"
)

func TestJSONFloatSpellsNonFinite(t *testing.T) {
	b, err := json.Marshal(map[string]format.JSONFloat{"a": format.JSONFloat(math.NaN()), "b": format.JSONFloat(math.Inf(1)), "c": format.JSONFloat(math.Inf(-1)), "d": 0.25})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"a":"NaN","b":"Infinity","c":"-Infinity","d":0.25}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestRunsRejectsBadArguments(t *testing.T) {
	for _, args := range [][]string{
		{"runs"},                           // no experiment
		{"runs", "a", "-o", "yaml"},        // unknown output
		{"runs", "a", "--max", "-1"},       // negative max
		{"runs", "a", "--experiment", "b"}, // two experiments
		{"runs", "a", "b"},                 // two arguments
	} {
		if _, err := runCLI(t, append(args, "--tracking-uri", "http://127.0.0.1:1")...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

type runOut struct {
	RunID   string         `json:"run_id"`
	RunName string         `json:"run_name"`
	Status  string         `json:"status"`
	Metrics map[string]any `json:"metrics"`
	Params  map[string]string
}

// TestRunsCommandOnRealStores checks `mltui runs` against what the MLflow
// Python client reads from the same seed, through a real server and
// through the SQLite file.
func TestRunsCommandOnRealStores(t *testing.T) {
	srv := testenv.Shared(t)
	dump := testenv.DumpAll(t, srv.URL)
	local := testenv.SQLiteCopy(t)
	mnist := srv.Summary.Experiment(t, "mnist")
	var active []testenv.DumpRun
	for _, r := range dump.Runs[mnist] {
		if r.Info.LifecycleStage == "active" {
			active = append(active, r)
		}
	}
	nanRun := srv.Summary.Run(t, "nan_run")

	for name, uri := range map[string]string{"rest": srv.URL, "sqlite": local.URI} {
		t.Run(name, func(t *testing.T) {
			// JSON, flags after the argument: every active run, NaN as a string.
			out, err := runCLI(t, "runs", "mnist-mlp", "-o", "json", "--tracking-uri", uri)
			if err != nil {
				t.Fatal(err)
			}
			var got []runOut
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if len(got) != len(active) {
				t.Fatalf("%d runs, the Python client sees %d", len(got), len(active))
			}
			ids := map[string]bool{}
			for _, r := range got {
				ids[r.RunID] = true
			}
			for _, r := range active {
				if !ids[r.Info.RunID] {
					t.Errorf("run %s (%s) missing", r.Info.RunID, r.Info.RunName)
				}
			}
			sawNaN := false
			for _, r := range got {
				if r.RunID != nanRun {
					continue
				}
				for _, v := range r.Metrics {
					if v == "NaN" {
						sawNaN = true
					}
				}
			}
			if !sawNaN {
				t.Errorf("the NaN run's metric should be the string \"NaN\"")
			}

			// Table, flags before the argument, server-side order and --max.
			out, err = runCLI(t, "runs", "--order-by", "metrics.accuracy DESC", "--max", "2", "--tracking-uri", uri, "iris-classification")
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 3 || !strings.HasPrefix(lines[0], "RUN ID") {
				t.Fatalf("header plus 2 rows expected:\n%s", out)
			}
			iris := dump.Runs[srv.Summary.Experiment(t, "iris")]
			var accs []float64
			best := ""
			for _, r := range iris {
				if m, ok := r.Metric("accuracy"); ok && r.Info.LifecycleStage == "active" {
					accs = append(accs, float64(m.Value))
					if float64(m.Value) >= maxOf(accs) {
						best = r.Info.RunID
					}
				}
			}
			sort.Float64s(accs)
			if !strings.HasPrefix(lines[1], best) {
				t.Errorf("best run %s first (accuracy %v):\n%s", best, accs[len(accs)-1], out)
			}

			// CSV with a filter: a header and one record per match.
			out, err = runCLI(t, "runs", "-e", "mnist-mlp", "-o", "csv", "--filter", "attributes.status = 'RUNNING'", "--tracking-uri", uri)
			if err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatalf("not CSV: %v\n%s", err, out)
			}
			running := 0
			for _, r := range active {
				if r.Info.Status == string(client.StatusRunning) {
					running++
				}
			}
			if len(recs) != running+1 || recs[0][0] != "run_id" {
				t.Errorf("%d records, want a header and %d running runs:\n%s", len(recs), running, out)
			}

			// A malformed filter is the store's error, not a crash.
			_, err = runCLI(t, "runs", "mnist-mlp", "--filter", "metrics.loss >> 1", "--tracking-uri", uri)
			if client.KindOf(err) != client.KindInvalidParameter {
				t.Errorf("bad filter: %v (kind %v)", err, client.KindOf(err))
			}
		})
	}
}

func maxOf(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}
