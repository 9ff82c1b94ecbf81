package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"mltui/client"
	"mltui/client/search"
)

const defaultLoggedModelMax = 100

// loggedModelStatus maps the stored integer to the wire enum name.
func loggedModelStatus(n int64) string {
	switch n {
	case 1:
		return "LOGGED_MODEL_PENDING"
	case 2:
		return "LOGGED_MODEL_READY"
	case 3:
		return "LOGGED_MODEL_UPLOAD_FAILED"
	}
	return "LOGGED_MODEL_STATUS_UNSPECIFIED"
}

const loggedModelCols = "lm.model_id, lm.experiment_id, lm.name, lm.artifact_location, lm.creation_timestamp_ms, lm.last_updated_timestamp_ms, lm.status, lm.model_type, lm.source_run_id, lm.status_message"

// SearchLoggedModels reads the experiments' live logged models and filters
// and orders them in memory (MLflow's default order: newest first).
func (s *Store) SearchLoggedModels(ctx context.Context, qr client.LoggedModelQuery) (client.Page[client.LoggedModel], error) {
	const op = "search logged models"
	var none client.Page[client.LoggedModel]
	clauses, err := search.ParseLoggedModelFilter(qr.Filter)
	if err != nil {
		return none, filterError(op, err)
	}
	n, err := search.PageSize(qr.MaxResults, defaultLoggedModelMax, searchMaxLimit)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	if !s.sch.loggedModels || len(qr.ExperimentIDs) == 0 {
		return none, nil
	}
	q := &sqlBuf{}
	q.sql("SELECT " + loggedModelCols + " FROM logged_models lm WHERE lm.experiment_id IN (")
	for i, id := range qr.ExperimentIDs {
		v, err := parseExperimentID(op, id)
		if err != nil {
			return none, err
		}
		if i > 0 {
			q.sql(", ")
		}
		q.arg(v)
	}
	q.sql(") AND (lm.lifecycle_stage IS NULL OR lm.lifecycle_stage != 'deleted')")
	if s.sch.workspaces {
		q.sql(" AND lm.experiment_id IN (SELECT experiment_id FROM experiments WHERE workspace = ").arg(s.workspace).sql(")")
	}
	models, err := read(ctx, s, op, func(tx *sql.Tx) ([]client.LoggedModel, error) {
		return s.queryLoggedModels(ctx, tx, q.String(), q.args...)
	})
	if err != nil {
		return none, s.wrap(op, err)
	}
	page, err := search.SelectLoggedModels(models, clauses, qr.PageToken, n)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	return page, nil
}

// GetLoggedModel returns one logged model with its params, tags and metrics.
func (s *Store) GetLoggedModel(ctx context.Context, modelID string) (client.LoggedModel, error) {
	const op = "get logged model"
	if !s.sch.loggedModels {
		return client.LoggedModel{}, notFound(op, "Logged model with ID '%s' not found.", modelID)
	}
	q := &sqlBuf{}
	q.sql("SELECT " + loggedModelCols + " FROM logged_models lm WHERE lm.model_id = ").arg(modelID).sql(" AND (lm.lifecycle_stage IS NULL OR lm.lifecycle_stage != 'deleted')")
	ms, err := read(ctx, s, op, func(tx *sql.Tx) ([]client.LoggedModel, error) {
		return s.queryLoggedModels(ctx, tx, q.String(), q.args...)
	})
	if err != nil {
		return client.LoggedModel{}, s.wrap(op, err)
	}
	if len(ms) == 0 {
		return client.LoggedModel{}, notFound(op, "Logged model with ID '%s' not found.", modelID)
	}
	return ms[0], nil
}

func (s *Store) queryLoggedModels(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]client.LoggedModel, error) {
	var out []client.LoggedModel
	err := scanEach(ctx, tx, query, args, func(rows *sql.Rows) error {
		var (
			id, name                 string
			exp                      int64
			loc, typ, src, msg       sql.NullString
			created, updated, status sql.NullInt64
		)
		if err := rows.Scan(&id, &exp, &name, &loc, &created, &updated, &status, &typ, &src, &msg); err != nil {
			return err
		}
		out = append(out, client.LoggedModel{
			ModelID: id, ExperimentID: strconv.FormatInt(exp, 10), Name: name, ArtifactURI: loc.String,
			CreationTimestampMs: created.Int64, LastUpdatedTimestampMs: updated.Int64, Status: loggedModelStatus(status.Int64),
			ModelType: typ.String, SourceRunID: src.String, StatusMessage: msg.String,
		})
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	idx := map[string]int{}
	ids := make([]string, len(out))
	for i, m := range out {
		idx[m.ModelID] = i
		ids[i] = m.ModelID
	}
	err = eachBatch(ids, func(b []any) error {
		in := placeholders(len(b))
		if s.sch.has("logged_model_params", "param_key") {
			if err := scanEach(ctx, tx, "SELECT model_id, param_key, param_value FROM logged_model_params WHERE model_id IN "+in+" ORDER BY model_id, param_key", b, func(rows *sql.Rows) error {
				var id, k, v string
				if err := rows.Scan(&id, &k, &v); err != nil {
					return err
				}
				m := &out[idx[id]]
				m.Params = append(m.Params, client.Param{Key: k, Value: v})
				return nil
			}); err != nil {
				return err
			}
		}
		if s.sch.has("logged_model_tags", "tag_key") {
			if err := scanEach(ctx, tx, "SELECT model_id, tag_key, tag_value FROM logged_model_tags WHERE model_id IN "+in+" ORDER BY model_id, tag_key", b, func(rows *sql.Rows) error {
				var id, k, v string
				if err := rows.Scan(&id, &k, &v); err != nil {
					return err
				}
				m := &out[idx[id]]
				m.Tags = append(m.Tags, client.Tag{Key: k, Value: v})
				return nil
			}); err != nil {
				return err
			}
		}
		if !s.sch.has("logged_model_metrics", "metric_name", "metric_step", "metric_timestamp_ms", "metric_value", "run_id", "dataset_name", "dataset_digest") {
			return nil
		}
		// The latest value per (metric, dataset), as MLflow's file store
		// reports logged-model metrics.
		return scanEach(ctx, tx, "SELECT model_id, metric_name, metric_value, metric_timestamp_ms, metric_step, run_id, dataset_name, dataset_digest FROM ("+
			"SELECT *, ROW_NUMBER() OVER (PARTITION BY model_id, metric_name, dataset_name, dataset_digest ORDER BY metric_step DESC, metric_timestamp_ms DESC, metric_value DESC) AS rn "+
			"FROM logged_model_metrics WHERE model_id IN "+in+") WHERE rn = 1 ORDER BY model_id, metric_name", b, func(rows *sql.Rows) error {
			var id, k, run string
			var v sql.NullFloat64
			var ts, step int64
			var dsName, dsDigest sql.NullString
			if err := rows.Scan(&id, &k, &v, &ts, &step, &run, &dsName, &dsDigest); err != nil {
				return err
			}
			m := &out[idx[id]]
			m.Metrics = append(m.Metrics, client.Metric{Key: k, Value: metricValue(v.Float64, !v.Valid), Timestamp: ts, Step: step, RunID: run,
				DatasetName: dsName.String, DatasetDigest: dsDigest.String})
			return nil
		})
	})
	return out, err
}
