package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"mltui/testenv"
)

// pandasSweep is the reference for the seeded hparam-sweep: the MLflow Python client's
// search_runs DataFrame (argv: URI, experiment, filter, metric, group params...) grouped with
// pandas. Per group: count/mean/min/max/std of the metric (pandas skips NaN: count is the runs with
// a number), size (all runs), the run IDs and idxmin's run. Per param: η² (between-group sum of
// squares over the total, finite values only) and the Spearman correlation of its numeric value.
// NaN is written as null.
const pandasSweep = `
import sys, json, math, mlflow
import pandas as pd
uri, exp, flt, metric = sys.argv[1:5]
by = sys.argv[5:]
mlflow.set_tracking_uri(uri)
df = mlflow.search_runs(experiment_names=[exp], filter_string=flt, max_results=50000)
col = "metrics." + metric
def f(v):
    return None if v is None or v != v else float(v)
groups = {}
for key, g in df.groupby(["params." + p for p in by]):
    key = key if isinstance(key, tuple) else (key,)
    a = g[col].agg(["count", "mean", "min", "max", "std"])
    best = g.loc[g[col].idxmin(), "run_id"] if a["count"] > 0 else ""
    groups["|".join(key)] = {**{k: f(v) for k, v in a.items()}, "size": len(g),
                             "run_ids": sorted(g["run_id"]), "best": best}
fin = df[df[col].apply(lambda v: v == v and not math.isinf(v))]
params = {}
for p in ["lr", "batch_size", "hidden", "seed"]:
    y = fin[col]
    total = ((y - y.mean()) ** 2).sum()
    gm = fin.groupby("params." + p)[col].agg(["count", "mean"])
    between = (gm["count"] * (gm["mean"] - y.mean()) ** 2).sum()
    x = pd.to_numeric(fin["params." + p])
    params[p] = {"share": f(between / total), "spearman": f(x.corr(y, method="spearman")), "n": len(fin)}
print(json.dumps({"runs": len(df), "groups": groups, "params": params}))
`

// pandasSweepResult is what pandasSweep prints.
type pandasSweepResult struct {
	Runs   int `json:"runs"`
	Groups map[string]struct {
		Count, Mean, Min, Max, Std *float64
		Size                       int      `json:"size"`
		RunIDs                     []string `json:"run_ids"`
		Best                       string   `json:"best"`
	} `json:"groups"`
	Params map[string]struct {
		Share, Spearman *float64
		N               int `json:"n"`
	} `json:"params"`
}

// sweepJSON is `mltui sweep -o json` as this test reads it; NaN comes as the string "NaN".
type sweepJSON struct {
	Runs          int  `json:"runs"`
	LowerIsBetter bool `json:"lower_is_better"`
	Groups        []struct {
		Values              map[string]string `json:"values"`
		RunIDs              []string          `json:"run_ids"`
		N                   int               `json:"n"`
		NaN                 int               `json:"nan"`
		Mean, Min, Max, Std any
		Best                string `json:"best_run_id"`
	} `json:"groups"`
	Importances []struct {
		Param           string `json:"param"`
		N               int    `json:"n"`
		Values          int    `json:"values"`
		Share, Spearman any
	} `json:"importances"`
}

// jsonNum reads a figure of mltui's JSON: a number, or NaN for "NaN" and anything else.
func jsonNum(v any) float64 {
	if f, ok := v.(float64); ok {
		return f
	}
	return math.NaN()
}

// sameFigure says whether ours equals pandas' (null for NaN) within a relative 1e-9: the two sum
// in different orders.
func sameFigure(ours float64, theirs *float64) bool {
	if theirs == nil || math.IsNaN(*theirs) {
		return math.IsNaN(ours)
	}
	return !math.IsNaN(ours) && math.Abs(ours-*theirs) <= 1e-9*math.Max(1, math.Abs(*theirs))
}

// The seeded grid search (81 runs, one of them NaN at the end) summarised by `mltui sweep` equals
// pandas' groupby over the Python client's search_runs on the same server, figure by figure: with
// the grid's tag filter and without it (the checkpointed run then joins its group).
func TestIntegrationSweepSeedMatchesPandas(t *testing.T) {
	srv := testenv.Shared(t)
	sw := srv.Summary.Sweep
	if sw == nil || sw.Runs != 81 || len(sw.Grid) != 4 {
		t.Fatalf("seed summary has no 3x3x3x3 sweep: %+v", sw)
	}
	diverged := srv.Summary.Run(t, "sweep_diverged")
	checkpointed := srv.Summary.Run(t, "checkpoint_run")
	cfgKey := "0.1|16" // the checkpointed run's lr and hidden (seed.py's CHECKPOINT_CONFIG)
	for _, tc := range []struct {
		name, filter string
		runs         int
	}{
		{"grid", "tags.sweep = '" + sw.Tag + "'", sw.Runs},
		{"whole experiment", "", sw.Runs + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"sweep", sw.Experiment, "--metric", "val_loss", "--by", "lr,hidden", "-o", "json", "--tracking-uri", srv.URL}
			if tc.filter != "" {
				args = append(args, "--filter", tc.filter)
			}
			out, err := runCLI(t, args...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			var got sweepJSON
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			lines := strings.Split(strings.TrimSpace(testenv.PythonEnv(t, srv.Env(), "-c", pandasSweep,
				srv.URL, sw.Experiment, tc.filter, "val_loss", "lr", "hidden")), "\n")
			var want pandasSweepResult
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &want); err != nil {
				t.Fatalf("%v\n%s", err, lines[len(lines)-1])
			}
			if got.Runs != tc.runs || want.Runs != tc.runs {
				t.Fatalf("runs: ours %d, pandas %d, want %d", got.Runs, want.Runs, tc.runs)
			}
			if !got.LowerIsBetter {
				t.Error("val_loss is not lower-is-better")
			}
			if len(got.Groups) != 9 || len(want.Groups) != 9 {
				t.Fatalf("groups: ours %d, pandas %d, want 3 lr x 3 hidden", len(got.Groups), len(want.Groups))
			}
			nanGroups := 0
			for _, g := range got.Groups {
				key := g.Values["lr"] + "|" + g.Values["hidden"]
				w, ok := want.Groups[key]
				if !ok {
					t.Errorf("pandas has no group %s (has %v)", key, keysOf(want.Groups))
					continue
				}
				ids := slices.Clone(g.RunIDs)
				sort.Strings(ids)
				if !slices.Equal(ids, w.RunIDs) {
					t.Errorf("%s runs: ours %v, pandas %v", key, ids, w.RunIDs)
				}
				// Stat.N counts finite values and NaN apart; pandas' count skips NaN and its
				// size is every run: the seed has NaN and no infinities here.
				if w.Count == nil || float64(g.N) != *w.Count || g.N+g.NaN != w.Size {
					t.Errorf("%s: ours n %d + nan %d, pandas count %v of %d", key, g.N, g.NaN, deref(w.Count), w.Size)
				}
				for _, c := range []struct {
					name   string
					ours   any
					theirs *float64
				}{{"mean", g.Mean, w.Mean}, {"min", g.Min, w.Min}, {"max", g.Max, w.Max}, {"std", g.Std, w.Std}} {
					if !sameFigure(jsonNum(c.ours), c.theirs) {
						t.Errorf("%s %s: ours %v, pandas %v", key, c.name, c.ours, deref(c.theirs))
					}
				}
				if g.Best != w.Best {
					t.Errorf("%s best run: ours %s, pandas idxmin %s", key, g.Best, w.Best)
				}
				if g.NaN > 0 {
					nanGroups++
					if key != sw.Diverged["lr"]+"|"+sw.Diverged["hidden"] || g.NaN != 1 || !slices.Contains(g.RunIDs, diverged) {
						t.Errorf("NaN in group %s (%d runs), want only the diverged run %s", key, g.NaN, diverged)
					}
				}
				size := 9 // 3 batch sizes x 3 seeds, and the checkpointed run where unfiltered
				if tc.filter == "" && key == cfgKey {
					size = 10
				}
				if len(g.RunIDs) != size || slices.Contains(g.RunIDs, checkpointed) != (size == 10) {
					t.Errorf("%s has %d runs (checkpointed among them: %v), want %d", key, len(g.RunIDs),
						slices.Contains(g.RunIDs, checkpointed), size)
				}
			}
			if nanGroups != 1 {
				t.Errorf("%d groups hold a NaN val_loss, want 1 (the diverged run)", nanGroups)
			}

			// Which params matter: the same η² and Spearman as pandas, over the finite runs.
			share := map[string]float64{}
			for _, imp := range got.Importances {
				w, ok := want.Params[imp.Param]
				if !ok {
					t.Errorf("importance of %q, which the sweep does not vary", imp.Param)
					continue
				}
				share[imp.Param] = jsonNum(imp.Share)
				if imp.N != w.N || imp.Values != 3 || !sameFigure(jsonNum(imp.Share), w.Share) || !sameFigure(jsonNum(imp.Spearman), w.Spearman) {
					t.Errorf("%s: ours n %d values %d share %v spearman %v; pandas n %d share %v spearman %v", imp.Param,
						imp.N, imp.Values, imp.Share, imp.Spearman, w.N, deref(w.Share), deref(w.Spearman))
				}
			}
			if len(share) != 4 {
				t.Fatalf("importances for %v, want lr, batch_size, hidden, seed", share)
			}
			// What the seed promises: lr matters most, hidden a little, batch_size and seed barely.
			if !(share["lr"] > 0.5 && share["hidden"] > 0.05 && share["hidden"] < share["lr"] &&
				share["batch_size"] < 0.02 && share["seed"] < 0.02) {
				t.Errorf("importances do not tell lr > hidden > batch_size, seed: %v", share)
			}
			if got.Importances[0].Param != "lr" {
				t.Errorf("strongest param %q, want lr", got.Importances[0].Param)
			}
		})
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func keysOf[V any](m map[string]V) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return fmt.Sprint(ks)
}
