package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"mltui/client"
	"mltui/client/search"
)

// MLflow's search limits (mlflow/store/tracking/__init__.py).
const (
	defaultSearchMax  = 1000
	searchMaxLimit    = 50000
	defaultHistoryMax = 25000
)

func stagesFor(v client.ViewType) ([]string, error) {
	switch v {
	case "", client.ActiveOnly:
		return []string{client.LifecycleActive}, nil
	case client.DeletedOnly:
		return []string{client.LifecycleDeleted}, nil
	case client.AllViews:
		return []string{client.LifecycleActive, client.LifecycleDeleted}, nil
	}
	return nil, invalid("view type", "unknown view type %q: use ACTIVE_ONLY, DELETED_ONLY or ALL", v)
}

// trackingWindow checks what experiments/search and runs/search share: the
// view type, giving the lifecycle stages to read, and a page within
// MLflow's tracking limits.
func trackingWindow(op string, view client.ViewType, maxResults int, token string) (stages []string, n, offset int, err error) {
	if stages, err = stagesFor(view); err != nil {
		return nil, 0, 0, err
	}
	if n, offset, err = search.PageWindow(maxResults, token, defaultSearchMax, searchMaxLimit); err != nil {
		return nil, 0, 0, invalid(op, "%v", err)
	}
	return stages, n, offset, nil
}

func parseExperimentID(op, id string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
	if err != nil {
		return 0, invalid(op, "experiment ID %q is not a number (SQL stores use integer IDs)", id)
	}
	return n, nil
}

func filterError(op string, err error) error {
	return &client.Error{Kind: client.KindInvalidParameter, Op: op, Code: "INVALID_PARAMETER_VALUE", Message: "invalid filter: " + err.Error(), Err: err}
}

const experimentCols = "e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time"

// wsCond restricts an alias's workspace column when the schema has one.
func (s *Store) wsCond(q *sqlBuf, alias string, present bool) {
	if present {
		q.sql(" AND " + alias + ".workspace = ").arg(s.workspace)
	}
}

// SearchExperiments implements experiments/search.
func (s *Store) SearchExperiments(ctx context.Context, qr client.ExperimentQuery) (client.Page[client.Experiment], error) {
	const op = "search experiments"
	var none client.Page[client.Experiment]
	clauses, order, err := search.ParseExperimentQuery(qr)
	if err != nil {
		return none, filterError(op, err)
	}
	if len(order) == 0 {
		order = search.DefaultExperimentOrder
	}
	stages, n, offset, err := trackingWindow(op, qr.ViewType, qr.MaxResults, qr.PageToken)
	if err != nil {
		return none, err
	}
	q := &sqlBuf{}
	q.sql("SELECT " + experimentCols + " FROM experiments e WHERE e.lifecycle_stage IN ").list(stages)
	s.wsCond(q, "e", s.sch.workspaces)
	for _, c := range clauses {
		q.sql(" AND ")
		switch {
		case c.Kind == search.Tag:
			switch c.Op {
			case search.OpIsNull, search.OpIsNotNull:
				if c.Op == search.OpIsNull {
					q.sql("NOT ")
				}
				q.sql("EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = ").arg(c.Key).sql(")")
			default:
				q.sql("EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = ").arg(c.Key).sql(" AND ")
				q.strCond("t.value", c)
				q.sql(")")
			}
		case c.Key == "experiment_id":
			// The column is an integer; MLflow converts the values first.
			ids := c.List
			if c.Op != search.OpIn && c.Op != search.OpNotIn {
				ids = []string{c.Str}
			}
			nums := make([]any, len(ids))
			for i, id := range ids {
				n, err := parseExperimentID(op, id)
				if err != nil {
					return none, err
				}
				nums[i] = n
			}
			if c.Op == search.OpIn || c.Op == search.OpNotIn {
				q.sql("e.experiment_id " + string(c.Op) + " " + placeholders(len(nums)))
				q.args = append(q.args, nums...)
			} else {
				q.sql("e.experiment_id " + q.op(c.Op) + " ").arg(nums[0])
			}
		case c.Key == "name":
			q.strCond("e.name", c)
		case c.Key == "creation_time":
			q.numCond("e.creation_time", c)
		case c.Key == "last_update_time":
			q.numCond("e.last_update_time", c)
		}
	}
	q.sql(" ORDER BY ")
	hasID := false
	for i, o := range order {
		if i > 0 {
			q.sql(", ")
		}
		col := map[string]string{"name": "e.name", "experiment_id": "e.experiment_id", "creation_time": "e.creation_time", "last_update_time": "e.last_update_time"}[o.Key]
		hasID = hasID || o.Key == "experiment_id"
		q.sql(col)
		if !o.Asc {
			q.sql(" DESC")
		}
	}
	if !hasID {
		q.sql(", e.experiment_id DESC")
	}
	q.sql(" LIMIT ").arg(n + 1).sql(" OFFSET ").arg(offset)
	return readPage(ctx, s, op, q, n, offset, s.queryExperiments, s.loadExperimentTags)
}

func (s *Store) queryExperiments(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]client.Experiment, error) {
	var out []client.Experiment
	err := scanEach(ctx, tx, query, args, func(rows *sql.Rows) error {
		var (
			id               int64
			name             string
			loc, stage       sql.NullString
			created, updated sql.NullInt64
		)
		if err := rows.Scan(&id, &name, &loc, &stage, &created, &updated); err != nil {
			return err
		}
		e := client.Experiment{ID: strconv.FormatInt(id, 10), Name: name, ArtifactLocation: loc.String,
			LifecycleStage: stage.String, CreationTime: created.Int64, LastUpdateTime: updated.Int64}
		if s.sch.workspaces {
			e.Workspace = s.workspace
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

func (s *Store) loadExperimentTags(ctx context.Context, tx *sql.Tx, exps []client.Experiment) error {
	if len(exps) == 0 {
		return nil
	}
	idx := map[string]int{}
	ids := make([]int64, len(exps))
	for i, e := range exps {
		idx[e.ID] = i
		ids[i], _ = strconv.ParseInt(e.ID, 10, 64)
	}
	return eachBatch(ids, func(b []any) error {
		return scanEach(ctx, tx, "SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN "+placeholders(len(b))+" ORDER BY experiment_id, key", b, func(rows *sql.Rows) error {
			var (
				id int64
				k  string
				v  sql.NullString
			)
			if err := rows.Scan(&id, &k, &v); err != nil {
				return err
			}
			i := idx[strconv.FormatInt(id, 10)]
			exps[i].Tags = append(exps[i].Tags, client.Tag{Key: k, Value: v.String})
			return nil
		})
	})
}

// batch bounds IN lists below SQLite's parameter limit.
const batch = 500

// GetExperiment returns an experiment by ID, active or deleted.
func (s *Store) GetExperiment(ctx context.Context, id string) (client.Experiment, error) {
	const op = "get experiment"
	n, err := parseExperimentID(op, id)
	if err != nil {
		return client.Experiment{}, err
	}
	q := &sqlBuf{}
	q.sql("SELECT " + experimentCols + " FROM experiments e WHERE e.experiment_id = ").arg(n)
	s.wsCond(q, "e", s.sch.workspaces)
	return s.oneExperiment(ctx, op, q, "No Experiment with id="+id+" exists")
}

// GetExperimentByName returns the experiment with this name.
func (s *Store) GetExperimentByName(ctx context.Context, name string) (client.Experiment, error) {
	const op = "get experiment by name"
	q := &sqlBuf{}
	q.sql("SELECT " + experimentCols + " FROM experiments e WHERE e.name = ").arg(name)
	s.wsCond(q, "e", s.sch.workspaces)
	q.sql(" ORDER BY e.lifecycle_stage = 'active' DESC LIMIT 1")
	return s.oneExperiment(ctx, op, q, "Experiment '"+name+"' does not exist.")
}

func (s *Store) oneExperiment(ctx context.Context, op string, q *sqlBuf, missing string) (client.Experiment, error) {
	return read(ctx, s, op, func(tx *sql.Tx) (client.Experiment, error) {
		exps, err := s.queryExperiments(ctx, tx, q.String(), q.args...)
		if err != nil {
			return client.Experiment{}, s.wrap(op, err)
		}
		if len(exps) == 0 {
			return client.Experiment{}, notFound(op, "%s", missing)
		}
		e, err := withDetails(ctx, tx, exps[0], s.loadExperimentTags)
		return e, s.wrap(op, err)
	})
}
