package checkpoints_test

import (
	"context"
	"strings"
	"testing"

	"mltui/client"
	"mltui/internal/promotetest"
	"mltui/internal/screentest"
	"mltui/views"
)

const (
	regRun = "feed0000000000000000000000000001"
	ck5    = "m-00000000000000000000000000000005"
	ck10   = "m-00000000000000000000000000000010"
)

// A run with two checkpoints; with earlier set, one of its checkpoints
// is already version 1 of "sweep-mlp".
func registerStore(earlier bool) *promotetest.Store {
	st := promotetest.New()
	st.AddRun(client.Run{
		Info:    client.RunInfo{RunID: regRun, RunName: "ckpt-run", ExperimentID: "5", Status: client.StatusFinished, LifecycleStage: client.LifecycleActive},
		Outputs: client.RunOutputs{ModelOutputs: []client.ModelOutput{{ModelID: ck5, Step: 5}, {ModelID: ck10, Step: 10}}},
	})
	for _, m := range []struct{ id, name string }{{ck5, "checkpoint-5"}, {ck10, "checkpoint-10"}} {
		st.AddLoggedModel(client.LoggedModel{ModelID: m.id, ExperimentID: "5", Name: m.name, Status: "LOGGED_MODEL_READY", SourceRunID: regRun})
	}
	if earlier {
		st.AddModel(client.RegisteredModel{Name: "sweep-mlp"})
		st.AddVersion(client.ModelVersion{Name: "sweep-mlp", Version: "1", Source: "models:/" + ck5, RunID: regRun, ModelID: ck5})
	}
	return st
}

func startCheckpoints(t *testing.T, st client.Store) *screentest.Session {
	s := screentest.Start(t, st, 140, 40, screentest.Options{Start: views.OpenMsg{Kind: views.KindCheckpoints, RunIDs: []string{regRun}}})
	s.WaitFor("checkpoint-10", "checkpoint-5")
	return s
}

// R on checkpoint-10 of a run none of whose models is registered: the
// name defaults to the run's name, the confirmation says the model will be
// created and what is written, y writes it, the report lists exactly what
// was created, and the fake holds it.
func TestRegisterCheckpointNewModel(t *testing.T) {
	st := registerStore(false)
	s := startCheckpoints(t, st)
	s.Keys("j", "R") // checkpoint-10, second by step
	s.WaitFor("register checkpoint-10", "› ckpt-run")
	s.Keys("enter")
	s.WaitFor("point an alias at the new version")
	s.Keys("enter") // no alias
	f := s.WaitFor("confirm", "ckpt-run does not exist: it is created first")
	for _, want := range []string{"register checkpoint-10 (step 10) as a new version of ckpt-run", "source   models:/" + ck10,
		"run_id   " + regRun, "registered-models/create, then model-versions/create", "y registers"} {
		if !strings.Contains(f, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, f)
		}
	}
	if st.CallCount("CreateModelVersion") != 0 {
		t.Fatal("wrote before the confirmation")
	}
	s.Keys("y")
	f = s.WaitFor("registered", "ckpt-run v1: version (none) → created")
	for _, want := range []string{"ckpt-run: registered model (none) → created", "ckpt-run v1: source (none) → models:/" + ck10} {
		if !strings.Contains(f, want) {
			t.Errorf("report lacks %q:\n%s", want, f)
		}
	}
	v, err := st.GetModelVersion(context.Background(), "ckpt-run", "1")
	if err != nil || v.Source != "models:/"+ck10 || v.RunID != regRun || v.ModelID != ck10 {
		t.Fatalf("the store holds %+v %v", v, err)
	}
	s.Keys("esc")
	s.WaitFor("logged models")
}

// The model a version of this run went to is the default; a second
// checkpoint becomes its version 2. Any key but y cancels and writes
// nothing.
func TestRegisterCheckpointDefaultsToTheRunsModel(t *testing.T) {
	st := registerStore(true)
	s := startCheckpoints(t, st)
	s.Keys("j", "R")
	s.WaitFor("› sweep-mlp")
	s.Keys("enter", "enter")
	s.WaitFor("sweep-mlp exists (latest v1): the version gets the next number")
	s.Keys("n")
	s.WaitFor("not registered: nothing was written")
	if st.CallCount("CreateModelVersion") != 0 || st.CallCount("CreateRegisteredModel") != 0 {
		t.Fatalf("cancelled, yet wrote: %v", st.Calls)
	}
	s.Keys("R")
	s.WaitFor("› sweep-mlp")
	s.Keys("enter", "enter")
	s.WaitFor("sweep-mlp exists")
	s.Keys("y")
	s.WaitFor("sweep-mlp v2: version (none) → created")
	if st.CallCount("CreateRegisteredModel") != 0 {
		t.Error("created the model that exists")
	}
}

// Read-only: R says so and writes nothing.
func TestRegisterCheckpointReadOnly(t *testing.T) {
	st := registerStore(false)
	s := startCheckpoints(t, client.ReadOnly(st))
	s.Keys("j", "R")
	s.WaitFor("read-only mode: registering a checkpoint is a registry write")
	if st.CallCount("CreateModelVersion") != 0 || st.CallCount("SearchModelVersions") != 0 {
		t.Fatalf("read-only, yet: %v", st.Calls)
	}
}

// An alias asked for in the flow: the confirmation says where it is now
// and that it moves, y registers and moves it, the report says both. A
// malformed alias is refused in the prompt.
func TestRegisterCheckpointWithAlias(t *testing.T) {
	st := registerStore(true)
	if err := st.SetAlias(context.Background(), "sweep-mlp", "champion", "1"); err != nil {
		t.Fatal(err)
	}
	s := startCheckpoints(t, st)
	s.Keys("j", "R")
	s.WaitFor("› sweep-mlp")
	s.Keys("enter")
	s.WaitFor("point an alias at the new version")
	s.Type("bad alias!")
	s.Keys("enter")
	s.WaitFor("Invalid alias name: 'bad alias!'")
	s.Keys("ctrl+u")
	s.Type("champion")
	s.Keys("enter")
	f := s.WaitFor("confirm", "alias    champion moves from v1 to the new version")
	if !strings.Contains(f, "model-versions/create, then aliases") {
		t.Errorf("the confirmation does not list the alias write:\n%s", f)
	}
	if st.CallCount("CreateModelVersion") != 0 || st.CallCount("SetAlias") != 1 { // the one above
		t.Fatalf("wrote before the confirmation: %v", st.Calls)
	}
	s.Keys("y")
	f = s.WaitFor("sweep-mlp v2: version (none) → created", "champion")
	v, err := st.GetModelVersionByAlias(context.Background(), "sweep-mlp", "champion")
	if err != nil || v.Version != "2" {
		t.Fatalf("champion is on %+v %v, want v2\n%s", v, err, f)
	}
}
