package sqlstore

import (
	"context"
	"database/sql"
	_ "embed"
	"math"
	"path/filepath"
	"testing"
)

//go:embed testdata/schema-3.18.sql
var schema318 string

// fixture writes rows the way MLflow's SQLAlchemy store does, into a
// database created from MLflow 3.18's own DDL.
type fixture struct {
	t    testing.TB
	path string
	db   *sql.DB
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	return newFixtureSchema(t, schema318)
}

func newFixtureSchema(t testing.TB, ddl string) *fixture {
	t.Helper()
	p := filepath.Join(t.TempDir(), "mlflow.db")
	db, err := sql.Open("sqlite", "file:"+p+"?_pragma=synchronous(0)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(ddl); err != nil {
		t.Fatalf("schema: %v", err)
	}
	f := &fixture{t: t, path: p, db: db}
	f.exec("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (0, 'Default', 'file:///tmp/mlruns/0', 'active', 1, 1)")
	return f
}

func (f *fixture) exec(q string, args ...any) {
	f.t.Helper()
	if _, err := f.db.Exec(q, args...); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
}

func (f *fixture) experiment(id int64, name, stage string, created int64) {
	f.exec("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, ?, ?, ?, ?)",
		id, name, "file:///tmp/mlruns/"+name, stage, created, created)
}

func (f *fixture) expTag(id int64, k, v string) {
	f.exec("INSERT INTO experiment_tags (key, value, experiment_id) VALUES (?, ?, ?)", k, v, id)
}

type runRow struct {
	id, name, status, user string
	exp                    int64
	start, end             int64 // end 0 = NULL
	deleted                bool
}

func (f *fixture) run(r runRow) {
	stage := "active"
	if r.deleted {
		stage = "deleted"
	}
	var end any
	if r.end != 0 {
		end = r.end
	}
	if r.status == "" {
		r.status = "FINISHED"
	}
	f.exec("INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id) VALUES (?, ?, 'LOCAL', '', '', ?, ?, ?, ?, '', ?, ?, ?)",
		r.id, r.name, r.user, r.status, r.start, end, stage, "file:///tmp/art/"+r.id, r.exp)
	if r.name != "" {
		f.tag(r.id, "mlflow.runName", r.name)
	}
}

func (f *fixture) param(run, k, v string) {
	f.exec("INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)", k, v, run)
}

func (f *fixture) tag(run, k, v string) {
	f.exec("INSERT OR REPLACE INTO tags (key, value, run_uuid) VALUES (?, ?, ?)", k, v, run)
}

// metric logs one value as _log_metrics does: NaN as 0 with is_nan, ±Inf
// as ±MaxFloat64, and latest_metrics updated when (step, ts, value) grows.
func (f *fixture) metric(run, key string, v float64, ts, step int64) {
	isNaN := 0
	switch {
	case math.IsNaN(v):
		v, isNaN = 0, 1
	case math.IsInf(v, 1):
		v = math.MaxFloat64
	case math.IsInf(v, -1):
		v = -math.MaxFloat64
	}
	f.exec("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)", key, v, ts, run, step, isNaN)
	var (
		ls, lts int64
		lv      float64
	)
	err := f.db.QueryRow("SELECT step, timestamp, value FROM latest_metrics WHERE run_uuid = ? AND key = ?", run, key).Scan(&ls, &lts, &lv)
	if err == sql.ErrNoRows || step > ls || (step == ls && (ts > lts || (ts == lts && v > lv))) {
		f.exec("INSERT OR REPLACE INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)", key, v, ts, step, isNaN, run)
	}
}

func (f *fixture) dataset(exp int64, uuid, name, digest string) {
	f.exec("INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source, dataset_schema, dataset_profile) VALUES (?, ?, ?, ?, 'code', '{}', '{}', '{}')", uuid, exp, name, digest)
}

func (f *fixture) input(inputUUID, datasetUUID, run, context string) {
	f.exec("INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id, step) VALUES (?, 'DATASET', ?, 'RUN', ?, 0)", inputUUID, datasetUUID, run)
	if context != "" {
		f.exec("INSERT INTO input_tags (input_uuid, name, value) VALUES (?, 'mlflow.data.context', ?)", inputUUID, context)
	}
}

func (f *fixture) model(name string, created int64) {
	f.exec("INSERT INTO registered_models (name, creation_time, last_updated_time, description, workspace) VALUES (?, ?, ?, '', 'default')", name, created, created)
}

func (f *fixture) modelTag(name, k, v string) {
	f.exec("INSERT INTO registered_model_tags (key, value, name, workspace) VALUES (?, ?, ?, 'default')", k, v, name)
}

func (f *fixture) version(name string, v int64, stage, run string, updated int64) {
	f.exec("INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id, status, status_message, run_link, storage_location, workspace) VALUES (?, ?, ?, ?, '', 'ana', ?, ?, ?, 'READY', '', '', '', 'default')",
		name, v, updated, updated, stage, "models:/m-"+run, run)
}

func (f *fixture) versionTag(name string, v int64, k, val string) {
	f.exec("INSERT INTO model_version_tags (key, value, name, version, workspace) VALUES (?, ?, ?, ?, 'default')", k, val, name, v)
}

func (f *fixture) alias(name, alias string, v int64) {
	f.exec("INSERT INTO registered_model_aliases (alias, version, name, workspace) VALUES (?, ?, ?, 'default')", alias, v, name)
}

func (f *fixture) open(o Options) *Store {
	f.t.Helper()
	s, err := Open(context.Background(), f.path, o)
	if err != nil {
		f.t.Fatalf("Open: %v", err)
	}
	f.t.Cleanup(func() { s.Close() })
	return s
}
