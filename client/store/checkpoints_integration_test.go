package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/testenv"
)

// pyCheckpoints lists a run's logged models with the MLflow Python client (argv: tracking URI,
// experiment ID, run ID), in search_logged_models' order, as JSON.
const pyCheckpoints = `
import sys, json, mlflow
from mlflow.protos import service_pb2
uri, exp, run = sys.argv[1:4]
mlflow.set_tracking_uri(uri)
ms = mlflow.search_logged_models(experiment_ids=[exp], filter_string=f"source_run_id = '{run}'",
                                 output_format="list")
print(json.dumps([{
    "model_id": m.model_id, "experiment_id": m.experiment_id, "name": m.name,
    "source_run_id": m.source_run_id, "status": service_pb2.LoggedModelStatus.Name(m.status.to_proto()),
    "creation_timestamp_ms": m.creation_timestamp, "artifact_uri": m.artifact_location,
    "params": m.params, "tags": m.tags,
    "metrics": [{"key": x.key, "value": x.value, "step": x.step, "timestamp": x.timestamp, "run_id": x.run_id}
                for x in m.metrics],
} for m in ms]))
`

// checkpointView is one logged model as both clients report it.
type checkpointView struct {
	ModelID      string            `json:"model_id"`
	ExperimentID string            `json:"experiment_id"`
	Name         string            `json:"name"`
	SourceRunID  string            `json:"source_run_id"`
	Status       string            `json:"status"`
	Created      int64             `json:"creation_timestamp_ms"`
	ArtifactURI  string            `json:"artifact_uri"`
	Params       map[string]string `json:"params"`
	Tags         map[string]string `json:"tags"`
	Metrics      []checkpointMetric
}

type checkpointMetric struct {
	Key       string  `json:"key"`
	Value     float64 `json:"value"`
	Step      int64   `json:"step"`
	Timestamp int64   `json:"timestamp"`
	RunID     string  `json:"run_id"`
}

func viewOf(m client.LoggedModel) checkpointView {
	v := checkpointView{ModelID: m.ModelID, ExperimentID: m.ExperimentID, Name: m.Name, SourceRunID: m.SourceRunID,
		Status: m.Status, Created: m.CreationTimestampMs, ArtifactURI: m.ArtifactURI,
		Params: map[string]string{}, Tags: map[string]string{}}
	for _, p := range m.Params {
		v.Params[p.Key] = p.Value
	}
	for _, t := range m.Tags {
		v.Tags[t.Key] = t.Value
	}
	for _, x := range m.Metrics {
		v.Metrics = append(v.Metrics, checkpointMetric{x.Key, x.Value, x.Step, x.Timestamp, x.RunID})
	}
	sortMetrics(v.Metrics)
	return v
}

func sortMetrics(ms []checkpointMetric) {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Key != ms[j].Key {
			return ms[i].Key < ms[j].Key
		}
		return ms[i].Step < ms[j].Step
	})
}

// The checkpointed run's LoggedModels (checkpoint-5, -10, -15, each with its step's metrics), as
// mltui's stores list them over REST, from a SQLite copy of the same database and from the file
// store, equal what the MLflow Python client's search_logged_models gives for each.
func TestIntegrationCheckpointsMatchPython(t *testing.T) {
	srv := testenv.Shared(t)
	sq := testenv.SQLiteCopy(t)
	fsc := testenv.FileStoreCopy(t)
	for _, b := range []struct {
		name string
		r    Resolution
		env  []string
		sum  testenv.Summary
	}{
		{"rest", Resolution{URI: srv.URL, Kind: KindREST, Source: "test"}, srv.Env(), srv.Summary},
		{"sqlite", Resolution{URI: sq.URI, Kind: KindSQLite, Path: sq.Path, Source: "test"}, nil, sq.Summary},
		{"file", Resolution{URI: fsc.URI, Kind: KindFile, Path: fsc.Path, Source: "test"}, nil, fsc.Summary},
	} {
		t.Run(b.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			exp := b.sum.Experiment(t, "sweep")
			run := b.sum.Run(t, "checkpoint_run")
			sw := b.sum.Sweep
			if sw == nil || len(sw.CheckpointSteps) != 3 || len(b.sum.Checkpoints) != 3 {
				t.Fatalf("seed summary has no three checkpoints: sweep %+v, checkpoints %v", sw, b.sum.Checkpoints)
			}

			lines := strings.Split(strings.TrimSpace(testenv.PythonEnv(t, b.env, "-c", pyCheckpoints, b.r.URI, exp, run)), "\n")
			var want []checkpointView
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &want); err != nil {
				t.Fatalf("%v\n%s", err, lines[len(lines)-1])
			}
			for i := range want {
				sortMetrics(want[i].Metrics)
			}

			s, err := Open(ctx, b.r, Options{Getenv: noEnv, Home: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			// Pages of two: the three checkpoints take a page token.
			lms, err := client.All(ctx, func(ctx context.Context, tok string) (client.Page[client.LoggedModel], error) {
				return s.SearchLoggedModels(ctx, client.LoggedModelQuery{ExperimentIDs: []string{exp},
					Filter: "source_run_id = '" + run + "'", MaxResults: 2, PageToken: tok})
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []checkpointView
			for _, m := range lms {
				got = append(got, viewOf(m))
				one, err := s.GetLoggedModel(ctx, m.ModelID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(viewOf(one), viewOf(m)) {
					t.Errorf("logged model %s: get %+v, search %+v", m.ModelID, viewOf(one), viewOf(m))
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("logged models of the checkpointed run differ\n  go:     %+v\n  python: %+v", got, want)
			}

			// And they are what the seed says it logged: checkpoint-N at step N, newest first,
			// with that step's train_loss, val_loss and val_accuracy of the run.
			if len(got) != 3 {
				t.Fatalf("%d logged models, want 3", len(got))
			}
			hist := map[string]map[int64]float64{}
			for _, key := range []string{"train_loss", "val_loss", "val_accuracy"} {
				ms, err := client.All(ctx, func(ctx context.Context, tok string) (client.Page[client.Metric], error) {
					return s.MetricHistoryPage(ctx, client.HistoryQuery{RunID: run, Key: key, PageToken: tok})
				})
				if err != nil {
					t.Fatal(err)
				}
				hist[key] = map[int64]float64{}
				for _, m := range ms {
					hist[key][m.Step] = m.Value
				}
			}
			for i, m := range got {
				step := sw.CheckpointSteps[len(sw.CheckpointSteps)-1-i]
				if m.Name != fmt.Sprintf("checkpoint-%d", step) || m.ModelID != b.sum.Checkpoints[strconv.FormatInt(step, 10)] ||
					m.Status != "LOGGED_MODEL_READY" || m.Tags["epoch"] != strconv.FormatInt(step, 10) || m.Params["lr"] != "0.1" {
					t.Errorf("model %d: %+v, want checkpoint-%d (%s)", i, m, step, b.sum.Checkpoints[strconv.FormatInt(step, 10)])
				}
				if len(m.Metrics) != 3 {
					t.Errorf("%s has metrics %+v, want 3", m.Name, m.Metrics)
				}
				for _, x := range m.Metrics {
					if v, ok := hist[x.Key][x.Step]; x.Step != step || !ok || v != x.Value || math.IsNaN(x.Value) || x.RunID != run {
						t.Errorf("%s metric %+v; the run has %s=%v at step %d", m.Name, x, x.Key, v, step)
					}
				}
			}
		})
	}
}
