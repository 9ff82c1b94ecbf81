package sqlstore

import (
	"strconv"

	"mltui/client/search"
)

// The SQL here mirrors _get_sqlalchemy_filter_clauses and
// _get_orderby_clauses in MLflow's sqlalchemy_store.py: a metric filter
// reads the latest value (NaN never matches except with !=), run_name
// filters read the mlflow.runName tag, sorting puts NaN and then missing
// values last and breaks ties by start_time DESC, run_uuid. Every key and
// value is a bound parameter; only column names chosen here are spliced in.

const runCols = "r.run_uuid, r.name, r.experiment_id, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage"

// latestFrom is a table expression with columns (key, value, timestamp,
// step, is_nan, run_uuid) holding each run's latest metric values; extra is
// a condition on metrics rows (with its args) to narrow the work when the
// database has no latest_metrics table.
func (sch *schemaInfo) latestTable() string {
	if sch.latestMetrics {
		return "latest_metrics"
	}
	return "(SELECT key, value, timestamp, step, is_nan, run_uuid FROM (SELECT key, value, timestamp, " +
		sch.stepExpr() + " AS step, " + sch.isNaNExpr() + " AS is_nan, run_uuid, ROW_NUMBER() OVER (PARTITION BY run_uuid, key ORDER BY " +
		sch.stepExpr() + " DESC, timestamp DESC, value DESC) AS rn FROM metrics) WHERE rn = 1)"
}

func (sch *schemaInfo) stepExpr() string {
	if sch.metricStep {
		return "step"
	}
	return "0"
}

func (sch *schemaInfo) isNaNExpr() string {
	if sch.metricIsNaN {
		return "is_nan"
	}
	return "0"
}

var runAttrColumns = map[string]string{
	"run_id":       "r.run_uuid",
	"user_id":      "r.user_id",
	"status":       "r.status",
	"artifact_uri": "r.artifact_uri",
	"start_time":   "r.start_time",
	"end_time":     "r.end_time",
	"run_name":     "r.name", // order_by only: filters read the tag, as MLflow does
}

// runCond writes one filter clause as a condition on runs r.
func runCond(q *sqlBuf, sch *schemaInfo, c search.Clause) {
	switch c.Kind {
	case search.Metric:
		q.sql("EXISTS (SELECT 1 FROM " + sch.latestTable() + " m WHERE m.run_uuid = r.run_uuid AND m.key = ").arg(c.Key).sql(" AND ")
		if c.Op == search.OpNe {
			q.sql("(").numCond("m.value", c)
			q.sql(" OR m.is_nan = 1))")
			return
		}
		q.numCond("m.value", c)
		q.sql(" AND m.is_nan = 0)")
	case search.Param, search.Tag:
		table := "params"
		if c.Kind == search.Tag {
			table = "tags"
		}
		switch c.Op {
		case search.OpIsNull:
			q.sql("NOT EXISTS (SELECT 1 FROM " + table + " p WHERE p.run_uuid = r.run_uuid AND p.key = ").arg(c.Key).sql(")")
		case search.OpIsNotNull:
			q.sql("EXISTS (SELECT 1 FROM " + table + " p WHERE p.run_uuid = r.run_uuid AND p.key = ").arg(c.Key).sql(")")
		default:
			q.sql("EXISTS (SELECT 1 FROM " + table + " p WHERE p.run_uuid = r.run_uuid AND p.key = ").arg(c.Key).sql(" AND ")
			q.strCond("p.value", c)
			q.sql(")")
		}
	case search.Dataset:
		if !sch.datasets {
			q.sql("0") // no dataset tables: no run has a dataset
			return
		}
		q.sql("EXISTS (SELECT 1 FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id")
		if c.Key == "context" {
			if !sch.inputTags {
				q.sql(" WHERE 0)")
				return
			}
			q.sql(" JOIN input_tags t ON t.input_uuid = i.input_uuid AND t.name = 'mlflow.data.context' AND ")
			q.strCond("t.value", c)
			q.sql(" WHERE i.destination_type = 'RUN' AND i.destination_id = r.run_uuid)")
			return
		}
		q.sql(" WHERE i.destination_type = 'RUN' AND i.destination_id = r.run_uuid AND ")
		col := "d.name"
		if c.Key == "digest" {
			col = "d.digest"
		}
		q.strCond(col, c)
		q.sql(")")
	default:
		switch c.Key {
		case "run_name":
			q.sql("EXISTS (SELECT 1 FROM tags p WHERE p.run_uuid = r.run_uuid AND p.key = 'mlflow.runName' AND ")
			q.strCond("p.value", c)
			q.sql(")")
		case "start_time", "end_time":
			q.numCond(runAttrColumns[c.Key], c)
		default:
			col, ok := runAttrColumns[c.Key]
			if !ok {
				q.err = errUnknownAttr(c.Key)
				return
			}
			q.strCond(col, c)
		}
	}
}

type errUnknownAttr string

func (e errUnknownAttr) Error() string { return "unknown run attribute " + strconv.Quote(string(e)) }

// runSearchSQL builds the query for one page of a run search. limit is
// the page size plus one, to learn whether another page follows.
func runSearchSQL(sch *schemaInfo, workspace string, expIDs []int64, stages []string, clauses []search.Clause, order []search.OrderBy, limit, offset int) *sqlBuf {
	q := &sqlBuf{}
	q.sql("SELECT " + runCols + " FROM runs r")
	for i, o := range order {
		alias := "o" + strconv.Itoa(i)
		switch o.Kind {
		case search.Metric:
			q.sql(" LEFT JOIN " + sch.latestTable() + " " + alias + " ON " + alias + ".run_uuid = r.run_uuid AND " + alias + ".key = ").arg(o.Key)
		case search.Param:
			q.sql(" LEFT JOIN params " + alias + " ON " + alias + ".run_uuid = r.run_uuid AND " + alias + ".key = ").arg(o.Key)
		case search.Tag:
			q.sql(" LEFT JOIN tags " + alias + " ON " + alias + ".run_uuid = r.run_uuid AND " + alias + ".key = ").arg(o.Key)
		}
	}
	q.sql(" WHERE r.experiment_id IN (")
	for i, id := range expIDs {
		if i > 0 {
			q.sql(", ")
		}
		q.arg(id)
	}
	q.sql(") AND r.lifecycle_stage IN ").list(stages)
	if sch.workspaces {
		q.sql(" AND r.experiment_id IN (SELECT experiment_id FROM experiments WHERE workspace = ").arg(workspace).sql(")")
	}
	for _, c := range clauses {
		q.sql(" AND ")
		runCond(q, sch, c)
	}
	q.sql(" ORDER BY ")
	startGiven := false
	for i, o := range order {
		alias := "o" + strconv.Itoa(i)
		var val string
		switch o.Kind {
		case search.Metric:
			val = alias + ".value"
			q.sql("CASE WHEN " + alias + ".is_nan = 1 THEN 1 WHEN " + val + " IS NULL THEN 2 ELSE 0 END, ")
		case search.Param, search.Tag:
			val = alias + ".value"
			q.sql("CASE WHEN " + val + " IS NULL THEN 1 ELSE 0 END, ")
		default:
			col, ok := runAttrColumns[o.Key]
			if !ok {
				q.err = errUnknownAttr(o.Key)
				return q
			}
			startGiven = startGiven || o.Key == "start_time"
			val = col
			q.sql("CASE WHEN " + val + " IS NULL THEN 1 ELSE 0 END, ")
		}
		q.sql(val)
		if !o.Asc {
			q.sql(" DESC")
		}
		q.sql(", ")
	}
	if !startGiven {
		q.sql("r.start_time DESC, ")
	}
	q.sql("r.run_uuid LIMIT ").arg(limit).sql(" OFFSET ").arg(offset)
	return q
}
