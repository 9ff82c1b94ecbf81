package promotetest

import (
	"fmt"
	"math"

	"mltui/client"
)

// Iris returns a store shaped like the seed's registry: iris-classifier
// with versions 1–5 from RandomForest runs (v5's run has a NaN f1_macro),
// champion on v3, challenger on v4, v2 in Production, plus a second model.
// The numbers are fixed for golden screens, not copied from the seed.
func Iris() *Store {
	s := New()
	const base = int64(1767225600000) // 2026-01-01T00:00:00Z
	s.AddModel(client.RegisteredModel{
		Name: "iris-classifier", Description: "RandomForest on iris",
		CreationTimestamp: base, LastUpdatedTimestamp: base + 5*3600_000,
		Aliases: []client.AliasRef{{Alias: "champion", Version: "3"}, {Alias: "challenger", Version: "4"}},
	})
	s.AddModel(client.RegisteredModel{Name: "wine-regressor", CreationTimestamp: base, LastUpdatedTimestamp: base + 3600_000})
	metrics := []struct{ acc, f1, prec, rec float64 }{
		{0.8667, 0.8611, 0.8750, 0.8667},
		{0.9000, 0.8990, 0.9050, 0.9000},
		{0.9333, 0.9327, 0.9380, 0.9333},
		{0.9667, 0.9666, 0.9697, 0.9667},
		{0.9667, math.NaN(), 0.9697, 0.9667},
	}
	stages := []string{client.StageArchived, client.StageProduction, client.StageStaging, client.StageNone, client.StageNone}
	for i, m := range metrics {
		v := fmt.Sprint(i + 1)
		runID := fmt.Sprintf("%032x", i+1)
		ts := base + int64(i)*3600_000
		s.AddRun(client.Run{
			Info: client.RunInfo{RunID: runID, RunName: fmt.Sprintf("rf-%d", (i+1)*50), ExperimentID: "1", Status: client.StatusFinished, StartTime: ts, EndTime: ts + 60_000, LifecycleStage: client.LifecycleActive},
			Data: client.RunData{
				Metrics: []client.Metric{
					{Key: "accuracy", Value: m.acc, Timestamp: ts},
					{Key: "f1_macro", Value: m.f1, Timestamp: ts},
					{Key: "precision_macro", Value: m.prec, Timestamp: ts},
					{Key: "recall_macro", Value: m.rec, Timestamp: ts},
				},
				Params: []client.Param{{Key: "n_estimators", Value: fmt.Sprint((i + 1) * 50)}, {Key: "max_depth", Value: fmt.Sprint(i + 2)}},
			},
		})
		s.SetArtifacts(runID, []client.FileInfo{
			{Path: "model", IsDir: true},
			{Path: "model/MLmodel", FileSize: 512},
			{Path: "model/model.pkl", FileSize: 183_402},
			{Path: "model/requirements.txt", FileSize: 120},
		})
		s.SetArtifactContent(runID, "model/MLmodel", []byte(irisMLmodel))
		s.SetArtifactContent(runID, "model/requirements.txt", []byte("mlflow==2.22.1\n# pinned by the training job\nscikit-learn==1.6.1\n"))
		mv := client.ModelVersion{
			Name: "iris-classifier", Version: v, CreationTimestamp: ts, LastUpdatedTimestamp: ts,
			UserID: "alice", CurrentStage: stages[i], Source: fmt.Sprintf("runs:/%s/model", runID), RunID: runID, Status: "READY",
		}
		if i < 3 {
			mv.Tags = []client.Tag{{Key: "approval_status", Value: "approved"}}
		}
		if i == 3 {
			mv.Description = "400 trees, depth 5"
		}
		s.AddVersion(mv)
	}
	s.AddVersion(client.ModelVersion{Name: "wine-regressor", Version: "1", CreationTimestamp: base, UserID: "bob", Status: "READY", Source: "models:/m-0123456789abcdef0123456789abcdef"})
	s.AddLoggedModel(client.LoggedModel{ModelID: "m-0123456789abcdef0123456789abcdef", Name: "wine", Metrics: []client.Metric{{Key: "rmse", Value: 0.61, Step: 1}}})
	return s
}

// irisMLmodel is an MLmodel as MLflow 2.22 writes it for a scikit-learn model.
const irisMLmodel = `artifact_path: model
flavors:
  python_function:
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.sklearn
    model_path: model.pkl
    predict_fn: predict
    python_version: 3.11.7
  sklearn:
    code: null
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.6.1
mlflow_version: 2.22.1
model_size_bytes: 183402
model_uuid: 6f1c0e2d9b2a4c41a3a0b6c1d2e3f405
run_id: 00000000000000000000000000000004
signature:
  inputs: '[{"type": "double", "name": "sepal length (cm)", "required": true}, {"type": "double", "name": "sepal width (cm)", "required": true}, {"type": "double", "name": "petal length (cm)", "required": true}, {"type": "double", "name": "petal width (cm)", "required": true}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}]'
  params: null
utc_time_created: '2026-01-01 03:00:00.000000'
`
