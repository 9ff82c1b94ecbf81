package history

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"mltui/client"
)

func TestFirstShortHistoryIsExactInOneCall(t *testing.T) {
	s := newMemStore()
	s.log("a", "loss", steps(0, 60, func(i int) float64 { return float64(60 - i) })...)
	c := New(s, Options{})
	snaps, err := c.First(context.Background(), []string{"a"}, "loss")
	if err != nil {
		t.Fatal(err)
	}
	if snaps[0].Quality != Exact || snaps[0].Points.Len() != 60 || s.sampledCalls.Load() != 1 || s.pageCalls.Load() != 0 {
		t.Fatalf("quality %v, %d points, %d sampled calls, %d page calls", snaps[0].Quality, snaps[0].Points.Len(), s.sampledCalls.Load(), s.pageCalls.Load())
	}
	// Cached: no second call.
	if _, err := c.First(context.Background(), []string{"a"}, "loss"); err != nil || s.sampledCalls.Load() != 1 {
		t.Fatalf("second First called the store again (%d calls, err %v)", s.sampledCalls.Load(), err)
	}
}

func TestFirstBatchesRunsAndSamplesLongHistories(t *testing.T) {
	for _, stepSampling := range []bool{false, true} {
		s := newMemStore()
		s.stepSampling = stepSampling
		var ids []string
		for i := range 150 {
			id := string(rune('A'+i/26)) + string(rune('a'+i%26))
			ids = append(ids, id)
			n := 10
			if i == 7 {
				n = 5000
			}
			s.log(id, "loss", steps(0, n, flat)...)
		}
		c := New(s, Options{SampleSize: 1000})
		snaps, err := c.First(context.Background(), ids, "loss")
		if err != nil {
			t.Fatal(err)
		}
		if got := s.sampledCalls.Load(); got != 2 {
			t.Fatalf("%d bulk calls for 150 runs, want 2 (100 per call)", got)
		}
		for i, sn := range snaps {
			if sn.RunID != ids[i] {
				t.Fatalf("snapshot %d is run %s, want %s", i, sn.RunID, ids[i])
			}
			want := Exact
			if i == 7 {
				want = Sampled
			}
			if sn.Quality != want {
				t.Fatalf("step sampling %v: run %d quality %v want %v (%d points)", stepSampling, i, sn.Quality, want, sn.Points.Len())
			}
		}
		if snaps[7].Estimate != 5000 {
			t.Fatalf("estimate %d, want 5000 from the step span", snaps[7].Estimate)
		}
	}
}

func TestRefineReadsEveryPointAndResumesAfterCancel(t *testing.T) {
	s := newMemStore()
	spike := 4321
	s.log("a", "loss", steps(0, 10_000, func(i int) float64 {
		if i == spike {
			return 100
		}
		return 1
	})...)
	c := New(s, Options{SampleSize: 500, PageSize: 1000})
	ctx := context.Background()
	snaps, _ := c.First(ctx, []string{"a"}, "loss")
	if snaps[0].Quality != Sampled {
		t.Fatal("expected a sample")
	}
	k := Key{"a", "loss"}
	for range 3 {
		if _, done, err := c.RefineStep(ctx, k); err != nil || done {
			t.Fatalf("step: done %v err %v", done, err)
		}
	}
	// A cancelled page neither loses nor repeats what was read.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	s.block = make(chan struct{})
	if _, _, err := c.RefineStep(cctx, k); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled step: %v", err)
	}
	s.block = nil
	snap, _ := c.Get(k)
	if !snap.Fetching || snap.Fetched != 3000 || snap.Quality != Sampled {
		t.Fatalf("after cancel: fetching %v fetched %d quality %v", snap.Fetching, snap.Fetched, snap.Quality)
	}
	var progress []int
	snap, err := c.Refine(ctx, k, func(s Snapshot) { progress = append(progress, s.Fetched) })
	if err != nil {
		t.Fatal(err)
	}
	if snap.Quality != Exact || snap.Points.Len() != 10_000 || snap.Fetching {
		t.Fatalf("refined: %v %d points", snap.Quality, snap.Points.Len())
	}
	if len(progress) == 0 || progress[0] != 4000 {
		t.Fatalf("progress %v should continue from 3000", progress)
	}
	if snap.Points.Values[spike] != 100 || snap.Points.Steps[spike] != int64(spike) {
		t.Fatal("refined history lost the spike")
	}
	// 3 pages, the cancelled one, then the remaining 7.
	if got := s.pageCalls.Load(); got != 11 {
		t.Fatalf("%d page calls, want 11", got)
	}
}

func TestRefineErrorKeepsSampleAndRetries(t *testing.T) {
	s := newMemStore()
	s.log("a", "loss", steps(0, 3000, flat)...)
	c := New(s, Options{SampleSize: 100, PageSize: 1000})
	ctx := context.Background()
	c.First(ctx, []string{"a"}, "loss")
	s.failPages.Store(1)
	_, err := c.Refine(ctx, Key{"a", "loss"}, nil)
	if client.KindOf(err) != client.KindUnavailable {
		t.Fatalf("error %v, want the store's unavailable error", err)
	}
	if snap, _ := c.Get(Key{"a", "loss"}); snap.Points.Len() != 100 || snap.Quality != Sampled {
		t.Fatalf("sample lost after an error: %d points", snap.Points.Len())
	}
	snap, err := c.Refine(ctx, Key{"a", "loss"}, nil)
	if err != nil || snap.Points.Len() != 3000 {
		t.Fatalf("retry: %v, %d points", err, snap.Points.Len())
	}
}

func TestRefineAllBoundsConcurrency(t *testing.T) {
	s := newMemStore()
	var keys []Key
	for i := range 12 {
		id := string(rune('a' + i))
		s.log(id, "loss", steps(0, 50, flat)...)
		keys = append(keys, Key{id, "loss"})
	}
	s.block = make(chan struct{})
	c := New(s, Options{Concurrency: 3})
	done := make(chan error)
	var mu sync.Mutex
	finished := 0
	go func() {
		done <- c.RefineAll(context.Background(), keys, func(sn Snapshot) {
			mu.Lock()
			finished++
			mu.Unlock()
		})
	}()
	time.Sleep(50 * time.Millisecond)
	close(s.block)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if m := s.maxInFlight.Load(); m != 3 {
		t.Fatalf("max concurrent page calls %d, want 3", m)
	}
	if finished != 12 {
		t.Fatalf("%d finished, want 12", finished)
	}
	for _, k := range keys {
		if sn, _ := c.Get(k); sn.Quality != Exact || sn.Points.Len() != 50 {
			t.Fatalf("%v: %v %d", k, sn.Quality, sn.Points.Len())
		}
	}
}

func TestLocalReadsEveryPointWithoutSampling(t *testing.T) {
	s := newMemStore()
	s.log("a", "loss", steps(0, 250_000, flat)...)
	s.log("b", "loss", steps(0, 500, flat)...)
	c := New(s, Options{Local: true})
	ctx := context.Background()
	c.Hint(Key{"a", "loss"}, 249_999)
	snaps, err := c.First(ctx, []string{"a", "b"}, "loss")
	if err != nil {
		t.Fatal(err)
	}
	// First shows the first page of every point; a short history is whole.
	a, b := snaps[0], snaps[1]
	if !a.Partial || a.Quality == Exact || a.Points.Len() != 100_000 || !a.Fetching || a.Estimate != 250_000 {
		t.Fatalf("local first page: partial %v %v %d points, estimate %d", a.Partial, a.Quality, a.Points.Len(), a.Estimate)
	}
	if a.Points.Steps[99_999] != 99_999 {
		t.Fatal("the first page is not the start of the history")
	}
	if b.Partial || b.Quality != Exact || b.Points.Len() != 500 {
		t.Fatalf("short local history: partial %v %v %d", b.Partial, b.Quality, b.Points.Len())
	}
	// Tail and Range leave a history being read alone.
	if _, changed, _ := c.Tail(ctx, a.Key); changed {
		t.Fatal("tail changed a history being read")
	}
	if _, err := c.Range(ctx, []Key{a.Key}, 10, 20); err != nil {
		t.Fatal(err)
	}
	full, err := c.Refine(ctx, a.Key, nil)
	if err != nil || full.Quality != Exact || full.Partial || full.Points.Len() != 250_000 {
		t.Fatalf("refined: %v %v partial %v %d", err, full.Quality, full.Partial, full.Points.Len())
	}
	if got := s.sampledCalls.Load(); got != 0 {
		t.Fatalf("%d sampled calls on a local store", got)
	}
	// The first snapshot still reads as it was.
	if a.Points.Len() != 100_000 || a.Points.Steps[0] != 0 {
		t.Fatal("an earlier snapshot changed")
	}
}

func TestTailAppendsOnlyNewPoints(t *testing.T) {
	s := newMemStore()
	s.log("a", "loss", steps(0, 100, flat)...)
	c := New(s, Options{SampleSize: 500})
	ctx := context.Background()
	k := Key{"a", "loss"}
	first, _ := c.First(ctx, []string{"a"}, "loss")
	if _, changed, err := c.Tail(ctx, k); err != nil || changed {
		t.Fatalf("tail with nothing new: changed %v err %v", changed, err)
	}
	s.log("a", "loss", steps(100, 30, func(i int) float64 { return float64(i) })...)
	snap, changed, err := c.Tail(ctx, k)
	if err != nil || !changed || snap.Points.Len() != 130 || snap.Quality != Exact || snap.Rev == first[0].Rev {
		t.Fatalf("tail: changed %v err %v, %d points, %v", changed, err, snap.Points.Len(), snap.Quality)
	}
	if snap.Points.Steps[129] != 129 || snap.Points.Values[129] != 129 {
		t.Fatal("tail points out of order")
	}
	// The earlier snapshot still reads as it was.
	if first[0].Points.Len() != 100 || first[0].Points.Steps[99] != 99 {
		t.Fatal("an earlier snapshot changed")
	}
	// Too many new points for one answer: sampled again, then refined.
	s.log("a", "loss", steps(130, 2000, flat)...)
	snap, changed, _ = c.Tail(ctx, k)
	if !changed || snap.Quality != Sampled || snap.Points.Len() >= 2130 {
		t.Fatalf("big tail: %v %d points", snap.Quality, snap.Points.Len())
	}
	if max, _ := snap.Points.MaxStep(); max != 2129 {
		t.Fatalf("big tail lost the last step: %d", max)
	}
	snap, err = c.Refine(ctx, k, nil)
	if err != nil || snap.Quality != Exact || snap.Points.Len() != 2130 {
		t.Fatalf("refine after big tail: %v %v %d", err, snap.Quality, snap.Points.Len())
	}
}

func TestTailOfRunWithoutPointsYet(t *testing.T) {
	s := newMemStore()
	c := New(s, Options{})
	ctx := context.Background()
	if snaps, err := c.First(ctx, []string{"a"}, "loss"); err != nil || snaps[0].Points.Len() != 0 {
		t.Fatalf("empty first: %v", err)
	}
	s.log("a", "loss", steps(0, 5, flat)...)
	snap, changed, err := c.Tail(ctx, Key{"a", "loss"})
	if err != nil || !changed || snap.Points.Len() != 5 || snap.Quality != Exact {
		t.Fatalf("first points of a new run: %v %v %d", err, changed, snap.Points.Len())
	}
}

func TestRangeMergesExactWindowAndSkipsExact(t *testing.T) {
	s := newMemStore()
	spike := 7777
	s.log("a", "loss", steps(0, 20_000, func(i int) float64 {
		if i == spike {
			return 50
		}
		return 1
	})...)
	s.log("b", "loss", steps(0, 10, flat)...)
	c := New(s, Options{SampleSize: 1000})
	ctx := context.Background()
	c.First(ctx, []string{"a", "b"}, "loss")
	calls := s.sampledCalls.Load()
	snaps, err := c.Range(ctx, []Key{{"a", "loss"}, {"b", "loss"}}, 7500, 8000)
	if err != nil {
		t.Fatal(err)
	}
	if s.sampledCalls.Load() != calls+1 {
		t.Fatal("range should be one call, and only for the sampled run")
	}
	a := snaps[0].Points
	found, inWindow := false, 0
	for i, st := range a.Steps {
		if st >= 7500 && st <= 8000 {
			inWindow++
		}
		if st == int64(spike) && a.Values[i] == 50 {
			found = true
		}
	}
	if !found || inWindow != 501 || snaps[0].Quality != Sampled {
		t.Fatalf("window: spike %v, %d points in window (want all 501)", found, inWindow)
	}
	// History order is kept: timestamps never decrease.
	for i := 1; i < a.Len(); i++ {
		if a.Times[i] < a.Times[i-1] {
			t.Fatalf("out of order at %d", i)
		}
	}
	if _, err := c.Range(ctx, []Key{{"b", "loss"}}, 0, 5); err != nil || s.sampledCalls.Load() != calls+1 {
		t.Fatal("range over an exact history called the store")
	}
}

func TestConcurrentTailAndReadersDoNotRace(t *testing.T) {
	s := newMemStore()
	s.log("a", "loss", steps(0, 10, flat)...)
	c := New(s, Options{})
	ctx := context.Background()
	c.First(ctx, []string{"a"}, "loss")
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 10; i < 200; i++ {
			s.log("a", "loss", steps(i, 1, flat)...)
			c.Tail(ctx, Key{"a", "loss"})
		}
		close(stop)
	}()
	sum := 0.0
	for {
		select {
		case <-stop:
			wg.Wait()
			if sn, _ := c.Get(Key{"a", "loss"}); sn.Points.Len() != 200 {
				t.Fatalf("%d points after tailing, want 200", sn.Points.Len())
			}
			_ = sum
			return
		default:
			sn, _ := c.Get(Key{"a", "loss"})
			for _, v := range sn.Points.Values {
				sum += v
			}
		}
	}
}

func TestRepeatedPageTokenStops(t *testing.T) {
	c := New(loopStore{}, Options{})
	_, err := c.Refine(context.Background(), Key{"a", "loss"}, nil)
	if client.KindOf(err) != client.KindNotMLflow {
		t.Fatalf("err %v, want a not-MLflow error for a repeating token", err)
	}
}

// loopStore answers every page with the same token (MLflow 3.4–3.13 did
// this when max_results was missing).
type loopStore struct{ client.Tracking }

func (loopStore) MetricHistoryPage(context.Context, client.HistoryQuery) (client.Page[client.Metric], error) {
	return client.Page[client.Metric]{NextPageToken: "eyJvZmZzZXQiOiAwfQ=="}, nil
}

func TestLongHistoriesArePaintedFromProbeWindows(t *testing.T) {
	s := newMemStore()
	s.log("dense", "loss", steps(0, 100_000, func(i int) float64 { return float64(i) })...)
	var sparse []client.Metric
	for i := range 100 {
		sparse = append(sparse, client.Metric{Step: int64(i * 1000), Timestamp: int64(i), Value: 1})
	}
	s.log("sparse", "loss", sparse...)
	c := New(s, Options{})
	c.Hint(Key{"dense", "loss"}, 99_999)
	c.Hint(Key{"sparse", "loss"}, 99_000)
	snaps, err := c.First(context.Background(), []string{"dense", "sparse"}, "loss")
	if err != nil {
		t.Fatal(err)
	}
	d := snaps[0]
	if d.Quality != Sampled || d.Points.Len() != 8*256 {
		t.Fatalf("dense: %v with %d points, want 8 windows of 256", d.Quality, d.Points.Len())
	}
	if lo, hi, _ := d.Points.StepSpan(); lo != 0 || hi != 99_999 {
		t.Fatalf("windows span %d..%d, want the whole range 0..99999", lo, hi)
	}
	// The sparse run has too few points in the windows: sampled whole
	// (and, being short, exact).
	if sp := snaps[1]; sp.Quality != Exact || sp.Points.Len() != 100 {
		t.Fatalf("sparse: %v with %d points", sp.Quality, sp.Points.Len())
	}
	if got := s.sampledCalls.Load(); got != 8+1 {
		t.Fatalf("%d calls, want 8 windows (both runs in each) and one whole sample", got)
	}
	// Without a hint there is nothing to probe by: one whole sample.
	c2 := New(s, Options{})
	if snaps, _ := c2.First(context.Background(), []string{"dense"}, "loss"); snaps[0].Points.Len() != 2500 {
		t.Fatalf("unhinted: %d points, want the 2500-row sample", snaps[0].Points.Len())
	}
}

// Revisions are the cache's own, and a renewed cache (a reload) goes on
// from them: a renderer keyed by (run, Rev) must not take a re-fetched
// history for the one it drew before.
func TestRenewedCacheContinuesRevisions(t *testing.T) {
	s := newMemStore()
	s.log("a", "loss", steps(0, 10, func(i int) float64 { return float64(i) })...)
	first := func(c *Cache) uint64 {
		snaps, err := c.First(context.Background(), []string{"a"}, "loss")
		if err != nil {
			t.Fatal(err)
		}
		return snaps[0].Rev
	}
	c := New(s, Options{})
	r1 := first(c)
	if other := first(New(s, Options{})); other != r1 {
		t.Errorf("two fresh caches number alike (no shared counter): %d vs %d", other, r1)
	}
	if r2 := first(c.Renew(s)); r2 <= r1 {
		t.Errorf("renewed cache's revision %d must follow %d", r2, r1)
	}
}
