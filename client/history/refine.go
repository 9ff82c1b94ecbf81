package history

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"mltui/client"
)

// RefineStep reads the next page of k's full history. done is true once
// the history is exact (already, or with this page). A cancelled or failed
// step leaves what was read so far; the next call continues from there.
func (c *Cache) RefineStep(ctx context.Context, k Key) (snap Snapshot, done bool, err error) {
	e := c.entry(k)
	e.fetchMu.Lock()
	defer e.fetchMu.Unlock()

	e.mu.Lock()
	if e.loaded && e.quality == Exact && !e.fetching {
		defer e.mu.Unlock()
		return e.snapshot(k), true, nil
	}
	if !e.fetching {
		e.fetching, e.token, e.seen = true, "", map[string]bool{}
		// With nothing to show yet, show the pages as they arrive.
		e.shownPartial = !e.loaded
		// Reserve room for the expected length so a million points are
		// not copied over and over while they arrive.
		n := min(e.estimate, 50_000_000) + c.opts.PageSize
		e.partial = Points{make([]int64, 0, n), make([]int64, 0, n), make([]float64, 0, n)}
	}
	token := e.token
	e.mu.Unlock()

	page, err := c.store.MetricHistoryPage(ctx, client.HistoryQuery{RunID: k.RunID, Key: k.Metric, MaxResults: c.opts.PageSize, PageToken: token})

	e.mu.Lock()
	defer e.mu.Unlock()
	if err != nil {
		return e.snapshot(k), false, fmt.Errorf("history of %s for run %s: %w", k.Metric, k.RunID, err)
	}
	e.partial = e.partial.appendMetrics(page.Items)
	if e.shownPartial {
		// Later pages append beyond this length, which no reader sees.
		e.points, e.quality, e.rev, e.loaded = e.partial, Sampled, e.revs.Add(1), true
	}
	if page.NextPageToken == "" {
		full := e.partial.trim()
		e.fetching, e.partial, e.token, e.seen = false, Points{}, "", nil
		e.set(full, Exact)
		e.estimate = full.Len()
		return e.snapshot(k), true, nil
	}
	if e.seen[page.NextPageToken] {
		e.fetching, e.partial, e.token, e.seen = false, Points{}, "", nil
		if e.shownPartial {
			e.points, e.shownPartial = e.points.trim(), false
		}
		return e.snapshot(k), false, &client.Error{Kind: client.KindNotMLflow, Op: "metrics/get-history",
			Message: "the server repeated a page token; stopped to avoid an endless loop"}
	}
	e.seen[page.NextPageToken], e.token = true, page.NextPageToken
	if e.partial.Len() >= e.estimate {
		e.estimate = e.partial.Len() + c.opts.PageSize // at least one more page
	}
	return e.snapshot(k), false, nil
}

// trim drops spare capacity beyond a quarter, so a finished history holds
// about 24 bytes a point.
func (p Points) trim() Points {
	if cap(p.Values) <= p.Len()+p.Len()/4 {
		return p
	}
	return Points{append([]int64(nil), p.Steps...), append([]int64(nil), p.Times...), append([]float64(nil), p.Values...)}
}

// Refine reads k's full history to the end, calling progress (if not nil)
// after each page.
func (c *Cache) Refine(ctx context.Context, k Key, progress func(Snapshot)) (Snapshot, error) {
	for {
		snap, done, err := c.RefineStep(ctx, k)
		if err != nil || done {
			return snap, err
		}
		if progress != nil {
			progress(snap)
		}
	}
}

// RefineAll refines many histories, at most Options.Concurrency at once.
// One failing history does not stop the others; the errors are joined.
// progress may be called from several goroutines at once.
func (c *Cache) RefineAll(ctx context.Context, keys []Key, progress func(Snapshot)) error {
	return c.forEach(ctx, keys, func(k Key) error {
		snap, err := c.Refine(ctx, k, progress)
		if err == nil && progress != nil {
			progress(snap)
		}
		return err
	})
}

// forEach runs fn for each key, at most Options.Concurrency at once, and
// joins the errors.
func (c *Cache) forEach(ctx context.Context, keys []Key, fn func(Key) error) error {
	sem := make(chan struct{}, c.opts.Concurrency)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, k := range keys {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return errors.Join(append(errs, ctx.Err())...)
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := client.Guard("read history", func() error { return fn(k) }); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
