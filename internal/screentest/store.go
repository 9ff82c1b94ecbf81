// Package screentest helps screens' tests: a fixture store over domain
// types (filters and orders follow MLflow's rules through client/search),
// plain rendering without escape codes, and a teatest session that runs
// the whole program at a fixed size and clock for golden screens.
package screentest

import (
	"context"
	"slices"
	"strings"

	"mltui/client"
	"mltui/client/search"
)

// Store serves fixture data through the client.Store interface. Methods
// screens do not call are left to the embedded nil interface (they panic,
// failing the test loudly).
type Store struct {
	client.Store
	Info        client.ServerInfo
	Experiments []client.Experiment
	Runs        []client.Run
	// Histories by run ID and metric key; a missing key yields the latest
	// value as a one-point history.
	Histories map[string]map[string][]client.Metric
	// Artifacts by run ID and directory path ("" is the root).
	Artifacts map[string]map[string][]client.FileInfo
}

func invalid(op string, err error) error {
	return &client.Error{Kind: client.KindInvalidParameter, Op: op, Status: 400, Code: "INVALID_PARAMETER_VALUE", Message: err.Error()}
}

func notFound(op, what string) error {
	return &client.Error{Kind: client.KindNotFound, Op: op, Status: 404, Code: "RESOURCE_DOES_NOT_EXIST", Message: what}
}

func pageSize(n int) int {
	if n <= 0 {
		return 1000
	}
	return n
}

func viewMatches(v client.ViewType, stage string) bool {
	switch v {
	case client.AllViews:
		return true
	case client.DeletedOnly:
		return stage == client.LifecycleDeleted
	default:
		return stage != client.LifecycleDeleted
	}
}

// SearchExperiments filters, orders and pages the fixture experiments.
func (s *Store) SearchExperiments(_ context.Context, q client.ExperimentQuery) (client.Page[client.Experiment], error) {
	clauses, err := search.ParseExperimentFilter(q.Filter)
	if err != nil {
		return client.Page[client.Experiment]{}, invalid("experiments/search", err)
	}
	order, err := search.ParseExperimentOrderBy(q.OrderBy)
	if err != nil {
		return client.Page[client.Experiment]{}, invalid("experiments/search", err)
	}
	var out []client.Experiment
	for _, e := range s.Experiments {
		if viewMatches(q.ViewType, e.LifecycleStage) && search.MatchExperiment(clauses, e) {
			out = append(out, e)
		}
	}
	search.SortExperiments(out, order)
	return search.Paginate(out, q.PageToken, pageSize(q.MaxResults))
}

// GetExperiment finds an experiment by ID.
func (s *Store) GetExperiment(_ context.Context, id string) (client.Experiment, error) {
	for _, e := range s.Experiments {
		if e.ID == id {
			return e, nil
		}
	}
	return client.Experiment{}, notFound("experiments/get", "No experiment with id="+id)
}

// GetExperimentByName prefers the active experiment of that name.
func (s *Store) GetExperimentByName(_ context.Context, name string) (client.Experiment, error) {
	for _, e := range s.Experiments {
		if e.Name == name && e.LifecycleStage != client.LifecycleDeleted {
			return e, nil
		}
	}
	return client.Experiment{}, notFound("experiments/get-by-name", "Could not find experiment with name '"+name+"'")
}

// SearchRuns filters, orders and pages the fixture runs.
func (s *Store) SearchRuns(_ context.Context, q client.RunQuery) (client.Page[client.Run], error) {
	clauses, err := search.ParseRunFilter(q.Filter)
	if err != nil {
		return client.Page[client.Run]{}, invalid("runs/search", err)
	}
	order, err := search.ParseRunOrderBy(q.OrderBy)
	if err != nil {
		return client.Page[client.Run]{}, invalid("runs/search", err)
	}
	var out []client.Run
	for _, r := range s.Runs {
		if slices.Contains(q.ExperimentIDs, r.Info.ExperimentID) && viewMatches(q.ViewType, r.Info.LifecycleStage) && search.MatchRun(clauses, r) {
			out = append(out, r)
		}
	}
	search.SortRuns(out, order)
	return search.Paginate(out, q.PageToken, pageSize(q.MaxResults))
}

// GetRun finds a run by ID.
func (s *Store) GetRun(_ context.Context, id string) (client.Run, error) {
	for _, r := range s.Runs {
		if r.Info.RunID == id {
			return r, nil
		}
	}
	return client.Run{}, notFound("runs/get", "Run '"+id+"' not found")
}

func (s *Store) history(runID, key string) []client.Metric {
	if h, ok := s.Histories[runID][key]; ok {
		return h
	}
	for _, r := range s.Runs {
		if r.Info.RunID == runID {
			if m, ok := r.Metric(key); ok {
				return []client.Metric{m}
			}
		}
	}
	return nil
}

// MetricHistoryPage pages a metric's history.
func (s *Store) MetricHistoryPage(_ context.Context, q client.HistoryQuery) (client.Page[client.Metric], error) {
	return search.Paginate(s.history(q.RunID, q.Key), q.PageToken, pageSize(q.MaxResults))
}

// SampledHistory returns every point (fixtures are short).
func (s *Store) SampledHistory(_ context.Context, q client.SampledQuery) ([]client.Metric, error) {
	var out []client.Metric
	for _, id := range q.RunIDs {
		for _, m := range s.history(id, q.Key) {
			m.RunID = id
			out = append(out, m)
		}
	}
	return out, nil
}

// ListArtifacts lists one directory.
func (s *Store) ListArtifacts(_ context.Context, runID, path string) ([]client.FileInfo, error) {
	return slices.Clone(s.Artifacts[runID][strings.Trim(path, "/")]), nil
}

// Describe reports the fixture's info.
func (s *Store) Describe(context.Context) (client.ServerInfo, error) { return s.Info, nil }

// Close does nothing.
func (s *Store) Close() error { return nil }
