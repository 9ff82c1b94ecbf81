package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

type column struct {
	notNull    bool
	hasDefault bool
	pk         bool
}

// schemaInfo is what this database holds, learned from sqlite_master and
// PRAGMA table_info rather than from the alembic revision, which MLflow
// moves on every release.
type schemaInfo struct {
	revision string
	tables   map[string]map[string]column
	indexes  map[string]bool

	workspaces    bool // experiments.workspace (MLflow ≥ 3.10)
	regWorkspaces bool // registry tables carry workspace
	latestMetrics bool
	metricStep    bool
	metricIsNaN   bool
	datasets      bool // datasets + inputs tables
	inputTags     bool
	inputStep     bool // inputs.step (model outputs)
	registry      bool
	aliases       bool
	loggedModels  bool
	writeRefusal  string // why registry writes are refused; "" when they are allowed
}

// tablesOfInterest are read with PRAGMA table_info.
var tablesOfInterest = []string{
	"alembic_version", "experiments", "experiment_tags", "runs", "metrics", "latest_metrics",
	"params", "tags", "datasets", "inputs", "input_tags",
	"registered_models", "registered_model_tags", "registered_model_aliases", "model_versions", "model_version_tags",
	"logged_models", "logged_model_params", "logged_model_tags", "logged_model_metrics",
}

func readSchema(ctx context.Context, db *sql.DB) (*schemaInfo, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index')`)
	if err != nil {
		return nil, err
	}
	present := map[string]bool{}
	indexes := map[string]bool{}
	for rows.Next() {
		var typ, n string
		if err := rows.Scan(&typ, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if typ == "index" {
			indexes[n] = true
		} else {
			present[n] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sch := &schemaInfo{tables: map[string]map[string]column{}, indexes: indexes}
	for _, t := range tablesOfInterest {
		if !present[t] {
			continue
		}
		cols, err := tableColumns(ctx, tx, t)
		if err != nil {
			return nil, err
		}
		sch.tables[t] = cols
	}
	if present["alembic_version"] {
		// A missing row is tolerated: the revision is for display only.
		_ = tx.QueryRowContext(ctx, `SELECT version_num FROM alembic_version LIMIT 1`).Scan(&sch.revision)
	}
	sch.derive()
	return sch, nil
}

func tableColumns(ctx context.Context, tx *sql.Tx, table string) (map[string]column, error) {
	// table is one of tablesOfInterest, never user input.
	rows, err := tx.QueryContext(ctx, fmt.Sprintf("PRAGMA table_info(%q)", table))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]column{}
	for rows.Next() {
		var (
			cid     int
			name    string
			typ     string
			notNull int
			dflt    sql.NullString
			pk      int
		)
		if err := rows.Scan(&cid, &name, &typ, &notNull, &dflt, &pk); err != nil {
			return nil, err
		}
		cols[name] = column{notNull: notNull != 0, hasDefault: dflt.Valid, pk: pk != 0}
	}
	return cols, rows.Err()
}

func (sch *schemaInfo) has(table string, cols ...string) bool {
	t, ok := sch.tables[table]
	if !ok {
		return false
	}
	for _, c := range cols {
		if _, ok := t[c]; !ok {
			return false
		}
	}
	return true
}

// missingCore names a table every MLflow tracking database has, if absent.
func (sch *schemaInfo) missingCore() string {
	for _, t := range []string{"alembic_version", "experiments", "runs", "metrics", "params", "tags"} {
		if _, ok := sch.tables[t]; !ok {
			return t
		}
	}
	return ""
}

func (sch *schemaInfo) derive() {
	sch.workspaces = sch.has("experiments", "workspace")
	sch.latestMetrics = sch.has("latest_metrics", "key", "value", "timestamp", "step", "is_nan", "run_uuid")
	sch.metricStep = sch.has("metrics", "step")
	sch.metricIsNaN = sch.has("metrics", "is_nan")
	sch.datasets = sch.has("datasets", "dataset_uuid", "name", "digest") && sch.has("inputs", "input_uuid", "source_type", "source_id", "destination_type", "destination_id")
	sch.inputTags = sch.has("input_tags", "input_uuid", "name", "value")
	sch.inputStep = sch.has("inputs", "step")
	sch.registry = sch.has("registered_models", "name", "creation_time", "last_updated_time", "description") &&
		sch.has("model_versions", "name", "version", "current_stage", "source", "run_id")
	sch.aliases = sch.has("registered_model_aliases", "alias", "version", "name")
	sch.regWorkspaces = sch.has("registered_models", "workspace")
	sch.loggedModels = sch.has("logged_models", "model_id", "experiment_id", "name")
	sch.writeRefusal = sch.checkWritable()
}

// writeTables are the tables registry writes touch, with the columns mltui
// fills in each; any other NOT NULL column without a default means a newer
// schema than mltui understands.
var writeTables = map[string][]string{
	"registered_models":        {"name", "creation_time", "last_updated_time", "description"},
	"model_versions":           {"name", "version", "creation_time", "last_updated_time", "description", "current_stage"},
	"registered_model_tags":    {"key", "value", "name"},
	"model_version_tags":       {"key", "value", "name", "version"},
	"registered_model_aliases": {"alias", "version", "name"},
}

func (sch *schemaInfo) checkWritable() string {
	names := make([]string, 0, len(writeTables))
	for t := range writeTables {
		names = append(names, t)
	}
	slices.Sort(names)
	withWS := 0
	for _, t := range names {
		if _, ok := sch.tables[t]; !ok {
			return fmt.Sprintf("the database has no %s table: its schema is older than mltui can write to (MLflow < 2.3); reads still work, and `mlflow db upgrade` brings it up to date", t)
		}
		if !sch.has(t, writeTables[t]...) {
			return fmt.Sprintf("table %s lacks columns mltui writes (%s): the schema is older than mltui understands; reads still work, and `mlflow db upgrade` brings it up to date", t, strings.Join(writeTables[t], ", "))
		}
		if sch.has(t, "workspace") {
			withWS++
		}
		for c, info := range sch.tables[t] {
			if info.notNull && !info.hasDefault && !slices.Contains(writeTables[t], c) && c != "workspace" {
				return fmt.Sprintf("table %s has a required column %q mltui does not know: the schema is newer than mltui understands, so it will not write to it", t, c)
			}
		}
	}
	if withWS != 0 && withWS != len(names) {
		return "only some registry tables have a workspace column: the schema is half-migrated; run `mlflow db upgrade` before writing"
	}
	return ""
}
