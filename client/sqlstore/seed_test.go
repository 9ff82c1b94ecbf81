package sqlstore

import "math"

// seed fills a fixture with a small store covering the cases the search
// and registry code must tell apart.
func seed(f *fixture) {
	f.experiment(1, "iris", "active", 10)
	f.experiment(2, "curves", "active", 20)
	f.experiment(3, "old", "deleted", 5)
	f.expTag(1, "team", "vision")
	f.expTag(2, "team", "nlp")
	f.expTag(2, "note", "x")

	runs := []runRow{
		{id: "r1", name: "rf-100", exp: 1, start: 100, end: 110, user: "ana"},
		{id: "r2", name: "rf-200", exp: 1, start: 200, end: 210, user: "bob"},
		{id: "r3", name: "rf-nan", exp: 1, start: 300, end: 310, user: "ana", status: "FAILED"},
		{id: "r4", name: "ünïcode ☃", exp: 1, start: 200, user: "ana", status: "RUNNING"},
		{id: "r5", name: "", exp: 1, start: 50, end: 60, user: "cy"},
		{id: "r6", name: "gone", exp: 1, start: 400, end: 410, user: "ana", deleted: true},
		{id: "c1", name: "curve", exp: 2, start: 500, end: 900, user: "ana"},
		{id: "d1", name: "old-run", exp: 3, start: 1, end: 2, user: "ana"},
	}
	for _, r := range runs {
		f.run(r)
	}
	f.tag("r5", "mlflow.runName", "tag-only-name")
	f.metric("r1", "acc", 0.91, 111, 0)
	f.metric("r1", "acc", 0.95, 112, 1)
	f.metric("r1", "f1", 0.9, 111, 0)
	f.metric("r2", "acc", 0.80, 211, 0)
	f.metric("r2", "f1", 0.95, 211, 0)
	f.metric("r3", "acc", math.NaN(), 311, 0)
	f.metric("r3", "f1", math.Inf(1), 311, 0)
	f.metric("r4", "acc", math.Inf(-1), 201, 0)
	f.metric("r6", "acc", 0.99, 401, 0)
	for i := int64(0); i < 100; i++ {
		f.metric("c1", "loss", 1/float64(i+1), 1000+i, i)
	}
	f.metric("c1", "loss", math.NaN(), 1100, 100)
	f.param("r1", "n_estimators", "100")
	f.param("r2", "n_estimators", "200")
	f.param("r3", "n_estimators", "100")
	f.param("r1", "max_depth", "5")
	f.param("r4", "a/b", "Nested")
	f.tag("r1", "team", "Vision")
	f.tag("r2", "team", "vision")
	f.tag("r3", "mlflow.parentRunId", "r1")
	f.dataset(1, "ds1", "iris", "abc123")
	f.dataset(1, "ds2", "iris-eval", "def456")
	f.input("i1", "ds1", "r1", "training")
	f.input("i2", "ds2", "r1", "eval")
	f.input("i3", "ds1", "r2", "training")
	f.exec("INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id, step) VALUES ('o1', 'RUN_OUTPUT', 'r1', 'MODEL_OUTPUT', 'm-aaa', 3)")
	f.exec("INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id, step) VALUES ('o2', 'RUN_INPUT', 'r2', 'MODEL_INPUT', 'm-aaa', 0)")

	f.model("iris-classifier", 1000)
	f.model("other", 2000)
	f.model("my-prompt", 3000)
	f.modelTag("iris-classifier", "owner", "ml")
	f.modelTag("my-prompt", "mlflow.prompt.is_prompt", "true")
	f.version("iris-classifier", 1, "Archived", "r1", 1001)
	f.version("iris-classifier", 2, "Production", "r1", 1002)
	f.version("iris-classifier", 3, "Staging", "r2", 1003)
	f.version("iris-classifier", 4, "None", "r2", 1004)
	f.version("iris-classifier", 5, "Deleted_Internal", "r3", 1005)
	f.version("iris-classifier", 6, "None", "r3", 1006)
	f.version("other", 1, "Production", "r2", 2001)
	f.version("my-prompt", 1, "None", "", 3001)
	f.versionTag("my-prompt", 1, "mlflow.prompt.is_prompt", "true")
	f.versionTag("iris-classifier", 3, "approval_status", "approved")
	f.alias("iris-classifier", "champion", 2)
	f.alias("iris-classifier", "challenger", 3)

	f.exec("INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status, lifecycle_stage, model_type, source_run_id, status_message) VALUES ('m-aaa', 1, 'model', 'file:///tmp/m', 5, 6, 2, 'active', 'sklearn', 'r1', '')")
	f.exec("INSERT INTO logged_model_params (model_id, experiment_id, param_key, param_value) VALUES ('m-aaa', 1, 'n', '100')")
	f.exec("INSERT INTO logged_model_tags (model_id, experiment_id, tag_key, tag_value) VALUES ('m-aaa', 1, 'k', 'v')")
	f.exec("INSERT INTO logged_model_metrics (model_id, metric_name, metric_timestamp_ms, metric_step, metric_value, experiment_id, run_id) VALUES ('m-aaa', 'acc', 7, 0, 0.5, 1, 'r1'), ('m-aaa', 'acc', 8, 1, 0.7, 1, 'r1')")
}
