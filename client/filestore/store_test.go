package filestore

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mltui/client"
)

func wantKind(t *testing.T, err error, kind client.ErrorKind, contains ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want a %v error, got none", kind)
	}
	if client.KindOf(err) != kind {
		t.Fatalf("want kind %v, got %v: %v", kind, client.KindOf(err), err)
	}
	for _, c := range contains {
		if !strings.Contains(err.Error(), c) {
			t.Errorf("error %q does not mention %q", err.Error(), c)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(filepath.Join(dir, "nope"), Options{})
	wantKind(t, err, client.KindNotFound, "no such directory")
	f := filepath.Join(dir, "file")
	os.WriteFile(f, []byte("x"), 0o644)
	_, err = Open(f, Options{})
	wantKind(t, err, client.KindCorrupt, "not a directory")
}

func TestReadFixture(t *testing.T) {
	s, _ := openFixture(t, Options{})
	ctx := context.Background()

	exps, err := client.AllExperiments(ctx, s, client.ExperimentQuery{ViewType: client.AllViews})
	if err != nil || len(exps) != 3 {
		t.Fatalf("experiments: %+v %v", exps, err)
	}
	e, err := s.GetExperiment(ctx, fxExp)
	if err != nil || e.Name != "fixture-exp" || len(e.Tags) != 2 || e.Tags[0].Key != "a/b" {
		t.Errorf("experiment: %+v %v", e, err)
	}
	dead, err := s.GetExperimentByName(ctx, "dead-exp")
	if err != nil || dead.LifecycleStage != "deleted" || dead.ID != fxDeadExp {
		t.Errorf("deleted experiment: %+v %v", dead, err)
	}
	active, _ := client.AllExperiments(ctx, s, client.ExperimentQuery{})
	if len(active) != 2 {
		t.Errorf("active experiments: %d", len(active))
	}

	r, err := s.GetRun(ctx, fxRun1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Info.RunName != "first" || r.Info.Status != client.StatusFinished || r.Info.ExperimentID != fxExp {
		t.Errorf("info: %+v", r.Info)
	}
	if v, _ := r.Param("opt/name"); v != "adam" {
		t.Errorf("nested param: %q", v)
	}
	if v, _ := r.Tag("t/x"); v != "y" {
		t.Errorf("nested tag: %q", v)
	}
	checks := map[string]func(float64) bool{
		"loss":          func(v float64) bool { return v == 0.2 },
		"nanm":          math.IsNaN,
		"infm":          func(v float64) bool { return math.IsInf(v, 1) },
		"ninfm":         func(v float64) bool { return math.IsInf(v, -1) },
		"deep/nested/m": func(v float64) bool { return v == 3.5 },
	}
	for k, ok := range checks {
		m, found := r.Metric(k)
		if !found || !ok(m.Value) {
			t.Errorf("metric %s = %+v (found %v)", k, m, found)
		}
	}
	if m, _ := r.Metric("loss"); m.Step != 4 {
		t.Errorf("latest loss step %d", m.Step)
	}
	if len(r.Inputs.Datasets) != 1 || r.Inputs.Datasets[0].Dataset.Name != "ds1" || r.Inputs.Datasets[0].Context() != "training" || r.Inputs.Datasets[0].Dataset.Digest == "" {
		t.Errorf("datasets: %+v", r.Inputs)
	}

	runs, err := client.AllRuns(ctx, s, client.RunQuery{ExperimentIDs: []string{fxExp}})
	if err != nil || len(runs) != 2 {
		t.Fatalf("active runs: %d %v", len(runs), err)
	}
	all, _ := client.AllRuns(ctx, s, client.RunQuery{ExperimentIDs: []string{fxExp}, ViewType: client.AllViews})
	if len(all) != 3 {
		t.Errorf("all runs: %d", len(all))
	}
	found, err := s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{fxExp}, Filter: "params.lr = '0.2' AND metrics.loss < 1", OrderBy: []string{"metrics.loss"}})
	if err != nil || len(found.Items) != 1 || found.Items[0].Info.RunID != fxRun2 {
		t.Errorf("filtered search: %+v %v", found.Items, err)
	}
	_, err = s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{fxExp}, Filter: "metrics.loss < 'x'"})
	wantKind(t, err, client.KindInvalidParameter, "column 16")

	h, err := client.MetricHistory(ctx, s, fxRun1, "loss")
	if err != nil || len(h) != 5 || h[0].Value != 1 || h[4].Step != 4 {
		t.Errorf("history: %+v %v", h, err)
	}
	deep, _ := client.MetricHistory(ctx, s, fxRun1, "deep/nested/m")
	if len(deep) != 1 {
		t.Errorf("nested metric history: %+v", deep)
	}
	p, err := s.MetricHistoryPage(ctx, client.HistoryQuery{RunID: fxRun1, Key: "loss", MaxResults: 2})
	if err != nil || len(p.Items) != 2 || p.NextPageToken == "" {
		t.Errorf("history page: %+v %v", p, err)
	}
	_, err = s.MetricHistoryPage(ctx, client.HistoryQuery{RunID: fxRun1, Key: "../../meta.yaml"})
	wantKind(t, err, client.KindInvalidParameter)
	_, err = s.GetRun(ctx, "../"+fxRun1)
	wantKind(t, err, client.KindInvalidParameter)
	_, err = s.GetRun(ctx, "ffffffffffffffffffffffffffffffff")
	wantKind(t, err, client.KindNotFound)

	sh, err := s.SampledHistory(ctx, client.SampledQuery{RunIDs: []string{fxRun1, fxRun2}, Key: "loss", MaxResults: 2})
	if err != nil || len(sh) == 0 || sh[0].RunID != fxRun1 || sh[len(sh)-1].RunID != fxRun2 {
		t.Errorf("sampled: %+v %v", sh, err)
	}

	lm, err := s.GetLoggedModel(ctx, fxLM)
	if err != nil || lm.Name != "lm" || lm.Status != "LOGGED_MODEL_READY" || len(lm.Metrics) != 1 || lm.Metrics[0].RunID != fxRun1 || len(lm.Params) != 1 {
		t.Errorf("logged model: %+v %v", lm, err)
	}
	lms, err := s.SearchLoggedModels(ctx, client.LoggedModelQuery{ExperimentIDs: []string{fxExp}, Filter: "params.p = '1'"})
	if err != nil || len(lms.Items) != 1 {
		t.Errorf("logged model search: %+v %v", lms, err)
	}
}

func TestRegistryFixture(t *testing.T) {
	s, _ := openFixture(t, Options{})
	ctx := context.Background()
	ms, err := client.AllRegisteredModels(ctx, s, client.ModelQuery{})
	if err != nil || len(ms) != 1 || ms[0].Name != "fixture-model" {
		t.Fatalf("models (prompt hidden): %+v %v", ms, err)
	}
	m := ms[0]
	if v, _ := m.AliasVersion("champion"); v != "2" {
		t.Errorf("champion %q", v)
	}
	var lv []string
	for _, v := range m.LatestVersions {
		lv = append(lv, v.Version+":"+v.CurrentStage)
	}
	if strings.Join(lv, ",") != "2:Production,3:None" {
		t.Errorf("latest versions: %v", lv)
	}
	vs, _ := client.AllModelVersions(ctx, s, client.VersionQuery{})
	if len(vs) != 3 {
		t.Errorf("versions (deleted v4 and the prompt hidden): %d", len(vs))
	}
	prompts, _ := s.SearchRegisteredModels(ctx, client.ModelQuery{Filter: "tags.`mlflow.prompt.is_prompt` = 'true'"})
	if len(prompts.Items) != 1 || prompts.Items[0].Name != "my-prompt" {
		t.Errorf("prompt search: %+v", prompts.Items)
	}
	v, err := s.GetModelVersionByAlias(ctx, "fixture-model", "champion")
	if err != nil || v.Version != "2" || v.CurrentStage != "Production" || len(v.Aliases) != 1 {
		t.Errorf("by alias: %+v %v", v, err)
	}
	v3, _ := s.GetModelVersion(ctx, "fixture-model", "3")
	if val, _ := v3.Tag("approval_status"); val != "approved" {
		t.Errorf("v3 tag %q", val)
	}
	latest, _ := s.GetModelVersionByAlias(ctx, "fixture-model", "latest")
	if latest.Version != "3" {
		t.Errorf("latest = %s", latest.Version)
	}
	_, err = s.GetModelVersion(ctx, "fixture-model", "4")
	wantKind(t, err, client.KindNotFound, "version=4")
	_, err = s.GetRegisteredModel(ctx, "../models")
	wantKind(t, err, client.KindInvalidParameter)
	_, err = s.GetRegisteredModel(ctx, "missing")
	wantKind(t, err, client.KindNotFound)
}

func TestListingContinuesPastBrokenRuns(t *testing.T) {
	s, root := openFixture(t, Options{})
	ctx := context.Background()
	exp := filepath.Join(root, fxExp)
	writeFile(t, filepath.Join(exp, "badyaml0000000000000000000000000", "meta.yaml"), "run_id: [oops\n")
	writeFile(t, filepath.Join(exp, "emptymeta000000000000000000000000", "meta.yaml"), "")
	os.MkdirAll(filepath.Join(exp, "nometa00000000000000000000000000", "artifacts"), 0o755)
	writeFile(t, filepath.Join(exp, "wrongexp0000000000000000000000000", "meta.yaml"), "run_id: wrongexp0000000000000000000000000\nexperiment_id: '42'\n")
	// A run still being written: its metric file ends mid-line.
	f, _ := os.OpenFile(filepath.Join(exp, fxRun2, "metrics", "loss"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("17956752219")
	f.Close()
	// And one with a broken line in the middle.
	writeFile(t, filepath.Join(exp, fxRun1, "metrics", "broken"), "1 0.5 0\ngarbage\n3 0.7 2\n")

	runs, err := client.AllRuns(ctx, s, client.RunQuery{ExperimentIDs: []string{fxExp}})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 {
		t.Errorf("runs past the broken ones: %d", len(runs))
	}
	probs := map[string]string{}
	for _, p := range s.Problems() {
		probs[filepath.Base(p.Path)] = p.Err
	}
	for _, want := range []string{"badyaml0000000000000000000000000", "emptymeta000000000000000000000000", "nometa00000000000000000000000000", "wrongexp0000000000000000000000000", "broken"} {
		if probs[want] == "" {
			t.Errorf("no problem reported for %s (have %v)", want, probs)
		}
	}
	if !strings.Contains(probs["wrongexp0000000000000000000000000"], "recorded under experiment 42") {
		t.Errorf("wrong-experiment problem: %q", probs["wrongexp0000000000000000000000000"])
	}
	for _, r := range runs {
		if r.Info.RunID == fxRun2 {
			if m, _ := r.Metric("loss"); m.Value != 0.7 {
				t.Errorf("half-written line changed the latest loss: %+v", m)
			}
		}
		if r.Info.RunID == fxRun1 {
			if m, _ := r.Metric("broken"); m.Value != 0.5 {
				t.Errorf("metric with a broken line: %+v", m)
			}
		}
	}
	_, err = client.MetricHistory(ctx, s, fxRun1, "broken")
	wantKind(t, err, client.KindCorrupt, "broken line 2")
	h, err := client.MetricHistory(ctx, s, fxRun2, "loss")
	if err != nil || len(h) != 1 {
		t.Errorf("history with a half-written line: %+v %v", h, err)
	}
	_, err = s.GetRun(ctx, "badyaml0000000000000000000000000")
	wantKind(t, err, client.KindCorrupt, "badyaml0000000000000000000000000", "not valid YAML")

	// A broken experiment folder is skipped the same way.
	writeFile(t, filepath.Join(root, "555", "meta.yaml"), "name: [\n")
	exps, err := client.AllExperiments(ctx, s, client.ExperimentQuery{})
	if err != nil || len(exps) != 2 {
		t.Errorf("experiments past a broken one: %d %v", len(exps), err)
	}
}
