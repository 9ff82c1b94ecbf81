package integration

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"mltui/client"
	"mltui/promote"
	"mltui/testenv"
)

// Promote challenger (v4) to champion; the Python client sees the move,
// the provenance tags and the history entry.
func TestPromoteChallengerToChampion(t *testing.T) {
	srv := testenv.Server(t)
	s := openREST(t, srv.URL, "", "")
	if a := srv.Summary.Models[model].Aliases; a["champion"] != "3" || a["challenger"] != "4" {
		t.Fatalf("seed aliases %v", a)
	}
	v4, err := s.GetModelVersion(t.Context(), model, "4")
	if err != nil {
		t.Fatal(err)
	}
	c, err := service(s).MoveAlias(t.Context(), promote.Move{Model: model, Alias: "champion", To: "4", Expect: promote.Holder("3")})
	if err != nil {
		t.Fatal(err)
	}
	after := pythonState(t, srv)
	if after.Aliases["champion"] != "4" || after.Aliases["challenger"] != "4" {
		t.Fatalf("python sees aliases %v", after.Aliases)
	}
	tags := after.Tags["4"]
	if tags[promote.TagPromotedBy] != "integration-test" || tags[promote.TagPreviousVersion] != "3" || tags[promote.TagPromotedAlias] != "champion" || tags[promote.TagPromotedAt] == "" {
		t.Fatalf("python sees v4 tags %v", tags)
	}
	h, err := promote.ParseHistory(after.MTags[promote.HistoryTag])
	if err != nil || len(h) != 1 || h[0].From != "3" || h[0].To != "4" {
		t.Fatalf("history %q: %v", after.MTags[promote.HistoryTag], err)
	}
	// The report lists exactly the fields the Python client shows changed.
	want := map[string]bool{"iris-classifier alias champion": true}
	for k := range tags {
		if _, had := v4.Tag(k); !had {
			want["iris-classifier v4 tag "+k] = true
		}
	}
	got := map[string]bool{}
	for _, f := range c.Fields {
		got[f.Object+" "+f.Field] = true
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("report fields %v, python shows %v", got, want)
	}
	if len(c.Unexpected) != 0 || len(c.Warnings) != 0 {
		t.Fatalf("unexpected %v warnings %v", c.Unexpected, c.Warnings)
	}
}

// The gates decide exactly as the seed article's model_approval_workflow
// on the same run metrics (computed by the Python client, without writing).
func TestGatesMatchArticleWorkflow(t *testing.T) {
	srv := testenv.Shared(t)
	s := openREST(t, srv.URL, "", "")
	out := python(t, srv, `
import json
from mlflow import MlflowClient
client = MlflowClient()
res = {}
for version in range(1, 6):
    model_version = client.get_model_version("iris-classifier", version)
    run = client.get_run(model_version.run_id)
    accuracy = run.data.metrics.get("accuracy", 0)
    f1 = run.data.metrics.get("f1_macro", 0)
    quality_gates = {
        "accuracy >= 0.90": accuracy >= 0.90,
        "f1_macro >= 0.85": f1 >= 0.85,
    }
    res[str(version)] = {"all": all(quality_gates.values()), "gates": list(quality_gates.values())}
print(json.dumps(res))
`)
	var want map[string]struct {
		All   bool   `json:"all"`
		Gates []bool `json:"gates"`
	}
	if err := json.Unmarshal([]byte(lastLine(out)), &want); err != nil {
		t.Fatalf("python: %q: %v", out, err)
	}
	passes, fails := 0, 0
	for v := 1; v <= 5; v++ {
		ver := fmt.Sprint(v)
		rep, err := promote.Evaluate(t.Context(), s, articleGates(), model, ver)
		if err != nil {
			t.Fatal(err)
		}
		w := want[ver]
		if rep.Passed != w.All {
			t.Errorf("v%s: mltui passed=%v, model_approval_workflow %v (%+v)", ver, rep.Passed, w.All, rep.Results)
		}
		for i, g := range rep.Results {
			if (g.Status == promote.Pass) != w.Gates[i] {
				t.Errorf("v%s %s: mltui %s, python %v", ver, g.Gate, g.Status, w.Gates[i])
			}
		}
		if w.All {
			passes++
		} else {
			fails++
		}
	}
	if passes == 0 || fails == 0 {
		t.Fatalf("the seed should hold passing and failing versions (pass %d, fail %d)", passes, fails)
	}
}

// A promoter whose screen is stale (the Python client moved champion after
// it loaded) refuses to overwrite and reports the new holder.
func TestStaleScreenRefusesToOverwrite(t *testing.T) {
	srv := testenv.Server(t)
	s := openREST(t, srv.URL, "", "")
	m, err := s.GetRegisteredModel(t.Context(), model)
	if err != nil {
		t.Fatal(err)
	}
	shown, _ := m.AliasVersion("champion") // what the screen shows
	python(t, srv, `import sys; from mlflow import MlflowClient; MlflowClient().set_registered_model_alias(sys.argv[1], "champion", "2")`, model)

	_, err = service(s).MoveAlias(t.Context(), promote.Move{Model: model, Alias: "champion", To: "4", Expect: promote.Holder(shown)})
	var ce *promote.ConflictError
	if client.KindOf(err) != client.KindConflict || !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a conflict", err)
	}
	if ce.Actual != "2" || !strings.Contains(err.Error(), "v2") {
		t.Fatalf("conflict does not show the new holder: %v", err)
	}
	if st := pythonState(t, srv); st.Aliases["champion"] != "2" || st.Tags["4"][promote.TagPromotedAt] != "" {
		t.Fatalf("python sees %v / v4 tags %v after the refused write", st.Aliases, st.Tags["4"])
	}
}

// Rollback restores the previous holder, as the Python client sees it.
func TestRollbackRestoresPreviousHolder(t *testing.T) {
	srv := testenv.Server(t)
	s := openREST(t, srv.URL, "", "")
	svc := service(s)
	if _, err := svc.MoveAlias(t.Context(), promote.Move{Model: model, Alias: "champion", To: "4", Expect: promote.Holder("3")}); err != nil {
		t.Fatal(err)
	}
	c, plan, err := svc.Rollback(t.Context(), model, "champion", promote.Holder("4"))
	if err != nil {
		t.Fatal(err)
	}
	if plan.To != "3" || plan.Basis != "history" {
		t.Fatalf("plan %+v", plan)
	}
	st := pythonState(t, srv)
	if st.Aliases["champion"] != "3" {
		t.Fatalf("python sees champion on v%s after rollback", st.Aliases["champion"])
	}
	h, _ := promote.ParseHistory(st.MTags[promote.HistoryTag])
	if len(h) != 2 || h[1].Note != "rollback" || h[1].To != "3" {
		t.Fatalf("history %+v", h)
	}
	if c.Recorded == nil {
		t.Fatal("rollback not recorded in the report")
	}
}

// The basic-auth server's read-only user gets the permission message and
// nothing changes; the editor (EDIT on the model) may move an alias but
// needs MANAGE to delete one.
func TestBasicAuthPermissions(t *testing.T) {
	srv := testenv.Server(t, testenv.BasicAuth())
	reader := openREST(t, srv.URL, srv.Auth.ReaderUser, srv.Auth.ReaderPassword)

	_, err := service(reader).MoveAlias(t.Context(), promote.Move{Model: model, Alias: "champion", To: "4", Expect: promote.Holder("3")})
	if client.KindOf(err) != client.KindPermissionDenied {
		t.Fatalf("reader move: %v", err)
	}
	if got := promote.Explain(err, model, promote.NeedEdit); got != "permission denied: you need EDIT on model iris-classifier; nothing was changed" {
		t.Fatalf("Explain = %q", got)
	}
	_, err = service(reader).SetVersionTag(t.Context(), model, "4", "k", "v", promote.Absent())
	if client.KindOf(err) != client.KindPermissionDenied {
		t.Fatalf("reader tag: %v", err)
	}

	editor := openREST(t, srv.URL, srv.Auth.EditorUser, srv.Auth.EditorPassword)
	_, err = service(editor).DeleteAlias(t.Context(), model, "challenger", promote.Holder("4"), "")
	if client.KindOf(err) != client.KindPermissionDenied || !strings.Contains(promote.Explain(err, model, promote.NeedManage), "MANAGE on model iris-classifier") {
		t.Fatalf("editor delete alias: %v", err)
	}
	if _, err := service(editor).MoveAlias(t.Context(), promote.Move{Model: model, Alias: "champion", To: "4", Expect: promote.Holder("3")}); err != nil {
		t.Fatalf("editor move: %v", err)
	}
	// One look with the Python client: the editor's move landed, the
	// reader's tag and the editor's delete did not.
	st := pythonState(t, srv)
	if st.Aliases["champion"] != "4" || st.Aliases["challenger"] != "4" {
		t.Fatalf("python sees %v", st.Aliases)
	}
	if _, ok := st.Tags["4"]["k"]; ok {
		t.Fatal("the reader's tag was written")
	}
	if h, _ := promote.ParseHistory(st.MTags[promote.HistoryTag]); len(h) != 1 || h[0].By == "" {
		t.Fatalf("history after one allowed move: %+v", h)
	}
}

// A stage transition with archive-existing reports what the Python client
// then shows: v4 in Production, the previous Production version archived.
func TestStageTransitionArchiveExisting(t *testing.T) {
	srv := testenv.Server(t)
	s := openREST(t, srv.URL, "", "")
	// The seed's stages (what the Python client wrote); unlisted versions are None.
	seeded := srv.Summary.Models[model].Stages
	stage := func(v string) string {
		if st, ok := seeded[v]; ok {
			return st
		}
		return "None"
	}
	var prod []string
	for v, st := range seeded {
		if st == "Production" {
			prod = append(prod, v)
		}
	}
	if len(prod) == 0 {
		t.Fatalf("the seed has no Production version: %v", seeded)
	}
	c, err := service(s).TransitionStage(t.Context(), model, "4", "production", true, promote.Value(stage("4")))
	if err != nil {
		t.Fatal(err)
	}
	after := pythonState(t, srv)
	if after.Stages["4"] != "Production" {
		t.Fatalf("python: v4 is %s", after.Stages["4"])
	}
	reported := map[string]string{}
	for _, f := range c.Fields {
		if f.Field == "stage" {
			reported[strings.TrimPrefix(f.Object, model+" v")] = *f.After
		}
	}
	for v, st := range after.Stages {
		if stage(v) != st && reported[v] != st {
			t.Errorf("v%s: python %s → %s, report says %q", v, stage(v), st, reported[v])
		}
		if stage(v) == st && reported[v] != "" {
			t.Errorf("v%s: report says %s but python shows it unchanged", v, reported[v])
		}
	}
	for _, v := range prod {
		if after.Stages[v] != "Archived" {
			t.Errorf("v%s was Production and is %s", v, after.Stages[v])
		}
	}
	if len(c.Unexpected) != 0 {
		t.Fatalf("unexpected %v", c.Unexpected)
	}
}
