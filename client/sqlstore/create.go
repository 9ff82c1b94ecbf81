package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"mltui/client"
	"mltui/client/search"
)

// Creating registry entries, as MLflow's SqlAlchemyStore does
// (create_registered_model, create_model_version) plus the logged model's
// mlflow.modelVersions tag that MLflow's server and mlflow.register_model
// add after the create. All of it is one IMMEDIATE transaction.

// CreateRegisteredModel inserts a registered model with no description or
// tags, created and last updated now.
func (s *Store) CreateRegisteredModel(ctx context.Context, name string) (client.RegisteredModel, error) {
	const op = "create registered model"
	if err := checkName(op, name); err != nil {
		return client.RegisteredModel{}, err
	}
	var out client.RegisteredModel
	err := s.write(ctx, op, func(tx *sql.Tx, sch *schemaInfo) error {
		if existing, err := s.getModelTx(ctx, tx, op, name); err == nil {
			return alreadyExists(ctx, s, tx, op, existing.Name)
		} else if !isNotFound(err) {
			return err
		}
		now := nowMillis()
		cols, args := s.wsInsert(sch, "registered_models", "name, creation_time, last_updated_time, description",
			[]any{name, now, now, nil})
		if _, err := tx.ExecContext(ctx, "INSERT INTO registered_models ("+cols+") VALUES "+placeholders(len(args)), args...); err != nil {
			return err
		}
		var err error
		out, err = s.getModelDetailsTx(ctx, tx, op, name)
		return err
	})
	return out, err
}

// alreadyExists is MLflow's handle_resource_already_exist_error for a new
// registered model.
func alreadyExists(ctx context.Context, s *Store, tx *sql.Tx, op, name string) error {
	msg := fmt.Sprintf("Registered Model (name=%s) already exists.", name)
	q := &sqlBuf{}
	q.sql("SELECT x.value FROM registered_model_tags x WHERE x.name = ").arg(name).sql(" AND x.key = ").arg(search.PromptTag)
	s.regWS(q, "x")
	var v string
	if err := tx.QueryRowContext(ctx, q.String(), q.args...).Scan(&v); err == nil && v == "true" {
		msg = fmt.Sprintf("Tried to create a registered model with name %q, but the name is already taken by a prompt. "+
			"MLflow does not allow creating a model and a prompt with the same name.", name)
	}
	return &client.Error{Kind: client.KindAlreadyExists, Op: op, Code: "RESOURCE_ALREADY_EXISTS", Message: msg}
}

func isNotFound(err error) bool {
	ce, ok := err.(*client.Error)
	return ok && ce.Kind == client.KindNotFound
}

// loggedModelRow is what create needs of a logged model.
type loggedModelRow struct {
	experimentID int64
	location     string
	sourceRun    string
	tag          sql.NullString // mlflow.modelVersions
}

func (s *Store) loggedModelTx(ctx context.Context, tx *sql.Tx, op, modelID string) (loggedModelRow, error) {
	var r loggedModelRow
	var loc, run sql.NullString
	err := tx.QueryRowContext(ctx, "SELECT lm.experiment_id, lm.artifact_location, lm.source_run_id FROM logged_models lm "+
		"WHERE lm.model_id = ? AND (lm.lifecycle_stage IS NULL OR lm.lifecycle_stage != 'deleted')", modelID).Scan(&r.experimentID, &loc, &run)
	if err == sql.ErrNoRows {
		return r, notFound(op, "Logged model with ID '%s' not found.", modelID)
	}
	if err != nil {
		return r, err
	}
	r.location, r.sourceRun = loc.String, run.String
	err = tx.QueryRowContext(ctx, "SELECT tag_value FROM logged_model_tags WHERE model_id = ? AND tag_key = ?",
		modelID, client.ModelVersionsTag).Scan(&r.tag)
	if err != nil && err != sql.ErrNoRows {
		return r, err
	}
	return r, nil
}

// CreateModelVersion inserts version max+1 (deleted versions counted, as
// MLflow counts them) of an existing model, stamps the model as updated,
// and for a logged model source links the logged model back to the new
// version.
//
// As in MLflow's SqlAlchemyStore: for "models:/<model_id>" the stored
// source stays that URI, storage_location is the logged model's
// artifact_location, and run_id defaults to its source_run_id; given only
// ModelID, run_id defaults the same way. MLflow's model_versions table has
// no model_id column (3.18 drops it on the floor and reads it back as
// None); it is written only where a schema has one. Registered-model
// sources (models:/name/1, models:/name@alias) are refused here.
func (s *Store) CreateModelVersion(ctx context.Context, req client.CreateVersion) (client.ModelVersion, error) {
	const op = "create model version"
	if err := checkName(op, req.Name); err != nil {
		return client.ModelVersion{}, err
	}
	for _, t := range req.Tags {
		if err := checkTag(op, t.Key, t.Value); err != nil {
			return client.ModelVersion{}, err
		}
	}
	lookup, err := client.CheckCreateVersion(op, req)
	if err != nil {
		return client.ModelVersion{}, err
	}
	srcID, _ := client.ModelSourceID(req.Source)
	var out client.ModelVersion
	err = s.write(ctx, op, func(tx *sql.Tx, sch *schemaInfo) error {
		runID, storage := req.RunID, req.Source
		var lm loggedModelRow
		if lookup != "" {
			if !sch.has("logged_models", "model_id", "artifact_location", "source_run_id") || !sch.has("logged_model_tags", "model_id", "tag_key", "tag_value") {
				return &client.Error{Kind: client.KindReadOnly, Op: op, Path: s.path,
					Message: "this database's schema predates MLflow 3 logged models (no logged_models tables), so it cannot hold a version made from one; nothing was written (`mlflow db upgrade` brings it up to date)"}
			}
			var err error
			if lm, err = s.loggedModelTx(ctx, tx, op, lookup); err != nil {
				if srcID != "" {
					return &client.Error{Kind: client.KindNotFound, Op: op, Code: "RESOURCE_DOES_NOT_EXIST",
						Message: fmt.Sprintf("Unable to fetch model from model URI source artifact location '%s'.Error: %v", req.Source, err)}
				}
				return err
			}
			if srcID != "" {
				storage = lm.location
			}
			if runID == "" {
				runID = lm.sourceRun
			}
		}
		if _, err := s.getModelTx(ctx, tx, op, req.Name); err != nil {
			return err
		}
		q := &sqlBuf{}
		q.sql("SELECT COALESCE(MAX(x.version), 0) FROM model_versions x WHERE x.name = ").arg(req.Name)
		s.regWS(q, "x")
		var max int64
		if err := tx.QueryRowContext(ctx, q.String(), q.args...).Scan(&max); err != nil {
			return err
		}
		version := max + 1
		now := nowMillis()
		q = &sqlBuf{}
		q.sql("UPDATE registered_models AS x SET last_updated_time = ").arg(now).sql(" WHERE x.name = ").arg(req.Name)
		if err := s.execWS(ctx, tx, q); err != nil {
			return err
		}
		cols := "name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id, run_link, status, status_message"
		args := []any{req.Name, version, now, now, nullable(req.Description), nil, client.StageNone, req.Source, nullable(runID), nil, "READY", nil}
		if sch.has("model_versions", "storage_location") {
			cols += ", storage_location"
			args = append(args, storage)
		}
		if sch.has("model_versions", "model_id") {
			cols += ", model_id"
			args = append(args, nullable(req.ModelID))
		}
		cols, args = s.wsInsert(sch, "model_versions", cols, args)
		if _, err := tx.ExecContext(ctx, "INSERT INTO model_versions ("+cols+") VALUES "+placeholders(len(args)), args...); err != nil {
			return err
		}
		for _, t := range req.Tags {
			if err := s.insertOrReplace(ctx, tx, sch, "model_version_tags", "key, value, name, version", t.Key, t.Value, req.Name, version); err != nil {
				return err
			}
		}
		if req.ModelID != "" {
			val, err := client.LinkModelVersion(lm.tag.String, req.Name, version)
			if err != nil {
				return invalid(op, "logged model %s: %v; nothing was written", req.ModelID, err)
			}
			if _, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO logged_model_tags (model_id, experiment_id, tag_key, tag_value) VALUES (?, ?, ?, ?)",
				req.ModelID, lm.experimentID, client.ModelVersionsTag, val); err != nil {
				return err
			}
		}
		var err error
		out, err = s.getVersionTx(ctx, tx, op, req.Name, version)
		return err
	})
	return out, err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
