package runcols

import (
	"math"
	"strings"
	"testing"

	"mltui/client"
)

func run(params map[string]string, metrics map[string]float64) client.Run {
	var r client.Run
	for k, v := range params {
		r.Data.Params = append(r.Data.Params, client.Param{Key: k, Value: v})
	}
	for k, v := range metrics {
		r.Data.Metrics = append(r.Data.Metrics, client.Metric{Key: k, Value: v})
	}
	return r
}

func TestParamsNumericOrLanes(t *testing.T) {
	runs := []client.Run{
		run(map[string]string{"lr": "0.1", "depth": "10", "opt": "adam", "x": "nan"}, map[string]float64{"loss": 1}),
		run(map[string]string{"lr": "1", "depth": "2", "opt": "sgd", "x": "1"}, nil),
		run(map[string]string{"depth": "None", "opt": "adam", "x": "2"}, map[string]float64{"loss": math.NaN()}),
	}
	lr := Param(runs, "lr")
	if lr.Categorical() || lr.Vals[0] != 0.1 || lr.Vals[1] != 1 || lr.Has[2] || !math.IsNaN(lr.Vals[2]) || !lr.Varies() {
		t.Fatalf("lr %+v", lr)
	}
	depth := Param(runs, "depth")
	if strings.Join(depth.Lanes, ",") != "2,10,None" || depth.Vals[0] != 1 || depth.Vals[2] != 2 {
		t.Fatalf("depth lanes %v vals %v: numbers as numbers, then text", depth.Lanes, depth.Vals)
	}
	if x := Param(runs, "x"); !x.Categorical() {
		t.Fatal("a param holding nan must be lanes: it has no place on an axis")
	}
	loss := Metric(runs, "loss")
	if Count(loss.Has) != 2 || loss.Varies() {
		t.Fatalf("loss has %v vals %v (NaN does not vary)", loss.Has, loss.Vals)
	}
	opt, one := Param(runs, "opt"), Param(runs[:1], "opt")
	if !opt.Varies() || one.Varies() {
		t.Fatal("lanes vary with two values, not with one")
	}
}
