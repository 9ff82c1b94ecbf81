package sqlstore

import (
	"context"
	"testing"

	"mltui/client"
)

const lmID = "m-0123456789abcdef0123456789abcdef"

func createFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.experiment(1, "e", "active", 1)
	f.run(runRow{id: "r1", name: "r1", exp: 1, start: 1})
	f.exec("INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status, lifecycle_stage, model_type, source_run_id, status_message) VALUES (?, 1, 'checkpoint-10', 'mlflow-artifacts:/1/models/"+lmID+"/artifacts', 5, 6, 2, 'active', '', 'r1', '')", lmID)
	return f
}

func TestCreateModelAndVersionFromLoggedModel(t *testing.T) {
	f := createFixture(t)
	s := f.open(Options{})
	ctx := context.Background()

	m, err := s.CreateRegisteredModel(ctx, "ckpt")
	if err != nil || m.Name != "ckpt" || m.CreationTimestamp == 0 || m.CreationTimestamp != m.LastUpdatedTimestamp {
		t.Fatalf("create model: %+v %v", m, err)
	}
	_, err = s.CreateRegisteredModel(ctx, "ckpt")
	wantKind(t, err, client.KindAlreadyExists, "Registered Model (name=ckpt) already exists.")

	req := client.CreateVersion{Name: "ckpt", Source: "models:/" + lmID, ModelID: lmID}
	v, err := s.CreateModelVersion(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != "1" || v.Source != "models:/"+lmID || v.RunID != "r1" || v.Status != "READY" || v.CurrentStage != client.StageNone || v.LoggedModelID() != lmID {
		t.Errorf("version: %+v", v)
	}
	var storage, desc any
	if err := f.db.QueryRow("SELECT storage_location, description FROM model_versions WHERE name = 'ckpt' AND version = 1").Scan(&storage, &desc); err != nil {
		t.Fatal(err)
	}
	if storage != "mlflow-artifacts:/1/models/"+lmID+"/artifacts" || desc != nil {
		t.Errorf("storage_location %v, description %v", storage, desc)
	}
	// A deleted version still counts for the next number, as in MLflow.
	f.exec("INSERT INTO model_versions (name, version, creation_time, current_stage, source, workspace) VALUES ('ckpt', 2, 1, 'Deleted_Internal', 'x', 'default')")
	v, err = s.CreateModelVersion(ctx, req)
	if err != nil || v.Version != "3" {
		t.Fatalf("second version: %+v %v", v, err)
	}
	lm, err := s.GetLoggedModel(ctx, lmID)
	if err != nil {
		t.Fatal(err)
	}
	var tag string
	for _, tg := range lm.Tags {
		if tg.Key == client.ModelVersionsTag {
			tag = tg.Value
		}
	}
	if want := `[{"name": "ckpt", "version": 1}, {"name": "ckpt", "version": 3}]`; tag != want {
		t.Errorf("mlflow.modelVersions = %q, want %q", tag, want)
	}
	m, _ = s.GetRegisteredModel(ctx, "ckpt")
	if m.LastUpdatedTimestamp < m.CreationTimestamp {
		t.Errorf("model not stamped: %+v", m)
	}

	_, err = s.CreateModelVersion(ctx, client.CreateVersion{Name: "nope", Source: "models:/" + lmID, ModelID: lmID})
	wantKind(t, err, client.KindNotFound, "nope")
	_, err = s.CreateModelVersion(ctx, client.CreateVersion{Name: "ckpt", Source: "models:/m-ffffffffffffffffffffffffffffffff", ModelID: "m-ffffffffffffffffffffffffffffffff"})
	wantKind(t, err, client.KindNotFound, "Unable to fetch model")
	_, err = s.CreateModelVersion(ctx, client.CreateVersion{Name: "ckpt", Source: "models:/ckpt/1"})
	wantKind(t, err, client.KindUnsupported)
	_, err = s.CreateModelVersion(ctx, client.CreateVersion{Name: "ckpt", Source: "models:/" + lmID, ModelID: "m-other"})
	wantKind(t, err, client.KindInvalidParameter)

	ro := f.open(Options{ReadOnly: true})
	_, err = ro.CreateModelVersion(ctx, req)
	wantKind(t, err, client.KindReadOnly)
	_, err = ro.CreateRegisteredModel(ctx, "other")
	wantKind(t, err, client.KindReadOnly)
}

func TestCreateVersionRefusedWithoutLoggedModelTables(t *testing.T) {
	// An MLflow 2.x registry: no logged_models tables.
	f := newFixture(t)
	for _, tb := range []string{"logged_model_metrics", "logged_model_params", "logged_model_tags", "logged_models"} {
		f.exec("DROP TABLE " + tb)
	}
	f.model("m", 1)
	s := f.open(Options{})
	_, err := s.CreateModelVersion(context.Background(), client.CreateVersion{Name: "m", Source: "models:/" + lmID, ModelID: lmID})
	wantKind(t, err, client.KindReadOnly, "predates MLflow 3 logged models")
}
