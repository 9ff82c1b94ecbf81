package history

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"mltui/client"
)

// Key names one cached history.
type Key struct{ RunID, Metric string }

// Quality says how faithful a cached history is.
type Quality int

const (
	// Sampled is the server's sample (plus any exact ranges fetched for
	// zooms): a one-step spike may be missing.
	Sampled Quality = iota
	// Exact is every point logged up to the last fetch.
	Exact
)

func (q Quality) String() string {
	if q == Exact {
		return "exact"
	}
	return "sampled"
}

// Snapshot is a read-only view of one cached history at one moment.
type Snapshot struct {
	Key
	Points  Points
	Quality Quality
	// Rev changes whenever Points change, so chart caches can key on it.
	Rev uint64
	// Progress of the full-history fetch, while one has started and not
	// finished: points read so far and an estimate of the total (0 when
	// there is no basis for one).
	Fetching          bool
	Fetched, Estimate int
	// Partial marks points that are the first pages of the full history,
	// in history order, shown while the rest is read (local stores, which
	// have no sample to show first).
	Partial bool
}

// Options tune the fetching.
type Options struct {
	// Local reads every point directly: SQLite and file stores, where a
	// full read is cheap and sampling would only add a second pass.
	Local bool
	// SampleSize is max_results for get-history-bulk-interval (MLflow
	// allows 1–2500). 0 means 2500.
	SampleSize int
	// PageSize is max_results for one page of get-history. 0 means 25000
	// on a server (what the Python client sends) and 100000 locally.
	PageSize int
	// Concurrency bounds full-history fetches running at once (RefineAll
	// and local First), and probe windows in flight. 0 means 4.
	Concurrency int
	// ProbeAbove: a history whose last step (see Hint) is beyond this is
	// painted first from ProbeWindows narrow step windows of ProbeWidth
	// steps spread over its range, instead of one sample of the whole
	// range. MLflow 3.18 samples with a window function over every row, so
	// a whole-range sample costs time in proportion to the history (seconds
	// for a million points); a narrow step range is an index lookup. 0
	// means 20,000 steps; negative turns probing off.
	ProbeAbove   int64
	ProbeWindows int // 0 means 8: each window is a call, and calls cost more than rows
	ProbeWidth   int // steps per window; 0 means 256
}

// Cache holds histories per (run, metric) and fetches them. It is safe for
// concurrent use; every fetching method takes a context and can be
// cancelled, and a cancelled refinement resumes where it stopped.
type Cache struct {
	store client.Tracking
	opts  Options

	mu      sync.Mutex
	entries map[Key]*entry
	stamp   string // the local store's change stamp at the last TailAll
	// revs numbers every change to any history of this cache, so a
	// Snapshot's Rev tells a reader whether to redraw.
	revs atomic.Uint64
}

type entry struct {
	revs         *atomic.Uint64 // the cache's counter
	mu           sync.Mutex     // guards everything below but fetchMu
	points       Points
	quality      Quality
	rev          uint64
	loaded       bool // First (or a Tail/Range) has filled it
	shownPartial bool // points are the prefix read so far (no sample came first)
	fetching     bool
	partial      Points // the full history read so far
	token        string // the next page's token while fetching
	seen         map[string]bool
	estimate     int
	lastStep     int64 // from Hint
	hinted       bool

	fetchMu sync.Mutex // one page request at a time per history
}

// New returns an empty cache over s.
func New(s client.Tracking, o Options) *Cache {
	if o.SampleSize <= 0 || o.SampleSize > 2500 {
		o.SampleSize = 2500
	}
	if o.PageSize <= 0 {
		o.PageSize = 25000
		if o.Local {
			o.PageSize = 100000
		}
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.ProbeAbove == 0 {
		o.ProbeAbove = 20_000
	}
	if o.ProbeWindows <= 0 {
		o.ProbeWindows = 8
	}
	if o.ProbeWidth <= 0 {
		o.ProbeWidth = 256
	}
	return &Cache{store: s, opts: o, entries: map[Key]*entry{}}
}

// Renew is an empty cache on s that goes on numbering revisions where c
// stopped, so a renderer keyed by (series, Rev) never mistakes a fresh
// history for one it drew from c (a reload).
func (c *Cache) Renew(s client.Tracking) *Cache {
	n := New(s, c.opts)
	n.revs.Store(c.revs.Load())
	return n
}

// Options returns the effective options.
func (c *Cache) Options() Options { return c.opts }

func (c *Cache) entry(k Key) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		e = &entry{revs: &c.revs}
		c.entries[k] = e
	}
	return e
}

// Get returns the cached history of k, if any.
func (c *Cache) Get(k Key) (Snapshot, bool) {
	c.mu.Lock()
	e, ok := c.entries[k]
	c.mu.Unlock()
	if !ok {
		return Snapshot{}, false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.snapshot(k), e.loaded
}

// Forget drops cached histories (the runs were deleted, or memory is
// wanted back).
func (c *Cache) Forget(keys ...Key) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		delete(c.entries, k)
	}
}

// snapshot must be called with e.mu held.
func (e *entry) snapshot(k Key) Snapshot {
	return Snapshot{Key: k, Points: e.points, Quality: e.quality, Rev: e.rev,
		Fetching: e.fetching, Fetched: e.partial.Len(), Estimate: e.estimate, Partial: e.shownPartial}
}

// set replaces the history (e.mu held).
func (e *entry) set(p Points, q Quality) {
	e.points, e.quality, e.rev, e.loaded, e.shownPartial = p, q, e.revs.Add(1), true, false
}

// First returns a history for each run, fetching those not cached yet:
// a sample from a tracking server (exact when short); from a local store
// the first page of every point (exact when it is the only page, else
// Partial, to be completed by refinement). Snapshots come back in runIDs
// order.
func (c *Cache) First(ctx context.Context, runIDs []string, metric string) ([]Snapshot, error) {
	var missing []string
	for _, id := range runIDs {
		if _, ok := c.Get(Key{id, metric}); !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		var err error
		if c.opts.Local {
			err = c.firstPages(ctx, keysOf(missing, metric))
		} else {
			err = c.sample(ctx, missing, metric)
		}
		if err != nil {
			return c.snapshots(runIDs, metric), err
		}
	}
	return c.snapshots(runIDs, metric), nil
}

func keysOf(runIDs []string, metric string) []Key {
	ks := make([]Key, len(runIDs))
	for i, id := range runIDs {
		ks[i] = Key{id, metric}
	}
	return ks
}

func (c *Cache) snapshots(runIDs []string, metric string) []Snapshot {
	out := make([]Snapshot, len(runIDs))
	for i, id := range runIDs {
		out[i], _ = c.Get(Key{id, metric})
		out[i].Key = Key{id, metric}
	}
	return out
}

// firstPages reads the first page of each history, a few at a time.
func (c *Cache) firstPages(ctx context.Context, keys []Key) error {
	return c.forEach(ctx, keys, func(k Key) error {
		_, _, err := c.RefineStep(ctx, k)
		return err
	})
}

// Hint tells the cache a history's last step before it is fetched (the
// run's latest metric, which run lists already hold): progress then has a
// total before any page arrives, and a long history is probed rather than
// sampled whole for its first paint.
func (c *Cache) Hint(k Key, lastStep int64) {
	e := c.entry(k)
	e.mu.Lock()
	if !e.loaded {
		e.lastStep, e.hinted = lastStep, true
		if e.estimate == 0 && lastStep >= 0 {
			e.estimate = int(min(lastStep+1, 1<<40))
		}
	}
	e.mu.Unlock()
}

// hintedLast is a history's hinted last step.
func (c *Cache) hintedLast(k Key) (int64, bool) {
	e := c.entry(k)
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.lastStep, e.hinted
}

// maxRunsPerCall is get-history-bulk-interval's limit on run IDs.
const maxRunsPerCall = 100

// sample fetches the first paint for runs from a server: long histories
// (by their hinted last step) through probe windows, the others as one
// sample of the whole range, 100 runs per call.
func (c *Cache) sample(ctx context.Context, runIDs []string, metric string) error {
	var whole, long []string
	hi := int64(0)
	for _, id := range runIDs {
		last, ok := c.hintedLast(Key{id, metric})
		if ok && c.opts.ProbeAbove > 0 && last > c.opts.ProbeAbove {
			long = append(long, id)
			hi = max(hi, last)
			continue
		}
		whole = append(whole, id)
	}
	if len(long) > 0 {
		missed, err := c.probe(ctx, long, metric, hi)
		if err != nil {
			return err
		}
		whole = append(whole, missed...)
	}
	return c.sampleWhole(ctx, whole, metric)
}

// sampleWhole samples each history's whole range, 100 runs per call.
func (c *Cache) sampleWhole(ctx context.Context, runIDs []string, metric string) error {
	for start := 0; start < len(runIDs); start += maxRunsPerCall {
		batch := runIDs[start:min(start+maxRunsPerCall, len(runIDs))]
		ms, err := c.store.SampledHistory(ctx, client.SampledQuery{RunIDs: batch, Key: metric, MaxResults: c.opts.SampleSize})
		if err != nil {
			return fmt.Errorf("sampled history of %s for %d runs: %w", metric, len(batch), err)
		}
		byRun := groupByRun(ms, batch)
		for _, id := range batch {
			rows := byRun[id]
			e := c.entry(Key{id, metric})
			e.mu.Lock()
			if !e.loaded || e.quality != Exact {
				q := Sampled
				if len(rows) < c.opts.SampleSize {
					q = Exact // the sample is the whole history
				}
				sortHistoryOrder(rows)
				e.set(Points{}.appendMetrics(rows), q)
				e.estimate = estimate(rows, q)
			}
			e.mu.Unlock()
		}
	}
	return nil
}

// groupByRun splits bulk rows by run. Rows without a run ID (a backend that
// leaves it out) can only be attributed when one run was asked for.
func groupByRun(ms []client.Metric, runIDs []string) map[string][]client.Metric {
	out := make(map[string][]client.Metric, len(runIDs))
	for _, m := range ms {
		id := m.RunID
		if id == "" && len(runIDs) == 1 {
			id = runIDs[0]
		}
		out[id] = append(out[id], m)
	}
	return out
}

// estimate guesses a history's length from its sample: one point per step
// over the sampled step span, the common case for training loops.
func estimate(rows []client.Metric, q Quality) int {
	if q == Exact || len(rows) == 0 {
		return len(rows)
	}
	lo, hi := rows[0].Step, rows[0].Step
	for _, m := range rows {
		lo, hi = min(lo, m.Step), max(hi, m.Step)
	}
	return max(int(hi-lo+1), len(rows))
}
