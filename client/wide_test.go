package client_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mltui/client"
	"mltui/client/search"
)

// memRuns answers runs/search over a slice with the same filter, order and
// offset tokens the local stores use; the MLflow servers are checked in
// the integration tests. Hooks let a test add runs or fail mid-walk.
type memRuns struct {
	client.Tracking
	mu       sync.Mutex
	runs     []client.Run
	calls    atomic.Int64
	inFlight atomic.Int64
	maxIn    atomic.Int64
	before   func(call int64) error // runs before each search; an error fails it
	delay    time.Duration
}

func (m *memRuns) SearchRuns(ctx context.Context, q client.RunQuery) (client.Page[client.Run], error) {
	n := m.calls.Add(1)
	in := m.inFlight.Add(1)
	defer m.inFlight.Add(-1)
	for {
		old := m.maxIn.Load()
		if in <= old || m.maxIn.CompareAndSwap(old, in) {
			break
		}
	}
	if m.before != nil {
		if err := m.before(n); err != nil {
			return client.Page[client.Run]{}, err
		}
	}
	time.Sleep(m.delay)
	clauses, order, err := search.ParseRunQuery(q)
	if err != nil {
		return client.Page[client.Run]{}, err
	}
	m.mu.Lock()
	var hit []client.Run
	for _, r := range m.runs {
		if search.MatchRun(clauses, r) {
			hit = append(hit, r)
		}
	}
	m.mu.Unlock()
	search.SortRuns(hit, order)
	return search.Paginate(hit, q.PageToken, q.MaxResults)
}

func (m *memRuns) add(r client.Run) {
	m.mu.Lock()
	m.runs = append(m.runs, r)
	m.mu.Unlock()
}

// runsAt makes n runs with start times drawn from a narrow window, so many
// share a millisecond, plus one instant shared by more than a page.
func runsAt(n int, seed uint64, crowd int) []client.Run {
	rng := rand.New(rand.NewPCG(seed, 7))
	var out []client.Run
	for i := range n {
		t := int64(1_700_000_000_000 + rng.IntN(n/2+1))
		if i < crowd {
			t = 1_700_000_000_000 + int64(n/4)
		}
		out = append(out, client.Run{Info: client.RunInfo{
			RunID: fmt.Sprintf("%032x", rng.Uint64()), StartTime: t, Status: client.StatusFinished,
			LifecycleStage: "active", ExperimentID: "1",
		}, Data: client.RunData{Params: []client.Param{{Key: "even", Value: fmt.Sprint(i%2 == 0)}}}})
	}
	return out
}

func ids(runs []client.Run) []string {
	out := make([]string, len(runs))
	for i, r := range runs {
		out[i] = r.Info.RunID
	}
	return out
}

func sequential(t *testing.T, s client.Tracking, q client.RunQuery) []string {
	t.Helper()
	all, err := client.AllRuns(context.Background(), s, q)
	if err != nil {
		t.Fatal(err)
	}
	return ids(all)
}

func TestWideWalkMatchesSequentialOrder(t *testing.T) {
	m := &memRuns{runs: runsAt(3000, 1, 250)}
	for _, c := range []struct {
		name    string
		orderBy []string
		filter  string
	}{
		{"default order", nil, ""},
		{"start_time DESC", []string{"attributes.start_time DESC"}, ""},
		{"start_time ASC", []string{"start_time ASC"}, ""},
		{"start_time then run_id", []string{"attributes.start_time DESC", "attributes.run_id DESC"}, ""},
		{"with a filter", nil, "params.even = 'true'"},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := client.RunQuery{ExperimentIDs: []string{"1"}, OrderBy: c.orderBy, Filter: c.filter, MaxResults: 100}
			want := sequential(t, m, q)
			got, err := client.WalkRuns(context.Background(), m, q, client.WideOptions{Concurrency: 4, PageSize: 100})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(got), want) {
				t.Fatalf("wide walk: %d runs, sequential %d; first difference at %d", len(got), len(want), firstDiff(ids(got), want))
			}
		})
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func TestWideWalkIsBoundedAndConcurrent(t *testing.T) {
	m := &memRuns{runs: runsAt(2000, 2, 0), delay: 2 * time.Millisecond}
	q := client.RunQuery{ExperimentIDs: []string{"1"}, MaxResults: 100}
	if _, err := client.WalkRuns(context.Background(), m, q, client.WideOptions{Concurrency: 3, PageSize: 100}); err != nil {
		t.Fatal(err)
	}
	if got := m.maxIn.Load(); got < 2 || got > 3 {
		t.Fatalf("searches in flight at most %d, want 2–3 (concurrency 3)", got)
	}
}

// Runs logged while the walk goes start after its first page: the result is
// the search as it stood then, each run once. Offset paging repeats runs.
func TestWideWalkWithConcurrentInserts(t *testing.T) {
	base := runsAt(2000, 3, 0)
	m := &memRuns{runs: slices.Clone(base)}
	q := client.RunQuery{ExperimentIDs: []string{"1"}, MaxResults: 100}
	want := sequential(t, m, q)
	m.calls.Store(0)
	next := int64(1_800_000_000_000)
	m.before = func(call int64) error {
		if call == 1 {
			return nil // the first page reads the search as it stands
		}
		for range 7 {
			next++
			m.add(client.Run{Info: client.RunInfo{RunID: fmt.Sprintf("new%029d", next), StartTime: next, LifecycleStage: "active", ExperimentID: "1"}})
		}
		return nil
	}
	got, err := client.WalkRuns(context.Background(), m, q, client.WideOptions{Concurrency: 4, PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(got), want) {
		t.Fatalf("wide walk under inserts: %d runs, want the %d there at its start (first difference at %d)", len(got), len(want), firstDiff(ids(got), want))
	}
	m.calls.Store(1)
	seq := sequential(t, m, q) // the same inserts, offset paging
	if dup := len(seq) - len(uniq(seq)); dup == 0 {
		t.Fatalf("offset paging under inserts repeated nothing; the test does not insert on top")
	}
}

func uniq(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return slices.Compact(c)
}

func TestWideWalkLimit(t *testing.T) {
	m := &memRuns{runs: runsAt(3000, 4, 0)}
	q := client.RunQuery{ExperimentIDs: []string{"1"}, MaxResults: 100}
	want := sequential(t, m, q)[:1234]
	got, err := client.WalkRuns(context.Background(), m, q, client.WideOptions{Concurrency: 4, PageSize: 100, Limit: 1234})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(got), want) {
		t.Fatalf("limit 1234: got %d runs, first difference at %d", len(got), firstDiff(ids(got), want))
	}
}

// A failed search mid-walk fails the walk: never fewer runs without a word.
func TestWideWalkReportsAFailedSearch(t *testing.T) {
	m := &memRuns{runs: runsAt(2000, 5, 0)}
	boom := &client.Error{Kind: client.KindUnavailable, Op: "search runs", Message: "worker died"}
	m.before = func(call int64) error {
		if call == 6 {
			return boom
		}
		return nil
	}
	got, err := client.WalkRuns(context.Background(), m, client.RunQuery{MaxResults: 100}, client.WideOptions{Concurrency: 4, PageSize: 100})
	if !errors.Is(err, boom) && client.KindOf(err) != client.KindUnavailable {
		t.Fatalf("walk with a failed search: %d runs, err %v; want the failure", len(got), err)
	}
}

// ignoresFilter is a server that drops the filter: the walk must refuse it.
type ignoresFilter struct{ *memRuns }

func (s ignoresFilter) SearchRuns(ctx context.Context, q client.RunQuery) (client.Page[client.Run], error) {
	q.Filter = ""
	return s.memRuns.SearchRuns(ctx, q)
}

func TestWideWalkRefusesAServerThatIgnoresTheRange(t *testing.T) {
	s := ignoresFilter{&memRuns{runs: runsAt(500, 6, 0)}}
	_, err := client.WalkRuns(context.Background(), s, client.RunQuery{MaxResults: 50}, client.WideOptions{Concurrency: 4, PageSize: 50})
	if client.KindOf(err) != client.KindNotMLflow {
		t.Fatalf("err %v, want KindNotMLflow", err)
	}
}

func TestWideOrder(t *testing.T) {
	for _, c := range []struct {
		in       []string
		desc, ok bool
	}{
		{nil, true, true},
		{[]string{"start_time DESC"}, true, true},
		{[]string{"attributes.start_time desc"}, true, true},
		{[]string{"`attributes`.`start_time`"}, false, false},
		{[]string{"attribute.start_time ASC"}, false, true},
		{[]string{"start_time"}, false, true},
		{[]string{"metrics.loss ASC"}, false, false},
		{[]string{"attributes.end_time DESC"}, false, false},
		{[]string{"start_time SIDEWAYS"}, false, false},
	} {
		desc, ok := client.WideOrder(c.in)
		if desc != c.desc || ok != c.ok {
			t.Errorf("WideOrder(%q) = %v, %v; want %v, %v", c.in, desc, ok, c.desc, c.ok)
		}
	}
}

// A search that panics in one of the walk's own goroutines becomes the
// walk's error: nothing above could recover it, and under serve --ssh the
// whole process (every session) would go.
func TestWideWalkTurnsAPanicIntoAnError(t *testing.T) {
	m := &memRuns{runs: runsAt(3000, 5, 0)}
	m.before = func(call int64) error {
		if call == 4 {
			var r *client.Run
			_ = r.Info.RunID // a nil dereference, as a malformed answer might cause
		}
		return nil
	}
	q := client.RunQuery{ExperimentIDs: []string{"1"}, MaxResults: 100}
	_, err := client.WalkRuns(context.Background(), m, q, client.WideOptions{Concurrency: 4, PageSize: 100})
	if err == nil || !strings.Contains(err.Error(), "internal error (a bug in mltui)") {
		t.Fatalf("a panicking search: %v", err)
	}
}
