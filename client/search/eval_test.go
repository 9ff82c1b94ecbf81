package search

import (
	"math"
	"testing"

	"mltui/client"
)

func run(id, name string, start int64, metrics map[string]float64, params, tags map[string]string) client.Run {
	r := client.Run{Info: client.RunInfo{RunID: id, RunName: name, StartTime: start, Status: client.StatusFinished, UserID: "ana"}}
	for k, v := range metrics {
		r.Data.Metrics = append(r.Data.Metrics, client.Metric{Key: k, Value: v})
	}
	for k, v := range params {
		r.Data.Params = append(r.Data.Params, client.Param{Key: k, Value: v})
	}
	for k, v := range tags {
		r.Data.Tags = append(r.Data.Tags, client.Tag{Key: k, Value: v})
	}
	return r
}

func mustRunFilter(t *testing.T, f string) []Clause {
	t.Helper()
	c, err := ParseRunFilter(f)
	if err != nil {
		t.Fatalf("%q: %v", f, err)
	}
	return c
}

func TestMatchRun(t *testing.T) {
	a := run("a", "rf-1", 10, map[string]float64{"acc": 0.95, "bad": math.NaN()}, map[string]string{"n": "100"}, map[string]string{"team": "Vision"})
	a.Info.EndTime = 20
	a.Inputs.Datasets = []client.DatasetInput{{
		Tags:    []client.Tag{{Key: "mlflow.data.context", Value: "training"}},
		Dataset: client.Dataset{Name: "iris", Digest: "d1"},
	}}
	b := run("b", "", 5, map[string]float64{"acc": 0.5}, nil, map[string]string{"mlflow.runName": "from-tag"})
	cases := []struct {
		filter string
		a, b   bool
	}{
		{"metrics.acc > 0.9", true, false},
		{"metrics.acc >= 0.5", true, true},
		{"metrics.missing < 1", false, false},
		{"metrics.bad != 1", true, false}, // NaN != x holds; b has no "bad"
		{"metrics.bad = 0", false, false},
		{"metrics.bad < 1", false, false},
		{"params.n = '100'", true, false},
		{"params.n IS NULL", false, true},
		{"params.n IS NOT NULL", true, false},
		{"params.n != '5'", true, false}, // missing fails != too
		{"tags.team LIKE 'Vis%'", true, false},
		{"tags.team LIKE 'vis%'", false, false},
		{"tags.team ILIKE 'vis%'", true, false},
		{"run_name = 'from-tag'", false, true},
		{"attributes.run_id IN ('b', 'c')", false, true},
		{"run_id NOT IN ('b')", true, false},
		{"end_time > 0", true, false}, // b has no end time
		{"start_time < 8", false, true},
		{"status = 'FINISHED' AND user_id = 'ana'", true, true},
		{"datasets.context = 'training'", true, false},
		{"datasets.name IN ('iris')", true, false},
		{"datasets.digest != 'd1'", false, false},
		{"metrics.acc > 0.9 AND params.n = '5'", false, false},
	}
	for _, c := range cases {
		f := mustRunFilter(t, c.filter)
		if got := MatchRun(f, a); got != c.a {
			t.Errorf("%q on a = %v, want %v", c.filter, got, c.a)
		}
		if got := MatchRun(f, b); got != c.b {
			t.Errorf("%q on b = %v, want %v", c.filter, got, c.b)
		}
	}
}

func TestMatchRegistry(t *testing.T) {
	m := client.RegisteredModel{Name: "iris-classifier", Tags: []client.Tag{{Key: "owner", Value: "ml"}}}
	p := client.RegisteredModel{Name: "my-prompt", Tags: []client.Tag{{Key: PromptTag, Value: "true"}}}
	mf := func(s string) []Clause {
		c, err := ParseModelFilter(s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if !MatchModel(mf("tags.`mlflow.prompt.is_prompt` != 'true'"), m) || MatchModel(mf("tags.`mlflow.prompt.is_prompt` != 'true'"), p) {
		t.Error("prompt tag default: a model without the tag is not a prompt")
	}
	if !MatchModel(mf("name LIKE 'iris%' AND tags.owner = 'ml'"), m) || MatchModel(mf("tags.other = 'x'"), m) {
		t.Error("model name/tag matching")
	}
	v := client.ModelVersion{Name: "iris-classifier", Version: "12", RunID: "r1", Source: "models:/m-1"}
	vf := func(s string) []Clause {
		c, err := ParseVersionFilter(s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for f, want := range map[string]bool{
		"version_number > 9":             true, // numeric, not string, comparison
		"version_number = 2":             false,
		"run_id IN ('r1','r2')":          true,
		"source_path LIKE 'models:/m-%'": true,
		"name != 'iris-classifier'":      false,
		"tags.x = 'y'":                   false,
	} {
		if got := MatchVersion(vf(f), v); got != want {
			t.Errorf("version %q = %v, want %v", f, got, want)
		}
	}
	e := client.Experiment{ID: "7", Name: "iris", CreationTime: 100, Tags: []client.Tag{{Key: "t", Value: "v"}}}
	ef := func(s string) []Clause {
		c, err := ParseExperimentFilter(s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for f, want := range map[string]bool{
		"name = 'iris' AND creation_time >= 100": true,
		"experiment_id IN ('1', '7')":            true,
		"tags.t IS NOT NULL AND tags.u IS NULL":  true,
		"tags.t = 'w'":                           false,
		"last_update_time > 0":                   false,
	} {
		if got := MatchExperiment(ef(f), e); got != want {
			t.Errorf("experiment %q = %v, want %v", f, got, want)
		}
	}
	lm := client.LoggedModel{ModelID: "m-1", Name: "model", Status: "LOGGED_MODEL_READY", CreationTimestampMs: 5,
		Metrics: []client.Metric{{Key: "acc", Value: 0.8}}, Params: []client.Param{{Key: "p", Value: "1"}}}
	lf := func(s string) []Clause {
		c, err := ParseLoggedModelFilter(s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for f, want := range map[string]bool{
		"status = 'READY' AND metrics.acc > 0.5": true,
		"params.p = '1' AND creation_time < 6":   true,
		"metrics.acc > 0.9":                      false,
		"model_id IN ('m-2')":                    false,
	} {
		if got := MatchLoggedModel(lf(f), lm); got != want {
			t.Errorf("logged model %q = %v, want %v", f, got, want)
		}
	}
}

func ids(runs []client.Run) string {
	s := ""
	for _, r := range runs {
		s += r.Info.RunID
	}
	return s
}

func TestSortRuns(t *testing.T) {
	runs := []client.Run{
		run("a", "x", 1, map[string]float64{"acc": 0.5}, map[string]string{"p": "b"}, nil),
		run("b", "x", 3, map[string]float64{"acc": math.NaN()}, nil, nil),
		run("c", "x", 2, nil, map[string]string{"p": "a"}, nil),
		run("d", "x", 2, map[string]float64{"acc": 0.9}, map[string]string{"p": "a"}, nil),
		run("e", "x", 3, map[string]float64{"acc": math.Inf(-1)}, nil, nil),
	}
	order := func(s ...string) []OrderBy {
		o, err := ParseRunOrderBy(s)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	cases := []struct {
		order []OrderBy
		want  string
	}{
		{nil, "becda"},                       // start_time DESC, then run_id
		{order("metrics.acc DESC"), "daebc"}, // values desc, then NaN, then missing
		{order("metrics.acc ASC"), "eadbc"},
		{order("params.p"), "cdabe"}, // a,a (ties: start DESC, id) then b, then missing by start DESC
		{order("start_time ASC"), "acdbe"},
		{order("params.p DESC", "metrics.acc"), "adceb"},
	}
	for _, c := range cases {
		rs := append([]client.Run(nil), runs...)
		SortRuns(rs, c.order)
		if got := ids(rs); got != c.want {
			t.Errorf("order %+v: got %s want %s", c.order, got, c.want)
		}
	}
}

func TestSortExperimentsAndVersions(t *testing.T) {
	exps := []client.Experiment{{ID: "9", CreationTime: 1}, {ID: "10", CreationTime: 2}, {ID: "0", CreationTime: 1}}
	SortExperiments(exps, nil)
	if got := exps[0].ID + exps[1].ID + exps[2].ID; got != "1009" {
		t.Errorf("default experiment order: %s", got)
	}
	o, _ := ParseExperimentOrderBy([]string{"creation_time"})
	SortExperiments(exps, o)
	if got := exps[0].ID + "," + exps[1].ID + "," + exps[2].ID; got != "9,0,10" {
		t.Errorf("creation_time ASC with the experiment_id DESC tie-break: %s", got)
	}
	vs := []client.ModelVersion{{Name: "b", Version: "2", LastUpdatedTimestamp: 1}, {Name: "a", Version: "10", LastUpdatedTimestamp: 1}, {Name: "a", Version: "9", LastUpdatedTimestamp: 1}, {Name: "a", Version: "1", LastUpdatedTimestamp: 5}}
	SortVersions(vs, nil)
	got := ""
	for _, v := range vs {
		got += v.Name + v.Version + " "
	}
	if got != "a1 a10 a9 b2 " {
		t.Errorf("default version order: %q", got)
	}
}

func TestSortModelsAndTieBreaks(t *testing.T) {
	ms := []client.RegisteredModel{{Name: "c", CreationTimestamp: 1}, {Name: "a", CreationTimestamp: 2}, {Name: "b", CreationTimestamp: 1}}
	o, _ := ParseModelOrderBy([]string{"creation_timestamp DESC"})
	SortModels(ms, o)
	if got := ms[0].Name + ms[1].Name + ms[2].Name; got != "abc" {
		t.Errorf("creation_timestamp DESC with the name ASC tie-break: %s", got)
	}
	o, _ = ParseModelOrderBy([]string{"name DESC"})
	SortModels(ms, o)
	if got := ms[0].Name + ms[1].Name + ms[2].Name; got != "cba" {
		t.Errorf("name DESC: %s", got)
	}
	// The caller's order is never extended in place.
	given := make([]OrderBy, 1, 4)
	given[0] = OrderBy{Attribute, "creation_timestamp", true}
	vs := []client.ModelVersion{{Name: "a", Version: "1"}, {Name: "a", Version: "2"}}
	SortVersions(vs, given)
	if vs[0].Version != "2" || len(given) != 1 || given[:2][1] != (OrderBy{}) {
		t.Errorf("versions %v, order left as %v", vs, given[:2])
	}
}

func TestPaginate(t *testing.T) {
	items := []int{1, 2, 3, 4, 5}
	var all []int
	tok := ""
	for range 10 {
		p, err := Paginate(items, tok, 2)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p.Items...)
		if p.NextPageToken == "" {
			break
		}
		tok = p.NextPageToken
	}
	if len(all) != 5 || all[4] != 5 {
		t.Errorf("pages joined to %v", all)
	}
	if EncodeOffset(100) != "eyJvZmZzZXQiOiAxMDB9" { // what MLflow's create_page_token(100) gives
		t.Errorf("token for 100 = %s", EncodeOffset(100))
	}
	for _, bad := range []string{"!!", "e30=", "eyJvZmZzZXQiOiAwfQ==", "bm90IGpzb24="} {
		if _, err := DecodeOffset(bad); err == nil {
			t.Errorf("DecodeOffset(%q) accepted", bad)
		}
	}
	p, err := Paginate(items, EncodeOffset(50), 2)
	if err != nil || len(p.Items) != 0 || p.NextPageToken != "" {
		t.Errorf("offset past the end: %+v %v", p, err)
	}
}
