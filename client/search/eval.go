package search

import (
	"slices"
	"strconv"

	"mltui/client"
)

// The evaluators below follow MLflow's in-memory matching (used by its file
// store): a missing metric, param, tag or attribute fails every comparison
// except IS NULL; NaN fails every comparison except !=.

func cmpNum(lhs float64, op Op, rhs float64) bool {
	switch op {
	case OpEq:
		return lhs == rhs
	case OpNe:
		return lhs != rhs
	case OpGt:
		return lhs > rhs
	case OpGe:
		return lhs >= rhs
	case OpLt:
		return lhs < rhs
	case OpLe:
		return lhs <= rhs
	}
	return false
}

func cmpStr(lhs string, c Clause) bool {
	switch c.Op {
	case OpEq:
		return lhs == c.Str
	case OpNe:
		return lhs != c.Str
	case OpLike:
		return Like(lhs, c.Str)
	case OpILike:
		return ILike(lhs, c.Str)
	case OpIn:
		return slices.Contains(c.List, lhs)
	case OpNotIn:
		return !slices.Contains(c.List, lhs)
	}
	return false
}

// cmpOptional applies c to a value that may be missing.
func cmpOptional(v string, ok bool, c Clause) bool {
	switch c.Op {
	case OpIsNull:
		return !ok
	case OpIsNotNull:
		return ok
	}
	return ok && cmpStr(v, c)
}

func tagValue(tags []client.Tag, key string) (string, bool) {
	for _, t := range tags {
		if t.Key == key {
			return t.Value, true
		}
	}
	return "", false
}

// RunName is the run name MLflow filters on: the name, or the
// mlflow.runName tag for runs whose name column is empty.
func RunName(r client.Run) string {
	if r.Info.RunName != "" {
		return r.Info.RunName
	}
	v, _ := r.Tag("mlflow.runName")
	return v
}

// MatchRun reports whether r satisfies every clause.
func MatchRun(clauses []Clause, r client.Run) bool {
	for _, c := range clauses {
		if !matchRunClause(c, r) {
			return false
		}
	}
	return true
}

func matchRunClause(c Clause, r client.Run) bool {
	switch c.Kind {
	case Metric:
		m, ok := r.Metric(c.Key)
		return ok && cmpNum(m.Value, c.Op, c.Num)
	case Param:
		v, ok := r.Param(c.Key)
		return cmpOptional(v, ok, c)
	case Tag:
		v, ok := r.Tag(c.Key)
		return cmpOptional(v, ok, c)
	case Dataset:
		for _, d := range r.Inputs.Datasets {
			switch c.Key {
			case "context":
				for _, t := range d.Tags {
					if t.Key == "mlflow.data.context" && cmpStr(t.Value, c) {
						return true
					}
				}
			case "name":
				if cmpStr(d.Dataset.Name, c) {
					return true
				}
			case "digest":
				if cmpStr(d.Dataset.Digest, c) {
					return true
				}
			}
		}
		return false
	}
	switch c.Key {
	case "start_time":
		return cmpNum(float64(r.Info.StartTime), c.Op, c.Num)
	case "end_time":
		// 0 is "not ended": MLflow holds None there, which matches nothing.
		return r.Info.EndTime != 0 && cmpNum(float64(r.Info.EndTime), c.Op, c.Num)
	case "run_id":
		return cmpStr(r.Info.RunID, c)
	case "run_name":
		return cmpStr(RunName(r), c)
	case "user_id":
		return cmpStr(r.Info.UserID, c)
	case "status":
		return cmpStr(string(r.Info.Status), c)
	case "artifact_uri":
		return cmpStr(r.Info.ArtifactURI, c)
	}
	return false
}

// MatchExperiment reports whether e satisfies every clause.
func MatchExperiment(clauses []Clause, e client.Experiment) bool {
	for _, c := range clauses {
		var ok bool
		switch {
		case c.Kind == Tag:
			v, has := e.Tag(c.Key)
			ok = cmpOptional(v, has, c)
		case c.Key == "name":
			ok = cmpStr(e.Name, c)
		case c.Key == "experiment_id":
			ok = cmpStr(e.ID, c)
		case c.Key == "creation_time":
			ok = cmpNum(float64(e.CreationTime), c.Op, c.Num)
		case c.Key == "last_update_time":
			ok = cmpNum(float64(e.LastUpdateTime), c.Op, c.Num)
		}
		if !ok {
			return false
		}
	}
	return true
}

// PromptTag marks registered models that are prompts; model searches hide them.
const PromptTag = "mlflow.prompt.is_prompt"

// promptDefault is MLflow's rule for the prompt tag on a model that lacks it:
// such a model counts as "not a prompt".
func promptDefault(c Clause) bool {
	return (c.Op == OpEq && c.Str == "false") || (c.Op == OpNe && c.Str == "true")
}

// MatchModel reports whether m satisfies every clause.
func MatchModel(clauses []Clause, m client.RegisteredModel) bool {
	for _, c := range clauses {
		var ok bool
		if c.Kind == Tag {
			v, has := m.Tag(c.Key)
			if !has && c.Key == PromptTag {
				ok = promptDefault(c)
			} else {
				ok = has && cmpStr(v, c)
			}
		} else {
			ok = cmpStr(m.Name, c)
		}
		if !ok {
			return false
		}
	}
	return true
}

// MatchVersion reports whether v satisfies every clause.
func MatchVersion(clauses []Clause, v client.ModelVersion) bool {
	for _, c := range clauses {
		var ok bool
		switch {
		case c.Kind == Tag:
			val, has := v.Tag(c.Key)
			if !has && c.Key == PromptTag {
				ok = promptDefault(c)
			} else {
				ok = has && cmpStr(val, c)
			}
		case c.Key == "name":
			ok = cmpStr(v.Name, c)
		case c.Key == "run_id":
			ok = cmpStr(v.RunID, c)
		case c.Key == "source_path":
			ok = cmpStr(v.Source, c)
		case c.Key == "version_number":
			n, err := strconv.ParseInt(v.Version, 10, 64)
			ok = err == nil && cmpNum(float64(n), c.Op, c.Num)
		}
		if !ok {
			return false
		}
	}
	return true
}

// MatchLoggedModel reports whether m satisfies every clause.
func MatchLoggedModel(clauses []Clause, m client.LoggedModel) bool {
	for _, c := range clauses {
		var ok bool
		switch c.Kind {
		case Metric:
			for _, x := range m.Metrics {
				if x.Key == c.Key {
					ok = cmpNum(x.Value, c.Op, c.Num)
					break
				}
			}
		case Param:
			for _, p := range m.Params {
				if p.Key == c.Key {
					ok = cmpStr(p.Value, c)
					break
				}
			}
		case Tag:
			v, has := tagValue(m.Tags, c.Key)
			ok = has && cmpStr(v, c)
		default:
			switch c.Key {
			case "name":
				ok = cmpStr(m.Name, c)
			case "model_id":
				ok = cmpStr(m.ModelID, c)
			case "model_type":
				ok = cmpStr(m.ModelType, c)
			case "status":
				ok = cmpStr(loggedModelStatusName(m.Status), c)
			case "source_run_id":
				ok = cmpStr(m.SourceRunID, c)
			case "creation_timestamp":
				ok = cmpNum(float64(m.CreationTimestampMs), c.Op, c.Num)
			case "last_updated_timestamp":
				ok = cmpNum(float64(m.LastUpdatedTimestampMs), c.Op, c.Num)
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// loggedModelStatusName turns the wire enum (LOGGED_MODEL_READY) into the
// name MLflow filters compare with (READY).
func loggedModelStatusName(s string) string {
	switch s {
	case "LOGGED_MODEL_PENDING":
		return "PENDING"
	case "LOGGED_MODEL_READY":
		return "READY"
	case "LOGGED_MODEL_UPLOAD_FAILED":
		return "FAILED"
	case "LOGGED_MODEL_STATUS_UNSPECIFIED":
		return "UNSPECIFIED"
	}
	return s
}
