package client

import "context"

// Page is one page of a search. An empty NextPageToken means the last page.
type Page[T any] struct {
	Items         []T
	NextPageToken string
}

// ExperimentQuery is experiments/search.
type ExperimentQuery struct {
	Filter     string
	OrderBy    []string
	ViewType   ViewType // "" means ACTIVE_ONLY
	MaxResults int      // 0 means the backend's default page size
	PageToken  string
}

// RunQuery is runs/search.
type RunQuery struct {
	ExperimentIDs []string
	Filter        string
	OrderBy       []string
	ViewType      ViewType
	MaxResults    int
	PageToken     string
}

// HistoryQuery is one page of metrics/get-history.
type HistoryQuery struct {
	RunID      string
	Key        string
	MaxResults int // 0 means the backend default (25000)
	PageToken  string
}

// SampledQuery is metrics/get-history-bulk-interval: a sampled history of
// one metric for 1–100 runs, optionally within a step range.
type SampledQuery struct {
	RunIDs     []string
	Key        string
	StartStep  *int64 // both or neither
	EndStep    *int64
	MaxResults int // 1–2500; 0 means 2500
}

// ModelQuery is registered-models/search.
type ModelQuery struct {
	Filter     string
	OrderBy    []string
	MaxResults int
	PageToken  string
}

// VersionQuery is model-versions/search.
type VersionQuery struct {
	Filter     string
	OrderBy    []string
	MaxResults int
	PageToken  string
}

// LoggedModelQuery is logged-models/search.
type LoggedModelQuery struct {
	ExperimentIDs []string
	Filter        string
	MaxResults    int
	PageToken     string
}

// Tracking reads experiments, runs, metrics and artifacts.
type Tracking interface {
	SearchExperiments(ctx context.Context, q ExperimentQuery) (Page[Experiment], error)
	GetExperiment(ctx context.Context, id string) (Experiment, error)
	GetExperimentByName(ctx context.Context, name string) (Experiment, error)

	SearchRuns(ctx context.Context, q RunQuery) (Page[Run], error)
	GetRun(ctx context.Context, runID string) (Run, error)

	// MetricHistoryPage returns one page of a metric's full history.
	MetricHistoryPage(ctx context.Context, q HistoryQuery) (Page[Metric], error)
	// SampledHistory returns the server-side sampled history for up to 100
	// runs; each point carries its RunID. Local stores apply the same rules.
	SampledHistory(ctx context.Context, q SampledQuery) ([]Metric, error)

	// ListArtifacts lists one level of a run's artifacts; path "" is the root.
	ListArtifacts(ctx context.Context, runID, path string) ([]FileInfo, error)
}

// Registry reads the model registry and logged models.
type Registry interface {
	SearchRegisteredModels(ctx context.Context, q ModelQuery) (Page[RegisteredModel], error)
	GetRegisteredModel(ctx context.Context, name string) (RegisteredModel, error)
	SearchModelVersions(ctx context.Context, q VersionQuery) (Page[ModelVersion], error)
	GetModelVersion(ctx context.Context, name, version string) (ModelVersion, error)
	GetModelVersionByAlias(ctx context.Context, name, alias string) (ModelVersion, error)

	SearchLoggedModels(ctx context.Context, q LoggedModelQuery) (Page[LoggedModel], error)
	GetLoggedModel(ctx context.Context, modelID string) (LoggedModel, error)
}

// RegistryWriter changes the registry. Every method is one MLflow write;
// the guarded, compare-then-write flow for people lives above this.
type RegistryWriter interface {
	SetAlias(ctx context.Context, name, alias, version string) error
	DeleteAlias(ctx context.Context, name, alias string) error
	SetModelVersionTag(ctx context.Context, name, version, key, value string) error
	DeleteModelVersionTag(ctx context.Context, name, version, key string) error
	SetRegisteredModelTag(ctx context.Context, name, key, value string) error
	DeleteRegisteredModelTag(ctx context.Context, name, key string) error
	UpdateModelVersionDescription(ctx context.Context, name, version, description string) (ModelVersion, error)
	UpdateRegisteredModelDescription(ctx context.Context, name, description string) (RegisteredModel, error)
	TransitionStage(ctx context.Context, name, version, stage string, archiveExisting bool) (ModelVersion, error)
	// CreateRegisteredModel is registered-models/create: a new, empty
	// model. A name that is taken is an *Error of KindAlreadyExists.
	CreateRegisteredModel(ctx context.Context, name string) (RegisteredModel, error)
	// CreateModelVersion is model-versions/create: version max+1 of an
	// existing model. For a "models:/<model_id>" source the store does what
	// MLflow's does: run_id defaults to the logged model's source run, the
	// storage location is its artifact location, and the logged model's
	// mlflow.modelVersions tag gains {name, version} (the REST server does
	// that last step itself after the create).
	CreateModelVersion(ctx context.Context, req CreateVersion) (ModelVersion, error)
}

// CreateVersion is one model-versions/create. Empty strings are absent
// (MLflow's None). Source is required; for an MLflow 3 logged model it is
// "models:/<model_id>" with ModelID the same ID, as mlflow.register_model
// sends it.
type CreateVersion struct {
	Name        string
	Source      string
	RunID       string
	ModelID     string
	Description string
	Tags        []Tag
}

// Store is everything the TUI and CLI need from an MLflow backend.
type Store interface {
	Tracking
	Registry
	RegistryWriter
	// Describe reports what the store is (kind, URI, version, user).
	Describe(ctx context.Context) (ServerInfo, error)
	Close() error
}

// AliasSwapper is implemented by stores that can check an alias's holder
// and move it atomically (local SQLite: one transaction). expectVersion ""
// means the alias must not exist yet. On mismatch it returns an *Error of
// KindConflict and writes nothing.
type AliasSwapper interface {
	SwapAlias(ctx context.Context, name, alias, expectVersion, newVersion string) error
}

// ChangeStamper is implemented by local stores: a cheap token that changes
// whenever new data is written, so the UI can poll without re-reading.
type ChangeStamper interface {
	ChangeStamp(ctx context.Context) (string, error)
}

// ArtifactReader is implemented by stores that can read a run's artifact
// files: bytes [off, off+n) of path (n < 0: to the end), routed by the run's
// artifact URI as MLflow's own client routes them (the server's proxy for
// mlflow-artifacts:, the object store itself for s3://, the disk for file:).
type ArtifactReader interface {
	OpenArtifact(ctx context.Context, runID, path string, off, n int64) (*ArtifactFile, error)
}

// LoggedModelArtifacts is implemented by stores that can read an MLflow 3
// logged model's artifacts (MLmodel, the input example, the weights), which
// live under the model's artifact_location, not the run's. List is one
// level under path ("" = the root), like ListArtifacts; Open reads bytes
// [off, off+n) of a file, routed by scheme as OpenArtifact is.
type LoggedModelArtifacts interface {
	ListLoggedModelArtifacts(ctx context.Context, modelID, path string) ([]FileInfo, error)
	OpenLoggedModelArtifact(ctx context.Context, modelID, path string, off, n int64) (*ArtifactFile, error)
}
