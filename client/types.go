package client

import (
	"io"
	"math"
	"strings"
)

// RunStatus is MLflow's run status name (RUNNING, SCHEDULED, FINISHED, FAILED, KILLED).
type RunStatus string

const (
	StatusRunning   RunStatus = "RUNNING"
	StatusScheduled RunStatus = "SCHEDULED"
	StatusFinished  RunStatus = "FINISHED"
	StatusFailed    RunStatus = "FAILED"
	StatusKilled    RunStatus = "KILLED"
)

// StatusFromInt maps the file store's integer status (missing → RUNNING).
func StatusFromInt(n int) RunStatus {
	switch n {
	case 2:
		return StatusScheduled
	case 3:
		return StatusFinished
	case 4:
		return StatusFailed
	case 5:
		return StatusKilled
	default:
		return StatusRunning
	}
}

// Lifecycle stages of experiments and runs.
const (
	LifecycleActive  = "active"
	LifecycleDeleted = "deleted"
)

// ViewType selects active, deleted or all entities in searches.
type ViewType string

const (
	ActiveOnly  ViewType = "ACTIVE_ONLY"
	DeletedOnly ViewType = "DELETED_ONLY"
	AllViews    ViewType = "ALL"
)

// Tag is a key/value pair on an experiment, run, model or version.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Param is a run or logged-model parameter.
type Param struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Metric is one logged metric value. Value may be NaN or ±Inf.
// Timestamp is epoch milliseconds. RunID is set where the source says
// which run a point belongs to (bulk history); otherwise it may be empty.
type Metric struct {
	Key       string  `json:"key"`
	Value     float64 `json:"value"`
	Timestamp int64   `json:"timestamp"`
	Step      int64   `json:"step"`
	RunID     string  `json:"run_id,omitempty"`
	// DatasetName and DatasetDigest say which dataset a logged model's
	// metric was computed on (MLflow 3); empty for run metrics.
	DatasetName   string `json:"dataset_name,omitempty"`
	DatasetDigest string `json:"dataset_digest,omitempty"`
}

// Finite reports whether the value is neither NaN nor ±Inf.
func (m Metric) Finite() bool { return !math.IsNaN(m.Value) && !math.IsInf(m.Value, 0) }

// Experiment is an MLflow experiment.
type Experiment struct {
	ID               string `json:"experiment_id"`
	Name             string `json:"name"`
	ArtifactLocation string `json:"artifact_location,omitempty"`
	LifecycleStage   string `json:"lifecycle_stage"`
	CreationTime     int64  `json:"creation_time,omitempty"`
	LastUpdateTime   int64  `json:"last_update_time,omitempty"`
	Tags             []Tag  `json:"tags,omitempty"`
	Workspace        string `json:"workspace,omitempty"`
}

// Tag returns the value of an experiment tag.
func (e Experiment) Tag(key string) (string, bool) { return findTag(e.Tags, key) }

// RunInfo is a run's metadata.
type RunInfo struct {
	RunID          string    `json:"run_id"`
	RunName        string    `json:"run_name"`
	ExperimentID   string    `json:"experiment_id"`
	UserID         string    `json:"user_id,omitempty"`
	Status         RunStatus `json:"status"`
	StartTime      int64     `json:"start_time,omitempty"`
	EndTime        int64     `json:"end_time,omitempty"` // 0 while running
	ArtifactURI    string    `json:"artifact_uri,omitempty"`
	LifecycleStage string    `json:"lifecycle_stage"`
}

// RunData holds a run's latest metrics (one per key), params and tags.
type RunData struct {
	Metrics []Metric `json:"metrics,omitempty"`
	Params  []Param  `json:"params,omitempty"`
	Tags    []Tag    `json:"tags,omitempty"`
}

// Dataset describes a dataset used as a run input.
type Dataset struct {
	Name       string `json:"name"`
	Digest     string `json:"digest"`
	SourceType string `json:"source_type,omitempty"`
	Source     string `json:"source,omitempty"`
	Schema     string `json:"schema,omitempty"`
	Profile    string `json:"profile,omitempty"`
}

// DatasetInput is a dataset attached to a run, with its input tags
// (mlflow.data.context = training/eval/…).
type DatasetInput struct {
	Tags    []Tag   `json:"tags,omitempty"`
	Dataset Dataset `json:"dataset"`
}

// Context returns the mlflow.data.context tag (training, validation, …).
func (d DatasetInput) Context() string {
	v, _ := findTag(d.Tags, "mlflow.data.context")
	return v
}

// RunInputs are a run's dataset and model inputs.
type RunInputs struct {
	Datasets    []DatasetInput `json:"dataset_inputs,omitempty"`
	ModelInputs []string       `json:"model_inputs,omitempty"` // logged-model IDs
}

// ModelOutput is a logged model a run produced, at a step.
type ModelOutput struct {
	ModelID string `json:"model_id"`
	Step    int64  `json:"step"`
}

// RunOutputs are the logged models a run produced.
type RunOutputs struct {
	ModelOutputs []ModelOutput `json:"model_outputs,omitempty"`
}

// Run is an MLflow run.
type Run struct {
	Info    RunInfo    `json:"info"`
	Data    RunData    `json:"data"`
	Inputs  RunInputs  `json:"inputs"`
	Outputs RunOutputs `json:"outputs"`
}

// Name returns the run name, falling back to the mlflow.runName tag and then the ID.
func (r Run) Name() string {
	if r.Info.RunName != "" {
		return r.Info.RunName
	}
	if v, ok := r.Tag("mlflow.runName"); ok && v != "" {
		return v
	}
	return r.Info.RunID
}

// Metric returns the latest value of a metric.
func (r Run) Metric(key string) (Metric, bool) {
	for _, m := range r.Data.Metrics {
		if m.Key == key {
			return m, true
		}
	}
	return Metric{}, false
}

// Param returns a parameter value.
func (r Run) Param(key string) (string, bool) {
	for _, p := range r.Data.Params {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}

// Tag returns a run tag value.
func (r Run) Tag(key string) (string, bool) { return findTag(r.Data.Tags, key) }

// ParentRunID returns the mlflow.parentRunId tag, if any.
func (r Run) ParentRunID() string {
	v, _ := r.Tag("mlflow.parentRunId")
	return v
}

// AliasRef points an alias at a version of a registered model.
type AliasRef struct {
	Alias   string `json:"alias"`
	Version string `json:"version"`
}

// RegisteredModel is a model in the registry.
type RegisteredModel struct {
	Name                 string         `json:"name"`
	CreationTimestamp    int64          `json:"creation_timestamp,omitempty"`
	LastUpdatedTimestamp int64          `json:"last_updated_timestamp,omitempty"`
	Description          string         `json:"description,omitempty"`
	LatestVersions       []ModelVersion `json:"latest_versions,omitempty"`
	Tags                 []Tag          `json:"tags,omitempty"`
	Aliases              []AliasRef     `json:"aliases,omitempty"`
}

// Tag returns a registered-model tag value.
func (m RegisteredModel) Tag(key string) (string, bool) { return findTag(m.Tags, key) }

// AliasVersion returns the version an alias points to.
func (m RegisteredModel) AliasVersion(alias string) (string, bool) {
	for _, a := range m.Aliases {
		if a.Alias == alias {
			return a.Version, true
		}
	}
	return "", false
}

// Legacy model-version stages.
const (
	StageNone       = "None"
	StageStaging    = "Staging"
	StageProduction = "Production"
	StageArchived   = "Archived"
)

// Stages are the legacy stages in MLflow's order (a fresh slice).
func Stages() []string {
	return []string{StageNone, StageStaging, StageProduction, StageArchived}
}

// ModelVersion is one version of a registered model. Version is a decimal
// string, as on the wire.
type ModelVersion struct {
	Name                 string   `json:"name"`
	Version              string   `json:"version"`
	CreationTimestamp    int64    `json:"creation_timestamp,omitempty"`
	LastUpdatedTimestamp int64    `json:"last_updated_timestamp,omitempty"`
	UserID               string   `json:"user_id,omitempty"`
	CurrentStage         string   `json:"current_stage,omitempty"`
	Description          string   `json:"description,omitempty"`
	Source               string   `json:"source,omitempty"`
	RunID                string   `json:"run_id,omitempty"`
	RunLink              string   `json:"run_link,omitempty"`
	Status               string   `json:"status,omitempty"`
	StatusMessage        string   `json:"status_message,omitempty"`
	Tags                 []Tag    `json:"tags,omitempty"`
	Aliases              []string `json:"aliases,omitempty"`
	ModelID              string   `json:"model_id,omitempty"`
}

// Tag returns a version tag value.
func (v ModelVersion) Tag(key string) (string, bool) { return findTag(v.Tags, key) }

// LoggedModelID returns the MLflow 3 logged-model ID, from ModelID or
// parsed from a "models:/<id>" source.
func (v ModelVersion) LoggedModelID() string {
	if v.ModelID != "" {
		return v.ModelID
	}
	if rest, ok := strings.CutPrefix(v.Source, "models:/"); ok && strings.HasPrefix(rest, "m-") && !strings.Contains(rest, "/") {
		return rest
	}
	return ""
}

// LoggedModel is an MLflow 3 logged model.
type LoggedModel struct {
	ModelID                string   `json:"model_id"`
	ExperimentID           string   `json:"experiment_id"`
	Name                   string   `json:"name"`
	CreationTimestampMs    int64    `json:"creation_timestamp_ms,omitempty"`
	LastUpdatedTimestampMs int64    `json:"last_updated_timestamp_ms,omitempty"`
	ArtifactURI            string   `json:"artifact_uri,omitempty"`
	Status                 string   `json:"status,omitempty"` // LOGGED_MODEL_PENDING|_READY|_UPLOAD_FAILED
	ModelType              string   `json:"model_type,omitempty"`
	SourceRunID            string   `json:"source_run_id,omitempty"`
	StatusMessage          string   `json:"status_message,omitempty"`
	Tags                   []Tag    `json:"tags,omitempty"`
	Params                 []Param  `json:"params,omitempty"`
	Metrics                []Metric `json:"metrics,omitempty"`
}

// ArtifactFile is an open artifact file, or the part of it that was asked for.
type ArtifactFile struct {
	io.ReadCloser
	// Size is the whole file's size in bytes (not the part's), -1 where the store did not say.
	Size int64
}

// FileInfo is one entry of an artifact listing (one level).
type FileInfo struct {
	Path     string `json:"path"`
	IsDir    bool   `json:"is_dir"`
	FileSize int64  `json:"file_size,omitempty"`
}

// User is the authenticated user, where the server says.
type User struct {
	ID       string `json:"id,omitempty"`
	Username string `json:"username"`
	IsAdmin  bool   `json:"is_admin,omitempty"`
}

// ServerInfo describes the store mltui is talking to.
type ServerInfo struct {
	Kind      string `json:"kind"`                 // "rest", "sqlite", "file"
	URI       string `json:"uri"`                  // display form, secrets removed
	Version   string `json:"version,omitempty"`    // MLflow server version, or schema revision for SQLite
	StoreType string `json:"store_type,omitempty"` // server-info store_type (SqlStore/FileStore)
	User      string `json:"user,omitempty"`
	Workspace string `json:"workspace,omitempty"`
}

// Local reports whether the store is read directly (sqlite, file) rather
// than through a tracking server.
func (i ServerInfo) Local() bool { return i.Kind == "sqlite" || i.Kind == "file" }

func findTag(tags []Tag, key string) (string, bool) {
	for _, t := range tags {
		if t.Key == key {
			return t.Value, true
		}
	}
	return "", false
}
