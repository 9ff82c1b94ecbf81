package rest

import (
	"encoding/json"
	"math"
	"testing"

	"mltui/client"
)

func TestFlexIntAcceptsNumbersAndStrings(t *testing.T) {
	cases := map[string]int64{
		`1700000000123`:   1700000000123,
		`"1700000000123"`: 1700000000123,
		`"-5"`:            -5,
		`null`:            0,
		`""`:              0,
		`1.7e12`:          1700000000000,
	}
	for in, want := range cases {
		var n flexInt
		if err := json.Unmarshal([]byte(in), &n); err != nil || int64(n) != want {
			t.Errorf("%s → %d, %v; want %d", in, n, err, want)
		}
	}
	for _, bad := range []string{`"abc"`, `1.5`, `true`, `{}`} {
		var n flexInt
		if err := json.Unmarshal([]byte(bad), &n); err == nil {
			t.Errorf("%s accepted as %d", bad, n)
		}
	}
}

func TestFlexFloatNonFinite(t *testing.T) {
	var m wireMetric
	for in, check := range map[string]func(float64) bool{
		`{"value":"NaN"}`:       math.IsNaN,
		`{"value":"Infinity"}`:  func(f float64) bool { return math.IsInf(f, 1) },
		`{"value":"-Infinity"}`: func(f float64) bool { return math.IsInf(f, -1) },
		`{"value":0.25}`:        func(f float64) bool { return f == 0.25 },
		`{"value":"0.5"}`:       func(f float64) bool { return f == 0.5 },
		`{"value":1e308}`:       func(f float64) bool { return f == 1e308 },
	} {
		m = wireMetric{}
		if err := json.Unmarshal([]byte(in), &m); err != nil || !check(float64(m.Value)) {
			t.Errorf("%s → %v, %v", in, m.Value, err)
		}
	}
	if err := json.Unmarshal([]byte(`{"value":"lots"}`), &m); err == nil {
		t.Error(`"lots" accepted as a number`)
	}
}

func TestWireRunMapping(t *testing.T) {
	body := `{"info":{"run_uuid":"abc","experiment_id":7,"status":"FINISHED","start_time":"1700000000000","lifecycle_stage":"active","unknown_field":1},
	 "data":{"metrics":[{"key":"loss","value":"NaN","timestamp":"5","step":"3"}],"tags":[{"key":"mlflow.runName","value":"tagname"}]},
	 "inputs":{"dataset_inputs":[{"tags":[{"key":"mlflow.data.context","value":"training"}],"dataset":{"name":"iris","digest":"d1"}}],"model_inputs":[{"model_id":"m-1"}]},
	 "outputs":{"model_outputs":[{"model_id":"m-2","step":"4"}]}}`
	var w wireRun
	if err := json.Unmarshal([]byte(body), &w); err != nil {
		t.Fatal(err)
	}
	r := w.domain()
	if r.Info.RunID != "abc" || r.Info.ExperimentID != "7" || r.Info.RunName != "tagname" || r.Info.StartTime != 1700000000000 {
		t.Fatalf("info: %+v", r.Info)
	}
	if len(r.Data.Metrics) != 1 || !math.IsNaN(r.Data.Metrics[0].Value) || r.Data.Metrics[0].Step != 3 {
		t.Fatalf("metrics: %+v", r.Data.Metrics)
	}
	if r.Data.Params != nil {
		t.Fatalf("omitted params should be nil, got %#v", r.Data.Params)
	}
	if len(r.Inputs.Datasets) != 1 || r.Inputs.Datasets[0].Context() != "training" || r.Inputs.Datasets[0].Dataset.Digest != "d1" {
		t.Fatalf("datasets: %+v", r.Inputs.Datasets)
	}
	if len(r.Inputs.ModelInputs) != 1 || r.Inputs.ModelInputs[0] != "m-1" {
		t.Fatalf("model inputs: %+v", r.Inputs.ModelInputs)
	}
	if len(r.Outputs.ModelOutputs) != 1 || r.Outputs.ModelOutputs[0] != (client.ModelOutput{ModelID: "m-2", Step: 4}) {
		t.Fatalf("model outputs: %+v", r.Outputs.ModelOutputs)
	}
	// run_name in info wins over the tag.
	w.Info.RunName = "infoname"
	if got := w.domain().Info.RunName; got != "infoname" {
		t.Fatalf("run name %q", got)
	}
}

func TestWireVersionAndAliases(t *testing.T) {
	var m wireRegisteredModel
	err := json.Unmarshal([]byte(`{"name":"m","aliases":[{"alias":"champion","version":3}],"latest_versions":[{"name":"m","version":"4","creation_timestamp":"12"}]}`), &m)
	if err != nil {
		t.Fatal(err)
	}
	d := m.domain()
	if v, ok := d.AliasVersion("champion"); !ok || v != "3" {
		t.Fatalf("alias: %+v", d.Aliases)
	}
	if d.LatestVersions[0].Version != "4" || d.LatestVersions[0].CreationTimestamp != 12 {
		t.Fatalf("latest: %+v", d.LatestVersions)
	}
}
