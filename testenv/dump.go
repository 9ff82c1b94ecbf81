package testenv

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

// Float is a float64 that also reads MLflow's string spellings "NaN", "Infinity" and "-Infinity"
// (dump.py writes non-finite values that way, as the REST API does).
type Float float64

// UnmarshalJSON implements json.Unmarshaler.
func (f *Float) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		switch s {
		case "NaN":
			*f = Float(math.NaN())
		case "Infinity":
			*f = Float(math.Inf(1))
		case "-Infinity":
			*f = Float(math.Inf(-1))
		default:
			return fmt.Errorf("testenv.Float: unexpected string %q", s)
		}
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = Float(v)
	return nil
}

// Dump is dump.py's `all` output: the Python client's view of a whole store.
type Dump struct {
	Experiments []DumpExperiment `json:"experiments"` // search_experiments(view ALL)
	// Runs maps experiment ID → its runs (search_runs view ALL, default order).
	Runs map[string][]DumpRun `json:"runs"`
	// Histories maps run ID → metric key → get_metric_history (big_metric only with --include-big).
	Histories        map[string]map[string][]DumpMetric `json:"histories"`
	RegisteredModels []DumpRegisteredModel              `json:"registered_models"`
	// ModelVersions maps model name → versions sorted by number.
	ModelVersions map[string][]DumpModelVersion `json:"model_versions"`
	LoggedModels  []DumpLoggedModel             `json:"logged_models"` // sorted by model_id
}

// DumpExperiment is one experiment.
type DumpExperiment struct {
	ExperimentID     string            `json:"experiment_id"`
	Name             string            `json:"name"`
	ArtifactLocation string            `json:"artifact_location"`
	LifecycleStage   string            `json:"lifecycle_stage"`
	CreationTime     int64             `json:"creation_time"`
	LastUpdateTime   int64             `json:"last_update_time"`
	Tags             map[string]string `json:"tags"`
}

// DumpMetric is one metric point.
type DumpMetric struct {
	Key       string `json:"key"`
	Value     Float  `json:"value"`
	Timestamp int64  `json:"timestamp"`
	Step      int64  `json:"step"`
}

// DumpRun is one run.
type DumpRun struct {
	Info struct {
		RunID          string `json:"run_id"`
		RunName        string `json:"run_name"`
		ExperimentID   string `json:"experiment_id"`
		UserID         string `json:"user_id"`
		Status         string `json:"status"`
		StartTime      int64  `json:"start_time"`
		EndTime        *int64 `json:"end_time"` // nil while running
		ArtifactURI    string `json:"artifact_uri"`
		LifecycleStage string `json:"lifecycle_stage"`
	} `json:"info"`
	Data struct {
		Metrics []DumpMetric      `json:"metrics"` // latest value per key, sorted by key
		Params  map[string]string `json:"params"`
		Tags    map[string]string `json:"tags"`
	} `json:"data"`
	Inputs struct {
		DatasetInputs []DumpDatasetInput `json:"dataset_inputs"`
		ModelInputs   []string           `json:"model_inputs"`
	} `json:"inputs"`
	Outputs struct {
		ModelOutputs []DumpModelOutput `json:"model_outputs"`
	} `json:"outputs"`
}

// DumpDatasetInput is one dataset a run used, with its input tags.
type DumpDatasetInput struct {
	Tags    map[string]string `json:"tags"`
	Dataset DumpDataset       `json:"dataset"`
}

// DumpDataset is a dataset as the Python client reports it.
type DumpDataset struct {
	Name       string `json:"name"`
	Digest     string `json:"digest"`
	SourceType string `json:"source_type"`
	Source     string `json:"source"`
	Schema     string `json:"schema"`
	Profile    string `json:"profile"`
}

// DumpModelOutput is one logged model a run produced.
type DumpModelOutput struct {
	ModelID string `json:"model_id"`
	Step    int64  `json:"step"`
}

// Metric returns the run's latest value of key.
func (r *DumpRun) Metric(key string) (DumpMetric, bool) {
	for _, m := range r.Data.Metrics {
		if m.Key == key {
			return m, true
		}
	}
	return DumpMetric{}, false
}

// DumpRegisteredModel is one registered model.
type DumpRegisteredModel struct {
	Name                 string            `json:"name"`
	CreationTimestamp    int64             `json:"creation_timestamp"`
	LastUpdatedTimestamp int64             `json:"last_updated_timestamp"`
	Description          string            `json:"description"`
	Tags                 map[string]string `json:"tags"`
	Aliases              map[string]string `json:"aliases"` // alias → version
	LatestVersions       []struct {
		Version      string `json:"version"`
		CurrentStage string `json:"current_stage"`
	} `json:"latest_versions"`
}

// DumpModelVersion is one model version.
type DumpModelVersion struct {
	Name                 string            `json:"name"`
	Version              string            `json:"version"`
	CreationTimestamp    int64             `json:"creation_timestamp"`
	LastUpdatedTimestamp int64             `json:"last_updated_timestamp"`
	CurrentStage         string            `json:"current_stage"`
	Description          string            `json:"description"`
	Source               string            `json:"source"`
	RunID                string            `json:"run_id"`
	RunLink              string            `json:"run_link"`
	Status               string            `json:"status"`
	StatusMessage        string            `json:"status_message"`
	UserID               string            `json:"user_id"`
	Tags                 map[string]string `json:"tags"`
	Aliases              []string          `json:"aliases"` // sorted
	ModelID              *string           `json:"model_id"`
}

// DumpLoggedModel is one MLflow 3 logged model.
type DumpLoggedModel struct {
	ModelID              string            `json:"model_id"`
	ExperimentID         string            `json:"experiment_id"`
	Name                 string            `json:"name"`
	ArtifactLocation     string            `json:"artifact_location"`
	CreationTimestamp    int64             `json:"creation_timestamp"`
	LastUpdatedTimestamp int64             `json:"last_updated_timestamp"`
	Status               string            `json:"status"` // e.g. READY
	ModelType            *string           `json:"model_type"`
	SourceRunID          string            `json:"source_run_id"`
	StatusMessage        *string           `json:"status_message"`
	Tags                 map[string]string `json:"tags"`
	Params               map[string]string `json:"params"`
	Metrics              []struct {
		Key           string  `json:"key"`
		Value         Float   `json:"value"`
		Timestamp     int64   `json:"timestamp"`
		Step          int64   `json:"step"`
		DatasetName   *string `json:"dataset_name"`
		DatasetDigest *string `json:"dataset_digest"`
		RunID         string  `json:"run_id"`
	} `json:"metrics"`
}

// Run finds a run by ID in any experiment.
func (d *Dump) Run(id string) (*DumpRun, bool) {
	for _, runs := range d.Runs {
		for i := range runs {
			if runs[i].Info.RunID == id {
				return &runs[i], true
			}
		}
	}
	return nil, false
}

// Experiment finds an experiment by ID.
func (d *Dump) Experiment(id string) (*DumpExperiment, bool) {
	for i := range d.Experiments {
		if d.Experiments[i].ExperimentID == id {
			return &d.Experiments[i], true
		}
	}
	return nil, false
}

// ------------------------------------------------------------------------------------- helpers

// DumpCmd runs `dump.py CMD URI ARGS...` with the venv python and returns its JSON output. For a
// basic-auth server started by this package it runs as admin.
func DumpCmd(t testing.TB, uri, cmd string, args ...string) []byte {
	t.Helper()
	argv := append([]string{Script("dump.py"), cmd, uri}, args...)
	return []byte(PythonEnv(t, credentialsEnv(uri), argv...))
}

// DumpJSON is `dump.py all URI ARGS...` (args: --include-big, --no-history) as raw JSON.
func DumpJSON(t testing.TB, uri string, args ...string) []byte {
	t.Helper()
	return DumpCmd(t, uri, "all", args...)
}

// DumpAll is DumpJSON decoded.
func DumpAll(t testing.TB, uri string, args ...string) *Dump {
	t.Helper()
	var d Dump
	decode(t, DumpJSON(t, uri, args...), &d)
	return &d
}

// AliasVersion is the version holding alias on model, or "" if the alias is not set.
func AliasVersion(t testing.TB, uri, model, alias string) string {
	t.Helper()
	var v *DumpModelVersion
	decode(t, DumpCmd(t, uri, "get-alias", model, alias), &v)
	if v == nil {
		return ""
	}
	return v.Version
}

// Aliases is alias → version for model.
func Aliases(t testing.TB, uri, model string) map[string]string {
	t.Helper()
	var m map[string]string
	decode(t, DumpCmd(t, uri, "aliases", model), &m)
	return m
}

// ModelVersion is one model version as the Python client sees it.
func ModelVersion(t testing.TB, uri, model, version string) DumpModelVersion {
	t.Helper()
	var v DumpModelVersion
	decode(t, DumpCmd(t, uri, "version", model, version), &v)
	return v
}

// VersionTags is the tags of one model version.
func VersionTags(t testing.TB, uri, model, version string) map[string]string {
	t.Helper()
	var m map[string]string
	decode(t, DumpCmd(t, uri, "version-tags", model, version), &m)
	return m
}

// Stage is the legacy stage of one model version ("None", "Staging", "Production", "Archived").
func Stage(t testing.TB, uri, model, version string) string {
	t.Helper()
	var s string
	decode(t, DumpCmd(t, uri, "stage", model, version), &s)
	return s
}

// MetricHistory is the full history of one metric.
func MetricHistory(t testing.TB, uri, runID, key string) []DumpMetric {
	t.Helper()
	var h []DumpMetric
	decode(t, DumpCmd(t, uri, "history", runID, key), &h)
	return h
}

func decode(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decoding dump.py output: %v\n%s", err, tail(strings.TrimSpace(string(b)), 2000))
	}
}
