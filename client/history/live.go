package history

import (
	"context"
	"fmt"
	"math"

	"mltui/client"
)

// Tail fetches the points of a live run logged after the largest step
// already cached and appends them (see the package comment for why this is
// a step-range query). changed is false when nothing new arrived. A history
// never loaded is loaded as First would.
func (c *Cache) Tail(ctx context.Context, k Key) (snap Snapshot, changed bool, err error) {
	e := c.entry(k)
	e.mu.Lock()
	loaded, reading := e.loaded, e.shownPartial
	last, has := e.points.MaxStep()
	e.mu.Unlock()
	if reading {
		// Every point is being read page by page; the last page brings
		// what is new (and the points share storage with that read).
		return c.snap(k), false, nil
	}
	if !loaded {
		snaps, err := c.First(ctx, []string{k.RunID}, k.Metric)
		return snaps[0], err == nil, err
	}
	if has && last == math.MaxInt64 {
		return c.snap(k), false, nil
	}
	q := client.SampledQuery{RunIDs: []string{k.RunID}, Key: k.Metric, MaxResults: c.opts.SampleSize}
	start, end := last+1, int64(math.MaxInt64)
	if has {
		q.StartStep, q.EndStep = &start, &end
	}
	rows, err := c.store.SampledHistory(ctx, q)
	if err != nil {
		return c.snap(k), false, fmt.Errorf("new points of %s for run %s: %w", k.Metric, k.RunID, err)
	}
	rows = groupByRun(rows, q.RunIDs)[k.RunID]
	whole := len(rows) < c.opts.SampleSize

	e.mu.Lock()
	defer e.mu.Unlock()
	if e.shownPartial {
		return e.snapshot(k), false, nil
	}
	// The history may have been refined meanwhile: keep only what is new
	// to it now.
	if cur, ok := e.points.MaxStep(); ok {
		kept := rows[:0]
		for _, m := range rows {
			if m.Step > cur {
				kept = append(kept, m)
			}
		}
		rows = kept
	}
	if len(rows) == 0 {
		return e.snapshot(k), false, nil
	}
	sortHistoryOrder(rows)
	switch {
	case !has:
		q := Sampled
		if whole {
			q = Exact
		}
		e.set(Points{}.appendMetrics(rows), q)
	case whole:
		e.set(e.points.appendMetrics(rows), e.quality)
	default:
		// More arrived than one answer holds: keep the sample for now and
		// let a refinement fetch every point.
		e.set(e.points.replaceRange(start, end, rows), Sampled)
	}
	return e.snapshot(k), true, nil
}

func (c *Cache) snap(k Key) Snapshot {
	s, _ := c.Get(k)
	s.Key = k
	return s
}

// TailAll tails several live histories. On a local store that can say
// whether anything was written (client.ChangeStamper), nothing is queried
// while its stamp stays the same. It returns the histories that changed.
func (c *Cache) TailAll(ctx context.Context, keys []Key) ([]Snapshot, error) {
	if cs, ok := c.store.(client.ChangeStamper); ok {
		stamp, err := cs.ChangeStamp(ctx)
		if err == nil {
			c.mu.Lock()
			same := stamp == c.stamp && c.stamp != ""
			c.stamp = stamp
			c.mu.Unlock()
			if same {
				return nil, nil
			}
		}
	}
	var out []Snapshot
	for _, k := range keys {
		s, changed, err := c.Tail(ctx, k)
		if err != nil {
			return out, err
		}
		if changed {
			out = append(out, s)
		}
	}
	return out, nil
}

// Range fetches the step range [lo, hi] of histories that are not exact
// yet (a zoom), SampleSize rows per run — at least one per pixel column —
// and merges them in. Exact histories already hold every point and cost no
// call. It returns the snapshots of all keys, in order.
func (c *Cache) Range(ctx context.Context, keys []Key, lo, hi int64) ([]Snapshot, error) {
	if lo > hi {
		lo, hi = hi, lo
	}
	byMetric := map[string][]string{}
	var order []string
	for _, k := range keys {
		if s, ok := c.Get(k); ok && (s.Quality == Exact || s.Partial) {
			continue // every point is here, or on its way
		}
		if _, seen := byMetric[k.Metric]; !seen {
			order = append(order, k.Metric)
		}
		byMetric[k.Metric] = append(byMetric[k.Metric], k.RunID)
	}
	var firstErr error
	for _, metric := range order {
		runs := byMetric[metric]
		for start := 0; start < len(runs); start += maxRunsPerCall {
			batch := runs[start:min(start+maxRunsPerCall, len(runs))]
			ms, err := c.store.SampledHistory(ctx, client.SampledQuery{RunIDs: batch, Key: metric, StartStep: &lo, EndStep: &hi, MaxResults: c.opts.SampleSize})
			if err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("steps %d–%d of %s: %w", lo, hi, metric, err)
				}
				continue
			}
			byRun := groupByRun(ms, batch)
			for _, id := range batch {
				e := c.entry(Key{id, metric})
				e.mu.Lock()
				if (e.quality != Exact || !e.loaded) && !e.shownPartial {
					e.set(e.points.replaceRange(lo, hi, byRun[id]), Sampled)
				}
				e.mu.Unlock()
			}
		}
	}
	out := make([]Snapshot, len(keys))
	for i, k := range keys {
		out[i] = c.snap(k)
	}
	return out, firstErr
}
