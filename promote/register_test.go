package promote

import (
	"context"
	"strings"
	"testing"

	"mltui/client"
	"mltui/config"
	"mltui/internal/promotetest"
)

const ckpt = "m-c0ffee00c0ffee00c0ffee00c0ffee00"

func checkpointStore() *promotetest.Store {
	st := promotetest.Iris()
	st.AddRun(client.Run{Info: client.RunInfo{RunID: "feed0000000000000000000000000001", RunName: "ckpt-run", ExperimentID: "1"},
		Data: client.RunData{Metrics: []client.Metric{{Key: "accuracy", Value: 0.97}}}})
	st.AddLoggedModel(client.LoggedModel{ModelID: ckpt, Name: "checkpoint-10", Status: LoggedModelReady, SourceRunID: "feed0000000000000000000000000001"})
	return st
}

func TestRegisterLoggedModelCreatesModelAndVersion(t *testing.T) {
	st := checkpointStore()
	r, err := newService(st).RegisterLoggedModel(context.Background(), "ckpt-model", ckpt, RegisterOptions{Expect: NewModel})
	if err != nil {
		t.Fatal(err)
	}
	if !r.CreatedModel || r.Version.Version != "1" || r.Version.Source != "models:/"+ckpt || r.Version.RunID != "feed0000000000000000000000000001" {
		t.Fatalf("registration %+v", r)
	}
	want := []string{
		"register models:/" + ckpt + " as a new version of ckpt-model:",
		"  ckpt-model: registered model (none) → created",
		"  ckpt-model v1: version (none) → created",
		"  ckpt-model v1: source (none) → models:/" + ckpt,
		"  ckpt-model v1: run_id (none) → feed0000000000000000000000000001",
	}
	if got := r.Lines(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("report\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	lm, _ := st.GetLoggedModel(context.Background(), ckpt)
	if v, _ := findTag(lm.Tags, client.ModelVersionsTag); v != `[{"name": "ckpt-model", "version": 1}]` {
		t.Errorf("logged model tag %q", v)
	}
	if st.CallCount("CreateRegisteredModel") != 1 || st.CallCount("CreateModelVersion") != 1 {
		t.Errorf("calls %v", st.Calls)
	}

	// Again into the now existing model: version 2, no model created.
	r, err = newService(st).RegisterLoggedModel(context.Background(), "ckpt-model", ckpt, RegisterOptions{Expect: ExistingModel})
	if err != nil || r.CreatedModel || r.Version.Version != "2" || len(r.Change.Fields) != 3 {
		t.Fatalf("second registration %+v %v", r, err)
	}
}

func TestRegisterLoggedModelGuards(t *testing.T) {
	ctx := context.Background()
	st := checkpointStore()
	svc := newService(st)

	// The model exists now though the screen said it would be new.
	_, err := svc.RegisterLoggedModel(ctx, "iris-classifier", ckpt, RegisterOptions{Expect: NewModel})
	if client.KindOf(err) != client.KindConflict || st.CallCount("CreateModelVersion") != 0 {
		t.Fatalf("existing model: %v", err)
	}
	_, err = svc.RegisterLoggedModel(ctx, "gone-model", ckpt, RegisterOptions{Expect: ExistingModel})
	if client.KindOf(err) != client.KindConflict {
		t.Fatalf("vanished model: %v", err)
	}

	// Not READY, or not there.
	st.AddLoggedModel(client.LoggedModel{ModelID: "m-pending", Name: "checkpoint-15", Status: "LOGGED_MODEL_PENDING"})
	_, err = svc.RegisterLoggedModel(ctx, "ckpt-model", "m-pending", RegisterOptions{})
	if client.KindOf(err) != client.KindConflict || !strings.Contains(err.Error(), "PENDING, not READY") {
		t.Fatalf("pending model: %v", err)
	}
	_, err = svc.RegisterLoggedModel(ctx, "ckpt-model", "m-missing", RegisterOptions{})
	if client.KindOf(err) != client.KindNotFound {
		t.Fatalf("missing logged model: %v", err)
	}
	if st.CallCount("CreateRegisteredModel") != 0 || st.CallCount("CreateModelVersion") != 0 {
		t.Errorf("a refused registration wrote: %v", st.Calls)
	}

	// The logged model is re-read right before the write: made PENDING
	// between the screen and the write, it is refused.
	st.Fail = func(op string) error {
		if op == "GetLoggedModel" {
			st.Fail = nil
			st.AddLoggedModel(client.LoggedModel{ModelID: ckpt, Name: "checkpoint-10", Status: "LOGGED_MODEL_UPLOAD_FAILED"})
		}
		return nil
	}
	_, err = svc.RegisterLoggedModel(ctx, "ckpt-model", ckpt, RegisterOptions{})
	if client.KindOf(err) != client.KindConflict {
		t.Fatalf("failed upload: %v", err)
	}

	// Read-only refuses before reading anything.
	ro := newService(client.ReadOnly(checkpointStore()))
	_, err = ro.RegisterLoggedModel(ctx, "ckpt-model", ckpt, RegisterOptions{})
	if client.KindOf(err) != client.KindReadOnly {
		t.Fatalf("read-only: %v", err)
	}
	_, err = svc.RegisterLoggedModel(ctx, "bad/name%", ckpt, RegisterOptions{})
	if client.KindOf(err) != client.KindInvalidParameter {
		t.Fatalf("bad name: %v", err)
	}
}

// Someone creates the model between the read and the create: with
// AnyModel the version goes into it (as mlflow.register_model does) and the
// report says so.
func TestRegisterLoggedModelRaceOnModelCreation(t *testing.T) {
	st := checkpointStore()
	st.BeforeWrite = func(op string) {
		if op == "CreateRegisteredModel" {
			st.BeforeWrite = nil
			st.AddModel(client.RegisteredModel{Name: "ckpt-model"})
		}
	}
	r, err := newService(st).RegisterLoggedModel(context.Background(), "ckpt-model", ckpt, RegisterOptions{})
	if err != nil || r.CreatedModel || r.Version.Version != "1" || len(r.Change.Unexpected) != 1 {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestRegisterLoggedModelAliasAndGates(t *testing.T) {
	st := checkpointStore()
	th := 0.9
	cfg := config.Defaults()
	cfg.Registry.Gates = []config.Gate{{Model: "iris-classifier", Metric: "accuracy", Op: ">=", Threshold: &th}}
	r, err := newService(st).RegisterLoggedModel(context.Background(), "iris-classifier", ckpt,
		RegisterOptions{Expect: ExistingModel, Alias: "challenger", AliasExpect: Holder("4"), Config: &cfg})
	if err != nil {
		t.Fatal(err)
	}
	if r.Version.Version != "6" || r.Alias == nil || holder(t, st, "challenger") != "6" {
		t.Fatalf("alias: %+v %v", r.Alias, r.AliasErr)
	}
	if r.Gates == nil || !r.Gates.Passed || len(r.Gates.Results) != 1 {
		t.Fatalf("gates %+v", r.Gates)
	}
	text := strings.Join(r.Lines(), "\n")
	for _, want := range []string{"iris-classifier v6: version (none) → created", "iris-classifier v6: source (none) → models:/" + ckpt, "alias challenger v4 → v6", "gates on v6", "PASS accuracy >= 0.9"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}

	// A stale alias holder: the version is made, the alias is not moved.
	r, err = newService(st).RegisterLoggedModel(context.Background(), "iris-classifier", ckpt,
		RegisterOptions{Alias: "challenger", AliasExpect: Holder("4")})
	if err != nil || r.Version.Version != "7" || r.AliasErr == nil || holder(t, st, "challenger") != "6" {
		t.Fatalf("stale alias: %+v %v", r, err)
	}
}
