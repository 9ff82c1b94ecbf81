package promote

import (
	"context"
	"testing"

	"mltui/client"
	"mltui/internal/promotetest"
)

func TestSetAndDeleteVersionTag(t *testing.T) {
	st := promotetest.Iris()
	svc := newService(st)
	ctx := context.Background()
	c, err := svc.SetVersionTag(ctx, "iris-classifier", "4", "validation_status", "approved", Absent())
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := findField(c, "iris-classifier v4", "tag validation_status"); !ok || f.Before != nil || *f.After != "approved" || len(c.Fields) != 1 {
		t.Fatalf("set tag report: %v", c.Fields)
	}
	// The screen still shows the tag absent: refuse.
	if _, err := svc.SetVersionTag(ctx, "iris-classifier", "4", "validation_status", "x", Absent()); client.KindOf(err) != client.KindConflict {
		t.Fatalf("stale tag edit: %v", err)
	}
	c, err = svc.DeleteVersionTag(ctx, "iris-classifier", "4", "validation_status", Value("approved"))
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := findField(c, "iris-classifier v4", "tag validation_status"); !ok || f.After != nil {
		t.Fatalf("delete tag report: %v", c.Fields)
	}
	if c, err := svc.DeleteVersionTag(ctx, "iris-classifier", "4", "validation_status", Absent()); err != nil || !c.NoOp {
		t.Fatalf("deleting an absent tag: %v %+v", err, c)
	}
	if _, err := svc.SetVersionTag(ctx, "iris-classifier", "4", " ", "x", Unchecked()); client.KindOf(err) != client.KindInvalidParameter {
		t.Fatalf("empty key: %v", err)
	}
}

func TestDescriptions(t *testing.T) {
	st := promotetest.Iris()
	svc := newService(st)
	ctx := context.Background()
	c, err := svc.SetVersionDescription(ctx, "iris-classifier", "4", "better trees", Value("400 trees, depth 5"))
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := findField(c, "iris-classifier v4", "description"); !ok || *f.Before != "400 trees, depth 5" || *f.After != "better trees" {
		t.Fatalf("report %v", c.Fields)
	}
	if _, err := svc.SetVersionDescription(ctx, "iris-classifier", "4", "again", Value("400 trees, depth 5")); client.KindOf(err) != client.KindConflict {
		t.Fatalf("stale description edit: %v", err)
	}
	c, err = svc.SetModelDescription(ctx, "iris-classifier", "new", Value("RandomForest on iris"))
	if err != nil || len(c.Fields) != 1 || c.Fields[0].Object != "iris-classifier" {
		t.Fatalf("model description: %v %v", err, c.Fields)
	}
}

func TestTransitionStageArchivesOthersAndReportsThem(t *testing.T) {
	st := promotetest.Iris()
	svc := newService(st)
	ctx := context.Background()
	c, err := svc.TransitionStage(ctx, "iris-classifier", "4", "production", true, Value("None"))
	if err != nil {
		t.Fatal(err)
	}
	f4, ok4 := findField(c, "iris-classifier v4", "stage")
	f2, ok2 := findField(c, "iris-classifier v2", "stage")
	if !ok4 || *f4.After != "Production" || !ok2 || *f2.Before != "Production" || *f2.After != "Archived" {
		t.Fatalf("report %v", c.Fields)
	}
	if len(c.Unexpected) != 0 {
		t.Fatalf("unexpected: %v", c.Unexpected)
	}
}

func TestTransitionStageRules(t *testing.T) {
	st := promotetest.Iris()
	svc := newService(st)
	ctx := context.Background()
	for _, stage := range []string{"Archived", "None"} {
		if _, err := svc.TransitionStage(ctx, "iris-classifier", "4", stage, true, Unchecked()); client.KindOf(err) != client.KindInvalidParameter {
			t.Errorf("archive_existing to %s: %v, want invalid parameter", stage, err)
		}
	}
	if _, err := svc.TransitionStage(ctx, "iris-classifier", "4", "Prod", false, Unchecked()); client.KindOf(err) != client.KindInvalidParameter {
		t.Errorf("unknown stage accepted: %v", err)
	}
	if _, err := svc.TransitionStage(ctx, "iris-classifier", "4", "Staging", false, Value("Production")); client.KindOf(err) != client.KindConflict {
		t.Errorf("stale stage: %v", err)
	}
	if st.CallCount("TransitionStage") != 0 {
		t.Fatal("a refused transition reached the store")
	}
	c, err := svc.TransitionStage(ctx, "iris-classifier", "3", "Staging", false, Value("Staging"))
	if err != nil || !c.NoOp {
		t.Fatalf("same stage: %v %+v", err, c)
	}
}

func TestDiffListsEveryField(t *testing.T) {
	a := Snapshot{
		Model: client.RegisteredModel{Name: "m", Description: "d", Aliases: []client.AliasRef{{Alias: "champion", Version: "1"}, {Alias: "old", Version: "2"}},
			Tags: []client.Tag{{Key: HistoryTag, Value: "[]"}, {Key: "team", Value: "a"}}},
		Versions: map[string]client.ModelVersion{"1": {Version: "1", CurrentStage: "None"}, "10": {Version: "10", CurrentStage: "Staging"}},
	}
	b := Snapshot{
		Model: client.RegisteredModel{Name: "m", Description: "d2", Aliases: []client.AliasRef{{Alias: "champion", Version: "10"}, {Alias: "new", Version: "1"}},
			Tags: []client.Tag{{Key: HistoryTag, Value: "[{}]"}, {Key: "team", Value: "a"}}},
		Versions: map[string]client.ModelVersion{"1": {Version: "1", CurrentStage: "Archived"}, "10": {Version: "10", CurrentStage: "Staging", Tags: []client.Tag{{Key: "k", Value: "v"}}}},
	}
	got := Diff(a, b)
	want := []string{
		"m: alias champion v1 → v10",
		"m: alias new (none) → v1",
		"m: alias old v2 → (none)",
		"m: description d → d2",
		"m v1: stage None → Archived",
		"m v10: tag k (none) → v",
	}
	if len(got) != len(want) {
		t.Fatalf("diff %v", got)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("diff[%d] = %q, want %q", i, got[i].String(), want[i])
		}
	}
}
