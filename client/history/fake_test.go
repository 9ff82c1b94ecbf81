package history

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"

	"mltui/client"
	"mltui/client/search"
)

// memStore is an in-memory stand-in for the two history endpoints, for
// unit tests of the cache's own logic (paging, merging, resuming). It
// follows MLflow 3.18's SQL store: get-history ordered by (timestamp,
// step, value) with offset page tokens, and bulk-interval sampling by row
// (NTILE buckets, first row of each, the last row kept). stepSampling
// switches to the step-based sampling of MLflow's file store instead.
// Integration tests check the real server.
type memStore struct {
	client.Tracking // not used: calling anything else panics

	mu           sync.Mutex
	hist         map[Key][]client.Metric
	stepSampling bool

	sampledCalls atomic.Int64
	pageCalls    atomic.Int64
	inFlight     atomic.Int64
	maxInFlight  atomic.Int64
	block        chan struct{} // when set, history pages wait on it
	failPages    atomic.Int64  // fail this many page calls
}

func newMemStore() *memStore { return &memStore{hist: map[Key][]client.Metric{}} }

func (s *memStore) log(run, key string, ms ...client.Metric) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := Key{run, key}
	s.hist[k] = append(s.hist[k], ms...)
	sortHistoryOrder(s.hist[k])
}

func (s *memStore) rows(run, key string) []client.Metric {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]client.Metric(nil), s.hist[Key{run, key}]...)
}

func (s *memStore) MetricHistoryPage(ctx context.Context, q client.HistoryQuery) (client.Page[client.Metric], error) {
	s.pageCalls.Add(1)
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for {
		m := s.maxInFlight.Load()
		if n <= m || s.maxInFlight.CompareAndSwap(m, n) {
			break
		}
	}
	if s.block != nil {
		select {
		case <-s.block:
		case <-ctx.Done():
			return client.Page[client.Metric]{}, ctx.Err()
		}
	}
	if s.failPages.Load() > 0 {
		s.failPages.Add(-1)
		return client.Page[client.Metric]{}, &client.Error{Kind: client.KindUnavailable, Op: "metrics/get-history", Status: 503}
	}
	rows := s.rows(q.RunID, q.Key)
	for i := range rows {
		rows[i].Key, rows[i].RunID = q.Key, ""
	}
	return search.Paginate(rows, q.PageToken, q.MaxResults)
}

func (s *memStore) SampledHistory(ctx context.Context, q client.SampledQuery) ([]client.Metric, error) {
	s.sampledCalls.Add(1)
	maxN, err := search.CheckSampledQuery(q)
	if err != nil {
		return nil, &client.Error{Kind: client.KindInvalidParameter, Op: "metrics/get-history-bulk-interval", Message: err.Error()}
	}
	var out []client.Metric
	if s.stepSampling {
		var hs [][]client.Metric
		for _, id := range q.RunIDs {
			hs = append(hs, s.rows(id, q.Key))
		}
		for i, h := range search.SampleByStep(hs, maxN, q.StartStep, q.EndStep) {
			for _, m := range h {
				m.RunID = q.RunIDs[i]
				out = append(out, m)
			}
		}
		return out, nil
	}
	for _, id := range q.RunIDs {
		var rows []client.Metric
		for _, m := range s.rows(id, q.Key) {
			if q.StartStep == nil || (m.Step >= *q.StartStep && m.Step <= *q.EndStep) {
				m.RunID = id
				rows = append(rows, m)
			}
		}
		sort.SliceStable(rows, func(i, j int) bool {
			if rows[i].Step != rows[j].Step {
				return rows[i].Step < rows[j].Step
			}
			return rows[i].Timestamp < rows[j].Timestamp
		})
		out = append(out, ntileSample(rows, maxN)...)
	}
	return out, nil
}

// ntileSample keeps the first row of each of maxN NTILE buckets, then the
// last row (replacing the final pick when already at maxN).
func ntileSample(rows []client.Metric, maxN int) []client.Metric {
	n := len(rows)
	if n <= maxN {
		return rows
	}
	// NTILE: the first n%maxN buckets hold one extra row.
	var out []client.Metric
	size, extra, i := n/maxN, n%maxN, 0
	for b := range maxN {
		out = append(out, rows[i])
		i += size
		if b < extra {
			i++
		}
	}
	if out[len(out)-1] != rows[n-1] {
		out[len(out)-1] = rows[n-1]
	}
	return out
}

// steps makes n points at steps from..from+n-1 with value f(step).
func steps(from, n int, f func(step int) float64) []client.Metric {
	out := make([]client.Metric, n)
	for i := range out {
		s := from + i
		out[i] = client.Metric{Step: int64(s), Timestamp: 1_700_000_000_000 + int64(s)*10, Value: f(s)}
	}
	return out
}

func flat(int) float64 { return 1 }
