package filestore

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"mltui/client"
	"mltui/client/search"
)

const (
	defaultHistoryMax = 25000
	historyMaxLimit   = 1_000_000
)

// history reads a run's whole metric file in file order (how MLflow's
// file store returns it). A missing file is an empty history.
func (s *Store) history(op, runID, key string) ([]client.Metric, error) {
	d, info, err := s.findRun(op, runID)
	if err != nil {
		return nil, err
	}
	if !safeKey(key) {
		return nil, invalid(op, "invalid metric key %q", key)
	}
	path := filepath.Join(d.path, info.RunID, "metrics", filepath.FromSlash(key))
	lines, err := readMetricFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		var le *LineError
		if errors.As(err, &le) {
			return nil, corrupt(op, path, err)
		}
		return nil, ioError(op, path, err)
	}
	out := make([]client.Metric, len(lines))
	for i, l := range lines {
		out[i] = l.metric(key)
	}
	return out, nil
}

// MetricHistoryPage returns one page of a metric's history in file order.
func (s *Store) MetricHistoryPage(ctx context.Context, q client.HistoryQuery) (client.Page[client.Metric], error) {
	const op = "metric history"
	var none client.Page[client.Metric]
	n, _, err := search.PageWindow(q.MaxResults, q.PageToken, defaultHistoryMax, historyMaxLimit)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	h, err := s.history(op, q.RunID, q.Key)
	if err != nil {
		return none, err
	}
	page, err := search.Paginate(h, q.PageToken, n)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	return page, nil
}

// SampledHistory applies the bulk-interval rules a server over a file
// store applies (MLflow's abstract store; see search.SampleByStep).
func (s *Store) SampledHistory(ctx context.Context, q client.SampledQuery) ([]client.Metric, error) {
	const op = "sampled metric history"
	maxN, err := search.CheckSampledQuery(q)
	if err != nil {
		return nil, invalid(op, "%v", err)
	}
	hs := make([][]client.Metric, len(q.RunIDs))
	for i, id := range q.RunIDs {
		if hs[i], err = s.history(op, id, q.Key); err != nil {
			return nil, err
		}
	}
	var out []client.Metric
	for i, h := range search.SampleByStep(hs, maxN, q.StartStep, q.EndStep) {
		for _, m := range h {
			m.RunID = q.RunIDs[i]
			out = append(out, m)
		}
	}
	return out, nil
}
