package testenv

import (
	"path/filepath"
	"sort"
	"sync"
	"testing"
)

// Summary is seed.py's JSON summary: what was seeded, by role, so tests never search by name.
type Summary struct {
	MLflowVersion string `json:"mlflow_version"`
	// TrackingURI is the URI the seed was written through (for the golden store, a temporary
	// server that no longer runs); use the URL or path of the copy you were given instead.
	TrackingURI string `json:"tracking_uri"`
	// Small is true for `seed.py --small` (no big_metric run).
	Small bool `json:"small"`
	// Experiments maps role → experiment ID: default, iris, mnist, edge, deleted, sweep, gpubox.
	Experiments map[string]string `json:"experiments"`
	// Runs maps role → run ID (see RunRoles for the list).
	Runs map[string]string `json:"runs"`
	// LoggedModels maps the role of the run that logged it → logged model ID (m-...).
	LoggedModels map[string]string `json:"logged_models"`
	// Models maps registered model name → what was registered.
	Models    map[string]ModelSummary `json:"models"`
	BigMetric *BigMetric              `json:"big_metric,omitempty"`
	// Sweep describes the hparam-sweep grid; Checkpoints maps step → logged model ID of the
	// checkpoint_run's checkpoints (pyfunc models logged with log_model(step=N)).
	Sweep          *SweepSummary     `json:"sweep,omitempty"`
	Checkpoints    map[string]string `json:"checkpoints"`
	UnicodeRunName string            `json:"unicode_run_name"`
	LongRunName    string            `json:"long_run_name"`
	SeedSeconds    float64           `json:"seed_seconds"`
}

// ModelSummary describes one seeded registered model.
type ModelSummary struct {
	Versions map[string]string `json:"versions"` // version → run ID
	Aliases  map[string]string `json:"aliases"`  // alias → version
	Stages   map[string]string `json:"stages"`   // version → legacy stage (non-None only)
	// Gates, GatePass and GateFail: the seed article's quality gates (metric → minimum) and which
	// versions pass them all / fail at least one (iris-classifier only).
	Gates    map[string]float64            `json:"gates"`
	GatePass []string                      `json:"gate_pass"`
	GateFail []string                      `json:"gate_fail"`
	Metrics  map[string]map[string]float64 `json:"metrics"` // version → metric → value
}

// BigMetric describes the 100k-step metric with one spike.
type BigMetric struct {
	Key        string  `json:"key"`
	Steps      int64   `json:"steps"`
	SpikeStep  int64   `json:"spike_step"`
	SpikeValue float64 `json:"spike_value"`
	MaxOther   float64 `json:"max_other"` // the largest value at any other step
}

// SweepSummary describes the hparam-sweep experiment's grid search.
type SweepSummary struct {
	Experiment string              `json:"experiment"` // its name
	Tag        string              `json:"tag"`        // the value of tag "sweep" on each grid run
	Runs       int                 `json:"runs"`       // grid runs (the checkpointed run not counted)
	Epochs     int                 `json:"epochs"`     // steps 1..Epochs
	Grid       map[string][]string `json:"grid"`       // param → its values as logged
	// Diverged is the configuration (param → value) whose run (role sweep_diverged) turns NaN
	// from step DivergeStep on.
	Diverged        map[string]string `json:"diverged"`
	DivergeStep     int64             `json:"diverge_step"`
	CheckpointSteps []int64           `json:"checkpoint_steps"`
}

// RunRoles lists the run roles seed.py writes (big_metric_run is absent with --small).
var RunRoles = []string{
	// iris-classification: registered as iris-classifier v1..v5, plus one unregistered
	"iris_baseline", "iris_small", "iris_unbounded", "iris_challenger", "iris_stump", "iris_unregistered",
	"champion_run", "challenger_run", "note_run",
	// mnist-mlp
	"mnist_adam", "mnist_adamw_cosine", "mnist_sgd", "mnist_sgd_momentum",
	"running_run", "failed_run", "inf_run", "nan_run", "deleted_run",
	"sweep_parent", "sweep_child_0", "sweep_child_1", "sweep_child_2",
	// hparam-sweep: the diverged grid run, the grid run with the lowest final val_loss, and the
	// run that logged the checkpoints
	"sweep_diverged", "sweep_best", "checkpoint_run",
	// gpu-box: a run with MLflow's real system metrics monitor (GPU series added under MLflow's
	// key names), and a two-node run (one monitor per node id)
	"sysmetrics_run", "two_node_run",
	// edge-cases
	"unicode_run", "long_name_run", "empty_run", "big_metric_run",
	// old-experiment (deleted)
	"deleted_experiment_run",
}

// Run returns the run ID for a role, failing the test if the seed has no such role.
func (s *Summary) Run(t testing.TB, role string) string {
	t.Helper()
	return runRole(t, "seed", s.Runs, role)
}

// runRole is the run ID for role in a summary's runs, failing the test
// when it has none.
func runRole(t testing.TB, summary string, runs map[string]string, role string) string {
	t.Helper()
	id, ok := runs[role]
	if !ok || id == "" {
		t.Fatalf("%s summary has no run role %q (have %v)", summary, role, keys(runs))
	}
	return id
}

// Experiment returns the experiment ID for a role (default, iris, mnist, edge, deleted, sweep).
func (s *Summary) Experiment(t testing.TB, role string) string {
	t.Helper()
	id, ok := s.Experiments[role]
	if !ok || id == "" {
		t.Fatalf("seed summary has no experiment role %q (have %v)", role, keys(s.Experiments))
	}
	return id
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Seed is the golden seeded store. Treat every path in it as read-only: other tests (and other
// test processes) share it. Use Server, SQLiteCopy or FileStoreCopy for a private copy.
type Seed struct {
	Dir       string // $MLTUI_CACHE/seed-<hash>
	DB        string // Dir/mlflow.db (seeded through a real server)
	Artifacts string // Dir/artifacts (the server's --artifacts-destination)
	Summary   Summary
	Python    string // the venv's python
}

// FileStoreSeed is the golden file store (seeded directly with a file:// URI). Its artifact
// locations are absolute paths inside MLruns.
type FileStoreSeed struct {
	Dir     string // Seed.Dir/fs
	MLruns  string // Dir/mlruns
	URI     string // file://MLruns
	Summary Summary
}

var (
	seedOnce sync.Once
	seedVal  *Seed
	seedErr  error

	fsOnce sync.Once
	fsVal  *FileStoreSeed
	fsErr  error
)

// Seeded ensures the venv and the golden seed exist (building them once per machine, then once
// per process a cheap check) and returns them.
func Seeded(t testing.TB) *Seed {
	t.Helper()
	py := Venv(t)
	seedOnce.Do(func() {
		out, err := runScript(seedTimeout, nil, "bash", Script("seeded.sh"))
		if err != nil {
			seedErr = err
			return
		}
		dir := lastLine(out)
		s := &Seed{Dir: dir, DB: filepath.Join(dir, "mlflow.db"), Artifacts: filepath.Join(dir, "artifacts"), Python: py}
		if err := readJSON(filepath.Join(dir, "summary.json"), &s.Summary); err != nil {
			seedErr = err
			return
		}
		seedVal = s
	})
	if seedErr != nil {
		t.Fatalf("seeding the golden MLflow store failed: %v", seedErr)
	}
	return seedVal
}

// SeededFileStore ensures the golden file-store variant exists (built on first use, ~30 s) and
// returns it. Read-only; see FileStoreCopy.
func SeededFileStore(t testing.TB) *FileStoreSeed {
	t.Helper()
	s := Seeded(t)
	fsOnce.Do(func() {
		if _, err := runScript(seedTimeout, nil, "bash", Script("seeded.sh"), "--fs"); err != nil {
			fsErr = err
			return
		}
		f := &FileStoreSeed{Dir: filepath.Join(s.Dir, "fs")}
		f.MLruns = filepath.Join(f.Dir, "mlruns")
		f.URI = "file://" + f.MLruns
		if err := readJSON(filepath.Join(f.Dir, "summary.json"), &f.Summary); err != nil {
			fsErr = err
			return
		}
		fsVal = f
	})
	if fsErr != nil {
		t.Fatalf("seeding the golden file store failed: %v", fsErr)
	}
	return fsVal
}

// LocalCopy is a private copy of a golden store in t.TempDir().
type LocalCopy struct {
	Dir     string
	Path    string // the mlflow.db file, or the mlruns directory
	URI     string // sqlite:////abs/mlflow.db or file:///abs/mlruns
	Summary Summary
}

// SQLiteCopy copies the golden mlflow.db and its artifacts into t.TempDir(), for tests that write
// to a local SQLite store. Artifact URIs in it are mlflow-artifacts:/..., which only a server
// resolves.
func SQLiteCopy(t testing.TB) *LocalCopy {
	t.Helper()
	s := Seeded(t)
	dir := t.TempDir()
	if err := copyFile(s.DB, filepath.Join(dir, "mlflow.db")); err != nil {
		t.Fatalf("copy golden mlflow.db: %v", err)
	}
	if err := copyTree(s.Artifacts, filepath.Join(dir, "artifacts")); err != nil {
		t.Fatalf("copy golden artifacts: %v", err)
	}
	p := filepath.Join(dir, "mlflow.db")
	return &LocalCopy{Dir: dir, Path: p, URI: "sqlite:///" + p, Summary: s.Summary}
}

// FileStoreCopy copies the golden mlruns into t.TempDir(), for tests that write to a file store.
// Artifact locations inside still point at the golden copy (MLflow writes them as absolute paths).
func FileStoreCopy(t testing.TB) *LocalCopy {
	t.Helper()
	f := SeededFileStore(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "mlruns")
	if err := copyTree(f.MLruns, p); err != nil {
		t.Fatalf("copy golden mlruns: %v", err)
	}
	return &LocalCopy{Dir: dir, Path: p, URI: "file://" + p, Summary: f.Summary}
}
