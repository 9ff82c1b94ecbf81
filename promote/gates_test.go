package promote

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"mltui/client"
	"mltui/config"
	"mltui/internal/promotetest"
)

func f(v float64) *float64 { return &v }

// articleGates are the seed article's model_approval_workflow thresholds.
func articleGates() *config.Config {
	c := config.Defaults()
	c.Registry.Gates = []config.Gate{
		{Metric: "accuracy", Op: ">=", Threshold: f(0.90)},
		{Metric: "f1_macro", Op: ">=", Threshold: f(0.85)},
	}
	return &c
}

func TestGatesThresholds(t *testing.T) {
	st := promotetest.Iris()
	ctx := context.Background()
	cases := map[string][]Status{
		"1": {Fail, Pass}, // accuracy 0.8667
		"3": {Pass, Pass},
		"5": {Pass, Fail}, // f1 NaN
	}
	for v, want := range cases {
		rep, err := Evaluate(ctx, st, articleGates(), "iris-classifier", v)
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range want {
			if rep.Results[i].Status != w {
				t.Errorf("v%s gate %q = %s (%s), want %s", v, rep.Results[i].Gate, rep.Results[i].Status, rep.Results[i].Reason, w)
			}
		}
		if rep.Passed != (v == "3") {
			t.Errorf("v%s passed = %v", v, rep.Passed)
		}
	}
	rep, _ := Evaluate(ctx, st, articleGates(), "iris-classifier", "5")
	if rep.Results[1].Reason != "metric is NaN" {
		t.Errorf("NaN reason %q", rep.Results[1].Reason)
	}
	if rep.Results[0].Gate != "accuracy >= 0.9" {
		t.Errorf("gate text %q", rep.Results[0].Gate)
	}
}

func TestGatesMissingMetricFails(t *testing.T) {
	st := promotetest.Iris()
	cfg := config.Defaults()
	cfg.Registry.Gates = []config.Gate{{Metric: "auc", Threshold: f(0.5)}}
	rep, err := Evaluate(context.Background(), st, &cfg, "iris-classifier", "3")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Passed || rep.Results[0].Status != Fail || rep.Results[0].Reason != "metric missing" {
		t.Fatalf("report %+v", rep)
	}
}

func TestGatesBeatChampion(t *testing.T) {
	st := promotetest.Iris()
	cfg := config.Defaults()
	cfg.Registry.Gates = []config.Gate{{Metric: "f1_macro", BeatsAlias: "champion", MinDelta: 0.01}}
	ctx := context.Background()
	// v4 f1 0.9666 vs champion v3 0.9327: +0.0339.
	rep, err := Evaluate(ctx, st, &cfg, "iris-classifier", "4")
	if err != nil || !rep.Passed || rep.Results[0].AgainstVersion != "3" || float64(*rep.Results[0].Against) != 0.9327 {
		t.Fatalf("v4: %+v %v", rep, err)
	}
	// v2 is worse than the champion.
	rep, _ = Evaluate(ctx, st, &cfg, "iris-classifier", "2")
	if rep.Passed || !strings.Contains(rep.Results[0].Reason, "margin") {
		t.Fatalf("v2: %+v", rep.Results)
	}
	// The champion itself passes; a NaN candidate fails.
	rep, _ = Evaluate(ctx, st, &cfg, "iris-classifier", "3")
	if !rep.Passed {
		t.Fatalf("v3: %+v", rep.Results)
	}
	rep, _ = Evaluate(ctx, st, &cfg, "iris-classifier", "5")
	if rep.Passed || rep.Results[0].Reason != "metric is NaN" {
		t.Fatalf("v5: %+v", rep.Results)
	}
	// Not enough margin: delta 0.05 > 0.0339.
	cfg.Registry.Gates[0].MinDelta = 0.05
	rep, _ = Evaluate(ctx, st, &cfg, "iris-classifier", "4")
	if rep.Passed {
		t.Fatalf("v4 passed a 0.05 margin: %+v", rep.Results)
	}
	// No holder: nothing to beat.
	cfg.Registry.Gates[0].BeatsAlias = "nobody"
	rep, _ = Evaluate(ctx, st, &cfg, "iris-classifier", "2")
	if !rep.Passed || !strings.Contains(rep.Results[0].Reason, "nothing to beat") {
		t.Fatalf("no holder: %+v", rep.Results)
	}
}

func TestGatesLowerIsBetter(t *testing.T) {
	st := promotetest.New()
	st.AddModel(client.RegisteredModel{Name: "m", Aliases: []client.AliasRef{{Alias: "champion", Version: "1"}}})
	for i, loss := range []float64{0.50, 0.40, 0.55} {
		id := string(rune('a' + i))
		st.AddRun(client.Run{Info: client.RunInfo{RunID: id}, Data: client.RunData{Metrics: []client.Metric{{Key: "val_loss", Value: loss}}}})
		st.AddVersion(client.ModelVersion{Name: "m", Version: string(rune('1' + i)), RunID: id})
	}
	cfg := config.Defaults()
	cfg.Registry.Gates = []config.Gate{{Metric: "val_loss", BeatsAlias: "champion", MinDelta: 0.05}}
	ctx := context.Background()
	if rep, _ := Evaluate(ctx, st, &cfg, "m", "2"); !rep.Passed || !strings.Contains(rep.Results[0].Gate, "lower is better") {
		t.Fatalf("lower loss should pass: %+v", rep.Results)
	}
	if rep, _ := Evaluate(ctx, st, &cfg, "m", "3"); rep.Passed {
		t.Fatalf("higher loss passed: %+v", rep.Results)
	}
}

func TestGatesFromLoggedModel(t *testing.T) {
	st := promotetest.Iris()
	cfg := config.Defaults()
	cfg.Registry.Gates = []config.Gate{{Model: "wine-*", Metric: "rmse", Op: "<=", Threshold: f(0.7)}}
	rep, err := Evaluate(context.Background(), st, &cfg, "wine-regressor", "1")
	if err != nil || !rep.Passed || !strings.HasPrefix(rep.Source, "logged model m-") {
		t.Fatalf("%+v %v", rep, err)
	}
	// The glob does not apply to iris.
	rep, _ = Evaluate(context.Background(), st, &cfg, "iris-classifier", "1")
	if !rep.NoGates {
		t.Fatalf("iris got wine's gate: %+v", rep)
	}
}

func TestGatesNoneConfiguredAndInvalid(t *testing.T) {
	st := promotetest.Iris()
	rep, err := Evaluate(context.Background(), st, nil, "iris-classifier", "3")
	if err != nil || !rep.NoGates || rep.Passed {
		t.Fatalf("no gates: %+v %v", rep, err)
	}
	for _, g := range []config.Gate{
		{Metric: "accuracy"},
		{Metric: "accuracy", Threshold: f(1), Op: "=>"},
		{Metric: "accuracy", Threshold: f(1), BeatsAlias: "champion"},
		{Metric: "accuracy", BeatsAlias: "latest"},
		{Threshold: f(1)},
	} {
		cfg := config.Defaults()
		cfg.Registry.Gates = []config.Gate{g}
		if _, err := Evaluate(context.Background(), st, &cfg, "iris-classifier", "3"); client.KindOf(err) != client.KindInvalidParameter {
			t.Errorf("gate %+v: err = %v", g, err)
		}
	}
	if _, err := Evaluate(context.Background(), st, articleGates(), "iris-classifier", "42"); client.KindOf(err) != client.KindNotFound {
		t.Errorf("missing version: %v", err)
	}
}

func TestGatesStoreErrorIsAnError(t *testing.T) {
	st := promotetest.Iris()
	st.Fail = func(op string) error {
		if op == "GetRun" {
			return &client.Error{Kind: client.KindUnavailable, Message: "connection refused"}
		}
		return nil
	}
	if _, err := Evaluate(context.Background(), st, articleGates(), "iris-classifier", "3"); client.KindOf(err) != client.KindUnavailable {
		t.Fatalf("err = %v", err)
	}
}

func TestGateReportJSONHandlesNaN(t *testing.T) {
	st := promotetest.Iris()
	rep, _ := Evaluate(context.Background(), st, articleGates(), "iris-classifier", "5")
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"value":"NaN"`) {
		t.Fatalf("json %s", b)
	}
	for in, want := range map[float64]string{math.Inf(1): `"Infinity"`, math.Inf(-1): `"-Infinity"`, 0.5: `0.5`} {
		b, _ := json.Marshal(Number(in))
		if string(b) != want {
			t.Errorf("%v → %s", in, b)
		}
	}
}
