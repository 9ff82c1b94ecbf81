package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/testenv"
)

// pyRegister registers models:/<model_id> the way a user does in Python (argv: tracking URI,
// model ID, model name) and prints the new version and the logged model's tags as JSON.
const pyRegister = `
import sys, json, mlflow
from mlflow import MlflowClient
uri, mid, name = sys.argv[1:4]
mlflow.set_tracking_uri(uri); mlflow.set_registry_uri(uri)
mv = mlflow.register_model(f"models:/{mid}", name)
print(json.dumps({"version": str(mv.version)}))
`

// pyLoggedModelTag prints a logged model's mlflow.modelVersions tag (argv: URI, model ID).
const pyLoggedModelTag = `
import sys, json, mlflow
from mlflow import MlflowClient
uri, mid = sys.argv[1:3]
mlflow.set_tracking_uri(uri)
print(json.dumps(MlflowClient(uri).get_logged_model(mid).tags.get("mlflow.modelVersions")))
`

func lastJSON(t *testing.T, out string, v any) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), v); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

// mltui registers the seed's checkpoint-10 (a LoggedModel) under a fresh name on REST, on a
// SQLite copy and on a file-store copy; the MLflow Python client reads the version back, and it
// equals what mlflow.register_model makes from the same checkpoint on the same store: source
// models:/<id>, run_id the checkpointed run, model_id as that backend keeps it (the SQL stores of
// MLflow 3.18 keep none, the file store keeps it), status READY, stage None. The logged model's
// mlflow.modelVersions tag gains the version as MLflow writes it.
func TestIntegrationRegisterCheckpointMatchesPython(t *testing.T) {
	srv := testenv.Shared(t)
	sq := testenv.SQLiteCopy(t)
	fsc := testenv.FileStoreCopy(t)
	for _, b := range []struct {
		name string
		r    Resolution
		env  []string
		sum  testenv.Summary
		// modelIDKept: the backend stores model_id (MLflow's file store; not its SQL store).
		modelIDKept bool
	}{
		{"rest", Resolution{URI: srv.URL, Kind: KindREST, Source: "test"}, srv.Env(), srv.Summary, false},
		{"sqlite", Resolution{URI: sq.URI, Kind: KindSQLite, Path: sq.Path, Source: "test"}, nil, sq.Summary, false},
		{"file", Resolution{URI: fsc.URI, Kind: KindFile, Path: fsc.Path, Source: "test"}, nil, fsc.Summary, true},
	} {
		t.Run(b.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			run := b.sum.Run(t, "checkpoint_run")
			id := b.sum.Checkpoints["10"]
			if id == "" {
				t.Fatalf("seed has no checkpoint-10: %v", b.sum.Checkpoints)
			}
			s, err := Open(ctx, b.r, Options{Getenv: noEnv, Home: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })

			stamp := time.Now().UnixNano()
			ours := fmt.Sprintf("reg-go-%s-%d", b.name, stamp)
			theirs := fmt.Sprintf("reg-py-%s-%d", b.name, stamp)
			before := pyTag(t, b.r.URI, b.env, id)

			m, err := s.CreateRegisteredModel(ctx, ours)
			if err != nil || m.Name != ours {
				t.Fatalf("create model: %+v %v", m, err)
			}
			if _, err := s.CreateRegisteredModel(ctx, ours); client.KindOf(err) != client.KindAlreadyExists {
				t.Errorf("creating it again: %v, want already exists", err)
			}
			v, err := s.CreateModelVersion(ctx, client.CreateVersion{Name: ours, Source: "models:/" + id, ModelID: id})
			if err != nil {
				t.Fatal(err)
			}
			if v.Version != "1" || v.Source != "models:/"+id || v.RunID != run || v.Status != "READY" || v.LoggedModelID() != id {
				t.Errorf("created %+v", v)
			}
			afterOurs := pyTag(t, b.r.URI, b.env, id)

			var py struct{ Version string }
			lastJSON(t, testenv.PythonEnv(t, b.env, "-c", pyRegister, b.r.URI, id, theirs), &py)

			got := testenv.ModelVersion(t, b.r.URI, ours, "1")
			want := testenv.ModelVersion(t, b.r.URI, theirs, py.Version)
			if got.Name != ours || got.Version != "1" || got.Source != "models:/"+id || got.RunID != run ||
				got.Status != "READY" || got.CurrentStage != "None" {
				t.Errorf("python reads mltui's version as %+v", got)
			}
			if b.modelIDKept != (got.ModelID != nil) || (got.ModelID != nil && *got.ModelID != id) {
				t.Errorf("python reads model_id %v (backend keeps it: %v)", ptr(got.ModelID), b.modelIDKept)
			}
			// The same as mlflow.register_model's, but for the name and timestamps.
			if got.Version != want.Version || got.Source != want.Source || got.RunID != want.RunID || ptr(got.ModelID) != ptr(want.ModelID) ||
				got.Status != want.Status || got.CurrentStage != want.CurrentStage || got.Description != want.Description ||
				got.RunLink != want.RunLink || got.UserID != want.UserID || len(got.Tags) != len(want.Tags) {
				t.Errorf("mltui's version differs from mlflow.register_model's\n  go:     %+v\n  python: %+v", got, want)
			}

			// The logged model links the new version: on local stores mltui writes what the server
			// writes; on REST the server wrote it.
			wantTag, err := client.LinkModelVersion(before, ours, 1)
			if err != nil {
				t.Fatal(err)
			}
			if afterOurs != wantTag {
				t.Errorf("mlflow.modelVersions after mltui's create = %q, want %q", afterOurs, wantTag)
			}
		})
	}
}

func pyTag(t *testing.T, uri string, env []string, id string) string {
	t.Helper()
	var v *string
	lastJSON(t, testenv.PythonEnv(t, env, "-c", pyLoggedModelTag, uri, id), &v)
	return ptr(v)
}

func ptr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
