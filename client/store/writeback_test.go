package store

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"mltui/client"
	"mltui/testenv"
)

// writeScenario makes the registry writes a promotion makes, through
// mltui's local store, on the seeded iris-classifier.
func writeScenario(t *testing.T, s client.Store) {
	t.Helper()
	ctx := context.Background()
	const m = "iris-classifier"
	sw, ok := s.(client.AliasSwapper)
	if !ok {
		t.Fatalf("%T is not an AliasSwapper", s)
	}
	steps := []struct {
		what string
		err  error
	}{
		{"swap champion 3→4", sw.SwapAlias(ctx, m, "champion", "3", "4")},
		{"set staging", s.SetAlias(ctx, m, "staging", "5")},
		{"delete challenger", s.DeleteAlias(ctx, m, "challenger")},
		{"tag v4", s.SetModelVersionTag(ctx, m, "4", "approval_status", "approved")},
		{"tag v5", s.SetModelVersionTag(ctx, m, "5", "approval_status", "rejected")},
		{"untag v5", s.DeleteModelVersionTag(ctx, m, "5", "approval_status")},
		{"model tag", s.SetRegisteredModelTag(ctx, m, "promoted_by", "mltui ✓")},
		{"drop model tag", s.DeleteRegisteredModelTag(ctx, m, "owner")},
	}
	for _, st := range steps {
		if st.err != nil {
			t.Fatalf("%s: %v", st.what, st.err)
		}
	}
	if _, err := s.UpdateModelVersionDescription(ctx, m, "4", "Promoted by mltui.\nSecond line: ok"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateRegisteredModelDescription(ctx, m, "Iris classifier ✓"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TransitionStage(ctx, m, "4", "production", true); err != nil {
		t.Fatal(err)
	}
	// A stale swap must fail and change nothing.
	if err := sw.SwapAlias(ctx, m, "champion", "3", "1"); client.KindOf(err) != client.KindConflict {
		t.Fatalf("stale swap: %v", err)
	}
}

// checkWithMLflow reads the result back with the MLflow Python client.
func checkWithMLflow(t *testing.T, uri string) {
	t.Helper()
	const m = "iris-classifier"
	var model testenv.DumpRegisteredModel
	if err := json.Unmarshal(testenv.DumpCmd(t, uri, "model", m), &model); err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"champion": "4", "staging": "5"}; !reflect.DeepEqual(model.Aliases, want) {
		t.Errorf("MLflow sees aliases %v, want %v", model.Aliases, want)
	}
	if model.Description != "Iris classifier ✓" {
		t.Errorf("model description %q", model.Description)
	}
	if model.Tags["promoted_by"] != "mltui ✓" || model.Tags["owner"] != "" || model.Tags["task"] != "classification" {
		t.Errorf("model tags %v", model.Tags)
	}
	var versions []testenv.DumpModelVersion
	if err := json.Unmarshal(testenv.DumpCmd(t, uri, "versions", m), &versions); err != nil {
		t.Fatal(err)
	}
	byVersion := map[string]testenv.DumpModelVersion{}
	for _, v := range versions {
		byVersion[v.Version] = v
	}
	v4, v2, v5 := byVersion["4"], byVersion["2"], byVersion["5"]
	if v4.CurrentStage != "Production" || v2.CurrentStage != "Archived" {
		t.Errorf("stages: v4 %s, v2 %s (want Production, Archived)", v4.CurrentStage, v2.CurrentStage)
	}
	if v4.Tags["approval_status"] != "approved" || v5.Tags["approval_status"] != "" {
		t.Errorf("version tags: v4 %v, v5 %v", v4.Tags, v5.Tags)
	}
	if v4.Description != "Promoted by mltui.\nSecond line: ok" {
		t.Errorf("v4 description %q", v4.Description)
	}
	if v4.LastUpdatedTimestamp <= v4.CreationTimestamp {
		t.Errorf("v4 last_updated_timestamp was not moved forward")
	}
	if got := testenv.AliasVersion(t, uri, m, "champion"); got != "4" {
		t.Errorf("get_model_version_by_alias(champion) = %q", got)
	}
}

func TestWritesReadBackByMLflowSQLite(t *testing.T) {
	c := testenv.SQLiteCopy(t)
	s, err := Open(context.Background(), Resolution{Kind: KindSQLite, Path: c.Path, URI: c.URI}, Options{Getenv: noEnv})
	if err != nil {
		t.Fatal(err)
	}
	writeScenario(t, s)
	s.Close()
	checkWithMLflow(t, c.URI)
}

func TestWritesReadBackByMLflowFileStore(t *testing.T) {
	c := testenv.FileStoreCopy(t)
	s, err := Open(context.Background(), Resolution{Kind: KindFile, Path: c.Path, URI: c.URI}, Options{Getenv: noEnv})
	if err != nil {
		t.Fatal(err)
	}
	writeScenario(t, s)
	s.Close()
	checkWithMLflow(t, c.URI)
}
