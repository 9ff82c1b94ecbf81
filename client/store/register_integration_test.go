package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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

			// On SQLite, the rows themselves: mltui's model_versions and registered_models rows
			// equal those MLflow wrote for its own, but for the name and the times.
			if b.r.Kind == KindSQLite {
				if a, w := sqlRows(t, b.r.Path, ours), sqlRows(t, b.r.Path, theirs); a != w || !strings.Contains(a, "models:/"+id) {
					t.Errorf("rows differ from MLflow's\n  go:     %s\n  python: %s", a, w)
				}
			}

			// On the file store, the files themselves: mltui's meta.yaml for the model and the
			// version equal those MLflow wrote for its own, but for the name and the times.
			if b.r.Kind == KindFile {
				for _, rel := range []string{"meta.yaml", filepath.Join("version-1", "meta.yaml")} {
					a := metaWithout(t, filepath.Join(b.r.Path, "models", ours, rel), ours)
					w := metaWithout(t, filepath.Join(b.r.Path, "models", theirs, rel), theirs)
					if a != w {
						t.Errorf("%s differs from MLflow's\n  go:\n%s\n  python:\n%s", rel, a, w)
					}
				}
			}
		})
	}
}

// sqlRows is every column of a model's rows but its name and times.
func sqlRows(t *testing.T, path, name string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	for _, q := range []string{
		"SELECT version, description, user_id, current_stage, source, storage_location, run_id, status, status_message, run_link, workspace FROM model_versions WHERE name = ?",
		"SELECT description, workspace FROM registered_models WHERE name = ?",
		"SELECT key, value FROM model_version_tags WHERE name = ?",
	} {
		rows, err := db.Query(q, name)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%v", vals))
		}
		rows.Close()
	}
	return strings.Join(out, " | ")
}

var metaTimes = regexp.MustCompile(`(?m)^(creation_timestamp|last_updated_timestamp): \d+$`)

// metaWithout is a meta.yaml with the model name and the timestamps blanked.
func metaWithout(t *testing.T, path, name string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return metaTimes.ReplaceAllString(strings.ReplaceAll(string(b), name, "NAME"), "$1: T")
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
