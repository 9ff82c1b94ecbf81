package history

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"mltui/client"
)

// probe paints long histories from narrow step windows spread evenly over
// [0, hi], the first at step 0 and the last ending at hi, fetched a few at a
// time (each window one call for up to 100 runs). Each window is a step
// range the server answers from its (run, key, step) index, so the cost
// does not grow with the history. Runs with fewer points in all windows
// than there are windows (steps logged sparsely, so the whole history is
// small) are returned to be sampled whole instead.
func (c *Cache) probe(ctx context.Context, runIDs []string, metric string, hi int64) (missed []string, err error) {
	k, w := int64(c.opts.ProbeWindows), int64(c.opts.ProbeWidth)
	starts := make([]int64, 0, k)
	for i := range k {
		a := int64(float64(i) * float64(max(hi-w+1, 0)) / float64(max(k-1, 1)))
		if len(starts) == 0 || a > starts[len(starts)-1]+w-1 {
			starts = append(starts, a)
		}
	}
	var (
		mu   sync.Mutex
		rows = map[string][]client.Metric{}
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, c.opts.Concurrency)
	)
	for b := 0; b < len(runIDs); b += maxRunsPerCall {
		batch := runIDs[b:min(b+maxRunsPerCall, len(runIDs))]
		for _, lo := range starts {
			up := lo + w - 1
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				var ms []client.Metric
				err := client.Guard("sampled history", func() (err error) {
					ms, err = c.store.SampledHistory(ctx, client.SampledQuery{RunIDs: batch, Key: metric, StartStep: &lo, EndStep: &up, MaxResults: c.opts.SampleSize})
					return err
				})
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, fmt.Errorf("steps %d–%d of %s: %w", lo, up, metric, err))
					return
				}
				for id, rs := range groupByRun(ms, batch) {
					rows[id] = append(rows[id], rs...)
				}
			}()
		}
	}
	wg.Wait()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, id := range runIDs {
		rs := rows[id]
		if len(rs) < len(starts) {
			missed = append(missed, id)
			continue
		}
		sortHistoryOrder(rs)
		e := c.entry(Key{id, metric})
		e.mu.Lock()
		if !e.loaded || e.quality != Exact {
			e.set(Points{}.appendMetrics(rs), Sampled)
		}
		e.mu.Unlock()
	}
	return missed, nil
}
