package sqlstore

import (
	"context"
	"strings"
	"testing"

	"mltui/client"
)

func versionList(vs []client.ModelVersion) string {
	var s []string
	for _, v := range vs {
		s = append(s, v.Name+"/"+v.Version)
	}
	return strings.Join(s, ",")
}

func TestRegistryReads(t *testing.T) {
	f := newFixture(t)
	seed(f)
	s := f.open(Options{})
	ctx := context.Background()

	models, err := client.AllRegisteredModels(ctx, s, client.ModelQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(models) != 2 || models[0].Name != "iris-classifier" || models[1].Name != "other" {
		t.Fatalf("models (prompt hidden, name order): %+v", models)
	}
	m := models[0]
	if v, _ := m.AliasVersion("champion"); v != "2" {
		t.Errorf("champion = %q", v)
	}
	if got := versionList(m.LatestVersions); got != "iris-classifier/1,iris-classifier/2,iris-classifier/3,iris-classifier/6" {
		t.Errorf("latest per stage (deleted v5 hidden): %s", got)
	}
	for _, v := range m.LatestVersions {
		if v.Version == "2" && (len(v.Aliases) != 1 || v.Aliases[0] != "champion") {
			t.Errorf("v2 aliases = %v", v.Aliases)
		}
	}
	if v, _ := m.Tag("owner"); v != "ml" {
		t.Errorf("model tag owner = %q", v)
	}

	prompts, _ := s.SearchRegisteredModels(ctx, client.ModelQuery{Filter: "tags.`mlflow.prompt.is_prompt` = 'true'"})
	if len(prompts.Items) != 1 || prompts.Items[0].Name != "my-prompt" {
		t.Errorf("asking for prompts: %+v", prompts.Items)
	}
	byTag, _ := s.SearchRegisteredModels(ctx, client.ModelQuery{Filter: "tags.owner LIKE 'm%' AND name != 'x'"})
	if len(byTag.Items) != 1 {
		t.Errorf("tag filter: %+v", byTag.Items)
	}
	ordered, _ := s.SearchRegisteredModels(ctx, client.ModelQuery{OrderBy: []string{"timestamp DESC"}, MaxResults: 1})
	if len(ordered.Items) != 1 || ordered.Items[0].Name != "other" || ordered.NextPageToken == "" {
		t.Errorf("last_updated DESC page: %+v", ordered)
	}

	vs, err := client.AllModelVersions(ctx, s, client.VersionQuery{Filter: "name = 'iris-classifier'"})
	if err != nil {
		t.Fatal(err)
	}
	if got := versionList(vs); got != "iris-classifier/6,iris-classifier/4,iris-classifier/3,iris-classifier/2,iris-classifier/1" {
		t.Errorf("versions by last_updated DESC, deleted hidden: %s", got)
	}
	for filter, want := range map[string]string{
		"run_id = 'r2'":                          "other/1,iris-classifier/4,iris-classifier/3",
		"version_number >= 4 AND name LIKE 'i%'": "iris-classifier/6,iris-classifier/4",
		"tags.approval_status = 'approved'":      "iris-classifier/3",
		"source_path LIKE 'models:/m-r1'":        "iris-classifier/2,iris-classifier/1",
		"run_id IN ('r3')":                       "iris-classifier/6",
	} {
		got, err := client.AllModelVersions(ctx, s, client.VersionQuery{Filter: filter})
		if err != nil || versionList(got) != want {
			t.Errorf("%q: %s %v, want %s", filter, versionList(got), err, want)
		}
	}
	asc, _ := client.AllModelVersions(ctx, s, client.VersionQuery{OrderBy: []string{"version_number"}, Filter: "name = 'iris-classifier'"})
	if versionList(asc) != "iris-classifier/1,iris-classifier/2,iris-classifier/3,iris-classifier/4,iris-classifier/6" {
		t.Errorf("version_number ASC: %s", versionList(asc))
	}

	v, err := s.GetModelVersionByAlias(ctx, "iris-classifier", "challenger")
	if err != nil || v.Version != "3" || len(v.Tags) != 1 || v.RunID != "r2" || v.CurrentStage != "Staging" {
		t.Errorf("challenger: %+v %v", v, err)
	}
	latest, err := s.GetModelVersionByAlias(ctx, "iris-classifier", "LATEST")
	if err != nil || latest.Version != "6" {
		t.Errorf("latest: %+v %v", latest, err)
	}
	_, err = s.GetModelVersionByAlias(ctx, "iris-classifier", "nope")
	wantKind(t, err, client.KindNotFound, "alias nope not found")
	_, err = s.GetModelVersion(ctx, "iris-classifier", "5")
	wantKind(t, err, client.KindNotFound, "version=5")
	_, err = s.GetModelVersion(ctx, "iris-classifier", "five")
	wantKind(t, err, client.KindInvalidParameter, "must be an integer")
	_, err = s.GetRegisteredModel(ctx, "missing")
	wantKind(t, err, client.KindNotFound, "name=missing not found")
	_, err = s.SearchModelVersions(ctx, client.VersionQuery{Filter: "bogus = 1"})
	wantKind(t, err, client.KindInvalidParameter, "column 1")

	lm, err := s.GetLoggedModel(ctx, "m-aaa")
	if err != nil || lm.Status != "LOGGED_MODEL_READY" || len(lm.Metrics) != 1 || lm.Metrics[0].Value != 0.7 || len(lm.Params) != 1 || len(lm.Tags) != 1 {
		t.Errorf("logged model: %+v %v", lm, err)
	}
	found, err := s.SearchLoggedModels(ctx, client.LoggedModelQuery{ExperimentIDs: []string{"1"}, Filter: "metrics.acc > 0.6 AND status = 'READY'"})
	if err != nil || len(found.Items) != 1 {
		t.Errorf("logged model search: %+v %v", found, err)
	}
}

func TestExperiments(t *testing.T) {
	f := newFixture(t)
	seed(f)
	s := f.open(Options{})
	ctx := context.Background()
	names := func(q client.ExperimentQuery) string {
		exps, err := client.AllExperiments(ctx, s, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		var out []string
		for _, e := range exps {
			out = append(out, e.Name)
		}
		return strings.Join(out, ",")
	}
	cases := []struct {
		q    client.ExperimentQuery
		want string
	}{
		{client.ExperimentQuery{}, "curves,iris,Default"},
		{client.ExperimentQuery{ViewType: client.AllViews}, "curves,iris,old,Default"},
		{client.ExperimentQuery{ViewType: client.DeletedOnly}, "old"},
		{client.ExperimentQuery{Filter: "name LIKE '%i%'"}, "iris"},
		{client.ExperimentQuery{Filter: "tags.team = 'nlp'"}, "curves"},
		{client.ExperimentQuery{Filter: "tags.team IS NULL"}, "Default"},
		{client.ExperimentQuery{Filter: "tags.note IS NOT NULL AND creation_time > 10"}, "curves"},
		{client.ExperimentQuery{Filter: "experiment_id IN ('0', '2')"}, "curves,Default"},
		{client.ExperimentQuery{Filter: "experiment_id != '0'"}, "curves,iris"},
		{client.ExperimentQuery{OrderBy: []string{"name"}}, "Default,curves,iris"},
		{client.ExperimentQuery{OrderBy: []string{"experiment_id DESC"}, MaxResults: 1}, "curves,iris,Default"},
	}
	for _, c := range cases {
		if got := names(c.q); got != c.want {
			t.Errorf("%+v: %s, want %s", c.q, got, c.want)
		}
	}
	e, err := s.GetExperiment(ctx, "2")
	if err != nil || e.Name != "curves" || len(e.Tags) != 2 {
		t.Errorf("GetExperiment: %+v %v", e, err)
	}
	e, err = s.GetExperimentByName(ctx, "old")
	if err != nil || e.LifecycleStage != "deleted" {
		t.Errorf("GetExperimentByName deleted: %+v %v", e, err)
	}
	_, err = s.GetExperiment(ctx, "77")
	wantKind(t, err, client.KindNotFound, "id=77")
	_, err = s.GetExperiment(ctx, "abc")
	wantKind(t, err, client.KindInvalidParameter)
	_, err = s.SearchExperiments(ctx, client.ExperimentQuery{Filter: "experiment_id = 'x'"})
	wantKind(t, err, client.KindInvalidParameter, "not a number")
	_, err = s.SearchExperiments(ctx, client.ExperimentQuery{ViewType: "SOME"})
	wantKind(t, err, client.KindInvalidParameter, "view type")
}
