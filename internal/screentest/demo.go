package screentest

import (
	"fmt"
	"math"
	"time"

	"mltui/client"
)

// Now is the fixed clock of golden screens: every fixture time is
// relative to it.
var Now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func init() {
	// Timestamps render in local time; goldens must not depend on the
	// machine's zone.
	time.Local = time.UTC
}

func ago(d time.Duration) int64 { return Now.Add(-d).UnixMilli() }

func tags(kv ...string) []client.Tag {
	out := make([]client.Tag, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, client.Tag{Key: kv[i], Value: kv[i+1]})
	}
	return out
}

func params(kv ...string) []client.Param {
	out := make([]client.Param, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, client.Param{Key: kv[i], Value: kv[i+1]})
	}
	return out
}

func runID(n int) string { return fmt.Sprintf("%08x%024x", 0xa1b2c3d4+n, n) }

type runSpec struct {
	n       int
	exp     string
	name    string
	status  client.RunStatus
	start   time.Duration // ago
	length  time.Duration // 0 while running
	metrics map[string]float64
	lastLog time.Duration // ago, for every metric
	params  []client.Param
	tags    []client.Tag
	parent  int
	deleted bool
}

func (s runSpec) run() client.Run {
	r := client.Run{Info: client.RunInfo{
		RunID: runID(s.n), RunName: s.name, ExperimentID: s.exp, UserID: "alice", Status: s.status,
		StartTime: ago(s.start), ArtifactURI: "mlflow-artifacts:/" + s.exp + "/" + runID(s.n) + "/artifacts",
		LifecycleStage: client.LifecycleActive,
	}}
	if s.length > 0 {
		r.Info.EndTime = r.Info.StartTime + s.length.Milliseconds()
	}
	if s.deleted {
		r.Info.LifecycleStage = client.LifecycleDeleted
	}
	logged := r.Info.EndTime
	if s.lastLog > 0 || logged == 0 {
		logged = ago(s.lastLog)
	}
	for _, k := range sortedKeys(s.metrics) {
		r.Data.Metrics = append(r.Data.Metrics, client.Metric{Key: k, Value: s.metrics[k], Timestamp: logged, Step: 59})
	}
	r.Data.Params = s.params
	r.Data.Tags = append(tags("mlflow.user", "alice", "mlflow.source.name", "train.py", "mlflow.runName", s.name), s.tags...)
	if s.parent > 0 {
		r.Data.Tags = append(r.Data.Tags, client.Tag{Key: "mlflow.parentRunId", Value: runID(s.parent)})
	}
	return r
}

func sortedKeys(m map[string]float64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// Fixture returns a hand-made store shaped like the test seed, for what
// the shipped demo store cannot show (artifact files, which the demo does
// not ship; metric histories with a known spike): iris-classification
// (RandomForest runs with datasets, a logged model and a note),
// mnist-mlp (epoch curves, a sweep with children, a RUNNING run gone
// quiet, FAILED/KILLED runs, a NaN metric, a deleted run), edge-cases
// (a wide unicode name, a very long name, an empty run) and a deleted
// experiment.
func Fixture() *Store {
	s := &Store{Info: client.ServerInfo{Kind: "sqlite", URI: "sqlite:///demo/mlflow.db", Version: "3.18.0", User: "alice"}}
	s.Experiments = []client.Experiment{
		{ID: "0", Name: "Default", LifecycleStage: "active", CreationTime: ago(30 * 24 * time.Hour), LastUpdateTime: ago(30 * 24 * time.Hour), ArtifactLocation: "mlflow-artifacts:/0"},
		{ID: "1", Name: "iris-classification", LifecycleStage: "active", CreationTime: ago(48 * time.Hour), LastUpdateTime: ago(time.Hour), ArtifactLocation: "mlflow-artifacts:/1",
			Tags: tags("purpose", "RandomForest baselines on iris", "team", "ml-platform", "mlflow.note.content", "Iris experiments")},
		{ID: "2", Name: "mnist-mlp", LifecycleStage: "active", CreationTime: ago(24 * time.Hour), LastUpdateTime: ago(5 * time.Minute), ArtifactLocation: "mlflow-artifacts:/2",
			Tags: tags("framework", "numpy")},
		{ID: "3", Name: "edge-cases", LifecycleStage: "active", CreationTime: ago(12 * time.Hour), LastUpdateTime: ago(2 * time.Hour), ArtifactLocation: "mlflow-artifacts:/3",
			Tags: tags("purpose", "rendering and limits")},
		{ID: "4", Name: "old-experiment", LifecycleStage: "deleted", CreationTime: ago(90 * 24 * time.Hour), LastUpdateTime: ago(60 * 24 * time.Hour), ArtifactLocation: "mlflow-artifacts:/4"},
	}
	iris := func(n int, name string, start time.Duration, acc, f1, prec, rec float64, crit, depth, est string) runSpec {
		return runSpec{n: n, exp: "1", name: name, status: client.StatusFinished, start: start, length: time.Duration(n) * time.Second,
			metrics: map[string]float64{"accuracy": acc, "f1_macro": f1, "precision_macro": prec, "recall_macro": rec},
			params:  params("criterion", crit, "max_depth", depth, "min_samples_split", "2", "n_estimators", est, "random_state", "42"),
			tags:    tags("dataset", "iris", "model_family", "random_forest")}
	}
	mnist := func(n int, name string, st client.RunStatus, start, length time.Duration, acc, loss, vloss float64, opt, lr string) runSpec {
		return runSpec{n: n, exp: "2", name: name, status: st, start: start, length: length,
			metrics: map[string]float64{"val_accuracy": acc, "train_loss": loss, "val_loss": vloss, "lr": 0.001},
			params:  params("optimizer", opt, "lr", lr, "epochs", "60", "batch_size", "128")}
	}
	specs := []runSpec{
		iris(1, "rf-baseline-v1", 6*time.Hour, 0.933333, 0.933333, 0.933333, 0.933333, "gini", "5", "100"),
		iris(2, "rf-small", 5*time.Hour, 0.9, 0.899749, 0.902357, 0.9, "gini", "2", "10"),
		iris(3, "rf-unbounded", 4*time.Hour, 0.9, 0.899749, 0.902357, 0.9, "gini", "None", "200"),
		iris(4, "rf-entropy-mss4", 3*time.Hour, 0.966667, 0.966583, 0.969697, 0.966667, "entropy", "5", "100"),
		iris(5, "rf-stump", 2*time.Hour, 0.666667, 0.555556, 0.5, 0.666667, "gini", "1", "10"),
		iris(6, "rf-entropy-50", time.Hour, 0.933333, 0.933333, 0.933333, 0.933333, "entropy", "4", "50"),

		mnist(10, "adam-lr1e-3", client.StatusFinished, 9*time.Hour, time.Hour, 0.994408, 0.0502619, 0.12949, "adam", "0.001"),
		mnist(11, "sgd-lr1e-1-diverged", client.StatusFailed, 8*time.Hour, 18*time.Minute, math.NaN(), 2.302, math.Inf(1), "sgd", "0.1"),
		mnist(12, "adamw-cosine", client.StatusFinished, 7*time.Hour, time.Hour, 0.997257, 0.0312979, 0.0611036, "adamw", "0.001"),
		mnist(13, "sgd-killed", client.StatusKilled, 6*time.Hour, 25*time.Minute, 0.91, 0.31, 0.35, "sgd", "0.01"),
		mnist(14, "adam-nan-grad", client.StatusFinished, 5*time.Hour, time.Hour, 0.994385, math.NaN(), 0.13, "adam", "0.001"),
		{n: 15, exp: "2", name: "adam-long-running", status: client.StatusRunning, start: 40 * time.Minute, lastLog: 25 * time.Minute,
			metrics: map[string]float64{"val_accuracy": 0.963881, "train_loss": 0.0908923, "val_loss": 0.166299, "lr": 0.001},
			params:  params("optimizer", "adam", "lr", "0.001", "epochs", "60", "batch_size", "128")},
		{n: 16, exp: "2", name: "adam-live", status: client.StatusRunning, start: 10 * time.Minute, lastLog: 20 * time.Second,
			metrics: map[string]float64{"val_accuracy": 0.95, "train_loss": 0.12, "val_loss": 0.2, "lr": 0.001},
			params:  params("optimizer", "adam", "lr", "0.001", "epochs", "60", "batch_size", "128")},
		{n: 20, exp: "2", name: "sweep", status: client.StatusFinished, start: 3 * time.Hour, length: 3 * time.Minute, params: params("grid", "lr")},
		mnist(21, "sweep-lr-0.001", client.StatusFinished, 3*time.Hour, time.Minute, 0.940373, 0.2, 0.21, "adam", "0.001"),
		mnist(22, "sweep-lr-0.003", client.StatusFinished, 3*time.Hour, time.Minute, 0.979866, 0.1, 0.15, "adam", "0.003"),
		mnist(23, "sweep-lr-0.01", client.StatusFinished, 3*time.Hour, time.Minute, 0.998402, 0.05, 0.09, "adam", "0.01"),
		mnist(24, "deleted-run", client.StatusFinished, 2*time.Hour, time.Minute, 0.5, 1, 1, "sgd", "0.5"),

		{n: 30, exp: "3", name: "실험-αβγ-🚀", status: client.StatusFinished, start: 2 * time.Hour, length: 5 * time.Second,
			metrics: map[string]float64{"score": 1}, params: params("emoji", "🚀", "note", "line one\nline two")},
		{n: 31, exp: "3", name: "very-long-run-name-" + repeat("very-long-run-name-", 5) + "END", status: client.StatusFinished, start: 2 * time.Hour, length: 2 * time.Second,
			metrics: map[string]float64{"score": 0.5}},
		{n: 32, exp: "3", name: "empty", status: client.StatusFinished, start: 2 * time.Hour, length: time.Second},
	}
	for i := range specs {
		if specs[i].n >= 21 && specs[i].n <= 23 {
			specs[i].parent = 20
		}
		if specs[i].n == 24 {
			specs[i].deleted = true
		}
	}
	for _, sp := range specs {
		s.Runs = append(s.Runs, sp.run())
	}
	// Iris runs: datasets, a logged model and a note on the best run.
	for i := range s.Runs {
		r := &s.Runs[i]
		if r.Info.ExperimentID != "1" {
			continue
		}
		r.Inputs.Datasets = []client.DatasetInput{
			{Tags: tags("mlflow.data.context", "training"), Dataset: client.Dataset{Name: "iris-train", Digest: "3b4a8f90", SourceType: "http", Source: `{"url": "https://archive.ics.uci.edu/dataset/53/iris"}`}},
			{Tags: tags("mlflow.data.context", "evaluation"), Dataset: client.Dataset{Name: "iris-test", Digest: "b42f0acc", SourceType: "http", Source: `{"url": "https://archive.ics.uci.edu/dataset/53/iris"}`}},
		}
		r.Outputs.ModelOutputs = []client.ModelOutput{{ModelID: fmt.Sprintf("m-%032x", i+1), Step: 0}}
		if r.Info.RunName == "rf-entropy-mss4" {
			r.Data.Tags = append(r.Data.Tags, client.Tag{Key: "mlflow.note.content", Value: "Best so far: entropy with min_samples_split=4.\nPromote after review."})
		}
	}
	// Epoch curves for the mnist runs: 60 steps of train_loss and val_loss.
	s.Histories = map[string]map[string][]client.Metric{}
	for _, r := range s.Runs {
		if r.Info.ExperimentID != "2" || len(r.Data.Metrics) == 0 {
			continue
		}
		h := map[string][]client.Metric{}
		for _, m := range r.Data.Metrics {
			var pts []client.Metric
			for step := int64(0); step < 60; step++ {
				v := m.Value
				if m.Key == "train_loss" || m.Key == "val_loss" {
					// Decays to the latest value at step 59.
					v = m.Value + 2.3*(math.Exp(-float64(step)/8)-math.Exp(-59.0/8))
					if step == 17 {
						v += 4 // a spike the min/max must catch
					}
				}
				if math.IsNaN(m.Value) && step < 30 {
					v = 1 / float64(step+1)
				}
				pts = append(pts, client.Metric{Key: m.Key, Value: v, Step: step, Timestamp: m.Timestamp - (59-step)*60_000})
			}
			h[m.Key] = pts
		}
		s.Histories[r.Info.RunID] = h
	}
	id := runID(4)
	s.Artifacts = map[string]map[string][]client.FileInfo{id: {
		"": {
			{Path: "model", IsDir: true},
			{Path: "eval", IsDir: true},
			{Path: "README.md", FileSize: 1234},
		},
		"eval": {
			{Path: "eval/confusion_matrix.json", FileSize: 205},
			{Path: "eval/classification_report.txt", FileSize: 380},
		},
		"model": {
			{Path: "model/MLmodel", FileSize: 512},
			{Path: "model/model.pkl", FileSize: 184320},
		},
	}}
	return s
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

// RunID is the ID of the fixture run numbered n (see Demo).
func RunID(n int) string { return runID(n) }
