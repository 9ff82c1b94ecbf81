package search

import "mltui/client"

// A local store answers a search in three steps: parse the request's
// filter and order_by (ParseExperimentQuery and its kin; an error in either
// is an invalid filter), read the candidates, then keep, order and page
// them in memory (SelectExperiments and its kin) where it does not do that
// in SQL.

// ParseExperimentQuery parses an experiments/search filter and order_by.
func ParseExperimentQuery(q client.ExperimentQuery) ([]Clause, []OrderBy, error) {
	return parseQuery(q.Filter, q.OrderBy, ParseExperimentFilter, ParseExperimentOrderBy)
}

// ParseRunQuery parses a runs/search filter and order_by.
func ParseRunQuery(q client.RunQuery) ([]Clause, []OrderBy, error) {
	return parseQuery(q.Filter, q.OrderBy, ParseRunFilter, ParseRunOrderBy)
}

// ParseModelQuery parses a registered-models/search filter and order_by.
func ParseModelQuery(q client.ModelQuery) ([]Clause, []OrderBy, error) {
	return parseQuery(q.Filter, q.OrderBy, ParseModelFilter, ParseModelOrderBy)
}

// ParseVersionQuery parses a model-versions/search filter and order_by.
func ParseVersionQuery(q client.VersionQuery) ([]Clause, []OrderBy, error) {
	return parseQuery(q.Filter, q.OrderBy, ParseVersionFilter, ParseVersionOrderBy)
}

func parseQuery(filter string, orderBy []string, parseFilter func(string) ([]Clause, error), parseOrder func([]string) ([]OrderBy, error)) ([]Clause, []OrderBy, error) {
	clauses, err := parseFilter(filter)
	if err != nil {
		return nil, nil, err
	}
	order, err := parseOrder(orderBy)
	if err != nil {
		return nil, nil, err
	}
	return clauses, order, nil
}

// SelectExperiments keeps the experiments the clauses match, orders them
// with SortExperiments and returns the page the token names.
func SelectExperiments(exps []client.Experiment, clauses []Clause, order []OrderBy, token string, n int) (client.Page[client.Experiment], error) {
	return selectPage(exps, func(e client.Experiment) bool { return MatchExperiment(clauses, e) },
		func(es []client.Experiment) { SortExperiments(es, order) }, token, n)
}

// SelectRuns is SelectExperiments for runs.
func SelectRuns(runs []client.Run, clauses []Clause, order []OrderBy, token string, n int) (client.Page[client.Run], error) {
	return selectPage(runs, func(r client.Run) bool { return MatchRun(clauses, r) },
		func(rs []client.Run) { SortRuns(rs, order) }, token, n)
}

// SelectModels is SelectExperiments for registered models.
func SelectModels(models []client.RegisteredModel, clauses []Clause, order []OrderBy, token string, n int) (client.Page[client.RegisteredModel], error) {
	return selectPage(models, func(m client.RegisteredModel) bool { return MatchModel(clauses, m) },
		func(ms []client.RegisteredModel) { SortModels(ms, order) }, token, n)
}

// SelectVersions is SelectExperiments for model versions.
func SelectVersions(vs []client.ModelVersion, clauses []Clause, order []OrderBy, token string, n int) (client.Page[client.ModelVersion], error) {
	return selectPage(vs, func(v client.ModelVersion) bool { return MatchVersion(clauses, v) },
		func(vs []client.ModelVersion) { SortVersions(vs, order) }, token, n)
}

// SelectLoggedModels is SelectExperiments for logged models, in MLflow's
// default order (SortLoggedModels).
func SelectLoggedModels(models []client.LoggedModel, clauses []Clause, token string, n int) (client.Page[client.LoggedModel], error) {
	return selectPage(models, func(m client.LoggedModel) bool { return MatchLoggedModel(clauses, m) }, SortLoggedModels, token, n)
}

// selectPage filters items in place (the caller hands over a slice it
// owns), sorts what is kept and cuts the page.
func selectPage[T any](items []T, keep func(T) bool, sortItems func([]T), token string, n int) (client.Page[T], error) {
	kept := items[:0]
	for _, it := range items {
		if keep(it) {
			kept = append(kept, it)
		}
	}
	sortItems(kept)
	return Paginate(kept, token, n)
}
