package sweep

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"mltui/client"
)

func run(id string, params map[string]string, metrics map[string]float64) client.Run {
	r := client.Run{Info: client.RunInfo{RunID: id}}
	for k, v := range params {
		r.Data.Params = append(r.Data.Params, client.Param{Key: k, Value: v})
	}
	for k, v := range metrics {
		r.Data.Metrics = append(r.Data.Metrics, client.Metric{Key: k, Value: v})
	}
	return r
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestGroupByStats(t *testing.T) {
	runs := []client.Run{
		run("a", map[string]string{"lr": "0.1", "opt": "sgd"}, map[string]float64{"loss": 1}),
		run("b", map[string]string{"lr": "0.01", "opt": "sgd"}, map[string]float64{"loss": 0.5}),
		run("c", map[string]string{"lr": "0.1", "opt": "sgd"}, map[string]float64{"loss": 3}),
		run("d", map[string]string{"lr": "0.1", "opt": "sgd"}, map[string]float64{"loss": math.NaN()}),
		run("e", map[string]string{"lr": "0.1"}, map[string]float64{}),
	}
	gs := GroupBy(runs, []string{"lr", "params.opt"}, []string{"loss"}, func(string) bool { return true })
	if len(gs) != 3 || gs[0].Key() != "0.1 · sgd" || gs[1].Key() != "0.01 · sgd" || gs[2].Key() != "0.1 · " {
		t.Fatalf("groups %v", keys(gs))
	}
	s := gs[0].Stats["loss"]
	// 1 and 3 (NaN apart): mean 2, sample std √2.
	if s.N != 2 || s.NaN != 1 || !near(s.Mean, 2) || s.Min != 1 || s.Max != 3 || !near(s.Std, math.Sqrt2) || s.BestID != "a" {
		t.Errorf("stat %+v", s)
	}
	if s := gs[1].Stats["loss"]; s.N != 1 || !math.IsNaN(s.Std) || s.Mean != 0.5 {
		t.Errorf("one run: %+v", s)
	}
	if s := gs[2].Stats["loss"]; s.N != 0 || !math.IsNaN(s.Mean) || s.BestID != "" {
		t.Errorf("no values: %+v", s)
	}
	SortGroups(gs, "loss", "mean", false)
	if k := keys(gs); k != "0.01 · sgd|0.1 · sgd|0.1 · " {
		t.Errorf("sorted by mean: %s", k)
	}
	SortGroups(gs, "loss", "mean", true)
	if k := keys(gs); k != "0.1 · sgd|0.01 · sgd|0.1 · " {
		t.Errorf("sorted by mean, descending (NaN still last): %s", k)
	}
}

func keys(gs []Group) string {
	var ks []string
	for _, g := range gs {
		ks = append(ks, g.Key())
	}
	return strings.Join(ks, "|")
}

// A param that decides the metric explains all of its variance and ranks
// with it perfectly; a param unrelated to it explains nothing.
func TestImportances(t *testing.T) {
	var runs []client.Run
	for i := range 12 {
		lr := []string{"0.001", "0.01", "0.1"}[i%3]
		seed := strconv.Itoa(i / 3 % 2)                                 // 0 or 1, balanced against lr
		loss := map[string]float64{"0.001": 3, "0.01": 2, "0.1": 1}[lr] // lr decides it
		runs = append(runs, run(strconv.Itoa(i), map[string]string{"lr": lr, "seed": seed, "opt": "adam"}, map[string]float64{"loss": loss}))
	}
	runs = append(runs, run("few", map[string]string{"rare": "x"}, map[string]float64{"loss": 1}))
	imps := Importances(runs, "loss", []string{"seed", "rare", "lr", "opt"})
	if imps[0].Param != "lr" || !near(imps[0].Share, 1) || !near(imps[0].Spearman, -1) || imps[0].N != 12 || imps[0].Values != 3 {
		t.Fatalf("lr: %+v", imps[0])
	}
	if imps[1].Param != "seed" || !near(imps[1].Share, 0) {
		t.Errorf("seed: %+v", imps[1])
	}
	for _, imp := range imps[2:] {
		if imp.Note == "" || !math.IsNaN(imp.Share) {
			t.Errorf("%s should say why it has no figures: %+v", imp.Param, imp)
		}
	}
	if !strings.Contains(imps[2].Note+imps[3].Note, "not enough runs (1 with this param") {
		t.Errorf("notes: %q %q", imps[2].Note, imps[3].Note)
	}
}

func TestRanksAverageTies(t *testing.T) {
	got := ranks([]float64{10, 20, 10, 30})
	want := []float64{1.5, 3, 1.5, 4}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ranks = %v", got)
		}
	}
}
