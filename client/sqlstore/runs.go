package sqlstore

import (
	"context"
	"database/sql"
	"math"
	"strconv"

	"mltui/client"
	"mltui/client/search"
)

// SearchRuns implements runs/search.
func (s *Store) SearchRuns(ctx context.Context, qr client.RunQuery) (client.Page[client.Run], error) {
	const op = "search runs"
	var none client.Page[client.Run]
	clauses, order, err := search.ParseRunQuery(qr)
	if err != nil {
		return none, filterError(op, err)
	}
	stages, n, offset, err := trackingWindow(op, qr.ViewType, qr.MaxResults, qr.PageToken)
	if err != nil {
		return none, err
	}
	ids := make([]int64, 0, len(qr.ExperimentIDs))
	for _, id := range qr.ExperimentIDs {
		v, err := parseExperimentID(op, id)
		if err != nil {
			return none, err
		}
		ids = append(ids, v)
	}
	if len(ids) == 0 {
		return none, nil
	}
	q := runSearchSQL(s.sch, s.workspace, ids, stages, clauses, order, n+1, offset)
	return readPage(ctx, s, op, q, n, offset, queryRuns, s.loadRunData)
}

// GetRun returns one run with its latest metrics, params, tags, inputs and outputs.
func (s *Store) GetRun(ctx context.Context, runID string) (client.Run, error) {
	const op = "get run"
	return read(ctx, s, op, func(tx *sql.Tx) (client.Run, error) {
		r, err := s.getRunTx(ctx, tx, op, runID)
		if err != nil {
			return client.Run{}, err
		}
		r, err = withDetails(ctx, tx, r, s.loadRunData)
		return r, s.wrap(op, err)
	})
}

// getRunTx reads a run's row, refusing runs outside the workspace.
func (s *Store) getRunTx(ctx context.Context, tx *sql.Tx, op, runID string) (client.Run, error) {
	q := &sqlBuf{}
	q.sql("SELECT " + runCols + " FROM runs r WHERE r.run_uuid = ").arg(runID)
	if s.sch.workspaces {
		q.sql(" AND r.experiment_id IN (SELECT experiment_id FROM experiments WHERE workspace = ").arg(s.workspace).sql(")")
	}
	runs, err := queryRuns(ctx, tx, q.String(), q.args...)
	if err != nil {
		return client.Run{}, s.wrap(op, err)
	}
	if len(runs) == 0 {
		return client.Run{}, notFound(op, "Run with id=%s not found", runID)
	}
	return runs[0], nil
}

func queryRuns(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]client.Run, error) {
	var out []client.Run
	err := scanEach(ctx, tx, query, args, func(rows *sql.Rows) error {
		var (
			id                         string
			name, user, status, uri, l sql.NullString
			exp                        sql.NullInt64
			start, end                 sql.NullInt64
		)
		if err := rows.Scan(&id, &name, &exp, &user, &status, &start, &end, &uri, &l); err != nil {
			return err
		}
		out = append(out, client.Run{Info: client.RunInfo{
			RunID: id, RunName: name.String, ExperimentID: strconv.FormatInt(exp.Int64, 10), UserID: user.String,
			Status: client.RunStatus(status.String), StartTime: start.Int64, EndTime: end.Int64,
			ArtifactURI: uri.String, LifecycleStage: l.String,
		}})
		return nil
	})
	return out, err
}

// metricValue undoes MLflow's storage of NaN (0 with is_nan) and ±Inf
// (±MaxFloat64).
func metricValue(v float64, isNaN bool) float64 {
	switch {
	case isNaN:
		return math.NaN()
	case v >= math.MaxFloat64:
		return math.Inf(1)
	case v <= -math.MaxFloat64:
		return math.Inf(-1)
	}
	return v
}

// eachBatch runs fn over ids in slices small enough for one IN list.
func eachBatch[T any](ids []T, fn func([]any) error) error {
	for start := 0; start < len(ids); start += batch {
		if err := fn(anys(ids[start:min(start+batch, len(ids))])); err != nil {
			return err
		}
	}
	return nil
}

// loadRunData fills latest metrics, params, tags, inputs and outputs for runs.
func (s *Store) loadRunData(ctx context.Context, tx *sql.Tx, runs []client.Run) error {
	if len(runs) == 0 {
		return nil
	}
	idx := make(map[string]int, len(runs))
	ids := make([]string, len(runs))
	for i, r := range runs {
		idx[r.Info.RunID] = i
		ids[i] = r.Info.RunID
	}
	err := eachBatch(ids, func(b []any) error {
		in := placeholders(len(b))
		var latest string
		if s.sch.latestMetrics {
			latest = "SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid IN " + in + " ORDER BY run_uuid, key"
		} else {
			st := s.sch.stepExpr()
			latest = "SELECT run_uuid, key, value, timestamp, step, is_nan FROM (SELECT run_uuid, key, value, timestamp, " + st + " AS step, " +
				s.sch.isNaNExpr() + " AS is_nan, ROW_NUMBER() OVER (PARTITION BY run_uuid, key ORDER BY " + st + " DESC, timestamp DESC, value DESC) AS rn FROM metrics WHERE run_uuid IN " +
				in + ") WHERE rn = 1 ORDER BY run_uuid, key"
		}
		if err := scanEach(ctx, tx, latest, b, func(rows *sql.Rows) error {
			var (
				id, key string
				v       float64
				ts      sql.NullInt64
				step    int64
				isNaN   bool
			)
			if err := rows.Scan(&id, &key, &v, &ts, &step, &isNaN); err != nil {
				return err
			}
			r := &runs[idx[id]]
			r.Data.Metrics = append(r.Data.Metrics, client.Metric{Key: key, Value: metricValue(v, isNaN), Timestamp: ts.Int64, Step: step})
			return nil
		}); err != nil {
			return err
		}
		if err := scanEach(ctx, tx, "SELECT run_uuid, key, value FROM params WHERE run_uuid IN "+in+" ORDER BY run_uuid, key", b, func(rows *sql.Rows) error {
			var id, k string
			var v sql.NullString
			if err := rows.Scan(&id, &k, &v); err != nil {
				return err
			}
			r := &runs[idx[id]]
			r.Data.Params = append(r.Data.Params, client.Param{Key: k, Value: v.String})
			return nil
		}); err != nil {
			return err
		}
		if err := scanEach(ctx, tx, "SELECT run_uuid, key, value FROM tags WHERE run_uuid IN "+in+" ORDER BY run_uuid, key", b, func(rows *sql.Rows) error {
			var id, k string
			var v sql.NullString
			if err := rows.Scan(&id, &k, &v); err != nil {
				return err
			}
			r := &runs[idx[id]]
			r.Data.Tags = append(r.Data.Tags, client.Tag{Key: k, Value: v.String})
			return nil
		}); err != nil {
			return err
		}
		return s.loadRunInputs(ctx, tx, runs, idx, b, in)
	})
	if err != nil {
		return err
	}
	for i := range runs {
		if runs[i].Info.RunName == "" {
			runs[i].Info.RunName, _ = runs[i].Tag("mlflow.runName")
		}
	}
	return nil
}

func (s *Store) loadRunInputs(ctx context.Context, tx *sql.Tx, runs []client.Run, idx map[string]int, b []any, in string) error {
	if !s.sch.datasets {
		return nil
	}
	type key struct{ run, input string }
	pos := map[key]int{}
	err := scanEach(ctx, tx, "SELECT i.destination_id, i.input_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source, d.dataset_schema, d.dataset_profile "+
		"FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id WHERE i.destination_type = 'RUN' AND i.source_type = 'DATASET' AND i.destination_id IN "+in+
		" ORDER BY i.destination_id, d.name, d.digest", b, func(rows *sql.Rows) error {
		var (
			run, input, name, digest string
			st, src, schema, profile sql.NullString
		)
		if err := rows.Scan(&run, &input, &name, &digest, &st, &src, &schema, &profile); err != nil {
			return err
		}
		r := &runs[idx[run]]
		pos[key{run, input}] = len(r.Inputs.Datasets)
		r.Inputs.Datasets = append(r.Inputs.Datasets, client.DatasetInput{Dataset: client.Dataset{
			Name: name, Digest: digest, SourceType: st.String, Source: src.String, Schema: schema.String, Profile: profile.String}})
		return nil
	})
	if err != nil {
		return err
	}
	if s.sch.inputTags && len(pos) > 0 {
		err = scanEach(ctx, tx, "SELECT i.destination_id, t.input_uuid, t.name, t.value FROM input_tags t JOIN inputs i ON i.input_uuid = t.input_uuid "+
			"WHERE i.destination_type = 'RUN' AND i.source_type = 'DATASET' AND i.destination_id IN "+in+" ORDER BY t.input_uuid, t.name", b, func(rows *sql.Rows) error {
			var run, input, k, v string
			if err := rows.Scan(&run, &input, &k, &v); err != nil {
				return err
			}
			if p, ok := pos[key{run, input}]; ok {
				d := &runs[idx[run]].Inputs.Datasets[p]
				d.Tags = append(d.Tags, client.Tag{Key: k, Value: v})
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	err = scanEach(ctx, tx, "SELECT source_id, destination_id FROM inputs WHERE source_type = 'RUN_INPUT' AND destination_type = 'MODEL_INPUT' AND source_id IN "+in+" ORDER BY source_id, destination_id", b, func(rows *sql.Rows) error {
		var run, model string
		if err := rows.Scan(&run, &model); err != nil {
			return err
		}
		r := &runs[idx[run]]
		r.Inputs.ModelInputs = append(r.Inputs.ModelInputs, model)
		return nil
	})
	if err != nil {
		return err
	}
	stepCol := "0"
	if s.sch.inputStep {
		stepCol = "step"
	}
	return scanEach(ctx, tx, "SELECT source_id, destination_id, "+stepCol+" FROM inputs WHERE source_type = 'RUN_OUTPUT' AND destination_type = 'MODEL_OUTPUT' AND source_id IN "+in+" ORDER BY source_id, destination_id", b, func(rows *sql.Rows) error {
		var run, model string
		var step sql.NullInt64
		if err := rows.Scan(&run, &model, &step); err != nil {
			return err
		}
		r := &runs[idx[run]]
		r.Outputs.ModelOutputs = append(r.Outputs.ModelOutputs, client.ModelOutput{ModelID: model, Step: step.Int64})
		return nil
	})
}

// scanEach runs a query and calls fn for every row.
func scanEach(ctx context.Context, tx *sql.Tx, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
