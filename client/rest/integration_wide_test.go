package rest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"mltui/client"
	"mltui/testenv"
)

// TestIntegrationWideWalkMatchesPython lists a 10,000-run experiment on the seed's server
// (PostgreSQL, --workers 4) going wide, four searches at once, while the Python client adds runs,
// and expects the Python client's own walk of the same search: the same runs in the same order
// (ties of three runs to a millisecond included), none repeated, none missing; every run that was
// there when the walk began, and not those that arrived after its first page.
func TestIntegrationWideWalkMatchesPython(t *testing.T) {
	srv, many := testenv.PostgresManyRunsServer(t)
	if many.Runs != testenv.ManyRunsCount {
		t.Fatalf("seeded %d runs, want %d", many.Runs, testenv.ManyRunsCount)
	}
	t.Logf("the Python client wrote %d runs in %.1f s", many.Runs, many.Seconds)
	c := integrationClient(t, srv.URL, nil)
	if !c.GoesWide() {
		t.Fatal("a tracking server should go wide")
	}
	cases := []struct {
		name    string
		filter  string
		orderBy []string
		inserts bool // whether runs arrive during the walk (new runs start now, outside every range)
	}{
		{"default order", "", nil, true},
		{"start_time ASC", "", []string{"attributes.start_time ASC"}, true},
		{"filtered", "tags.group = 'a'", []string{"attributes.start_time DESC"}, true},
		// Not a start_time order: walked by token, still the server's order.
		{"metric order", "", []string{"metrics.score DESC"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Runs added by earlier cases are in the experiment too, and in want as well.
			want, _ := testenv.PythonWalk(t, srv.URL, many.ExperimentID, tc.filter, tc.orderBy, 1)
			if len(want) < testenv.ManyRunsCount/2 {
				t.Fatalf("the Python walk found %d runs", len(want))
			}
			q := client.RunQuery{ExperimentIDs: []string{many.ExperimentID}, Filter: tc.filter, OrderBy: tc.orderBy}
			if !tc.inserts {
				runs, err := client.WalkRuns(ctxT(t), c, q, client.WideFor(c, 4))
				if err != nil {
					t.Fatal(err)
				}
				if got := runIDs(runs); !slices.Equal(got, want) {
					t.Fatalf("walk differs from the Python client's: %s", firstDifference(got, want))
				}
				return
			}
			in := testenv.StartInserter(t, srv.URL, many.ExperimentID)
			before := in.Count() // on the server before the walk starts: the walk must count them
			runs, err := client.WalkRuns(ctxT(t), c, q, client.WideFor(c, 4))
			if err != nil {
				t.Fatal(err)
			}
			inserted := in.Stop(t)
			got := runIDs(runs)
			// The server's order after the inserts; the walk is that order as of its first page:
			// a prefix (ascending) or a suffix (descending) of it, new runs sitting at the new end.
			after, _ := testenv.PythonWalk(t, srv.URL, many.ExperimentID, tc.filter, tc.orderBy, 1)
			desc, _ := client.WideOrder(tc.orderBy)
			var server []string
			if k := len(after) - len(got); k < 0 {
				t.Fatalf("the walk found %d runs, the server holds %d", len(got), len(after))
			} else if desc {
				server = after[k:]
			} else {
				server = after[:len(got)]
			}
			if !slices.Equal(got, server) {
				t.Fatalf("wide walk differs from the Python client's: %s", firstDifference(got, server))
			}
			counted := len(got) - len(want)
			t.Logf("%d runs arrived: %d before the walk, %d counted by it", inserted, before, counted)
			if counted < before {
				t.Fatalf("the walk counted %d new runs, but %d were on the server before it started", counted, before)
			}
			if counted >= inserted {
				t.Fatalf("all %d runs made during the walk were counted: none arrived after its first page, the test proves nothing", inserted)
			}
		})
	}
}

func runIDs(runs []client.Run) []string {
	ids := make([]string, len(runs))
	for i, r := range runs {
		ids[i] = r.Info.RunID
	}
	return ids
}

// firstDifference says where two run-ID lists part.
func firstDifference(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("at %d: %s, Python %s (lengths %d and %d)", i, got[i], want[i], len(got), len(want))
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(got), len(want))
}

// TestIntegrationWideWalkWorkerKilled kills one of the server's four workers (SIGKILL, as the OOM
// killer would) while a wide walk has searches in flight: the walk retries the lost requests and
// returns exactly the Python client's runs, or reports an error; it never returns fewer runs.
func TestIntegrationWideWalkWorkerKilled(t *testing.T) {
	srv, many := testenv.PostgresManyRunsServer(t)
	want, _ := testenv.PythonWalk(t, srv.URL, many.ExperimentID, "", nil, 1)
	if n := len(srv.Workers(t)); n != 4 {
		t.Fatalf("the server runs %d workers, want 4", n)
	}
	c := integrationClient(t, srv.URL, nil)
	// The fourth search is the walk's third range: the first ranges are in flight by then.
	killer := &killOnSearch{Tracking: c, at: 4, kill: func() (int, int) { return srv.KillWorker(t) }}
	q := client.RunQuery{ExperimentIDs: []string{many.ExperimentID}}
	var retries atomic.Int64
	ctx := client.WithRetryObserver(ctxT(t), func(e client.RetryEvent) {
		retries.Add(1)
		t.Logf("retry %d/%d of %s: %s", e.Attempt, e.Max, e.Op, e.Reason)
	})
	runs, err := client.WalkRuns(ctx, killer, q, client.WideOptions{Concurrency: 4})
	if killer.killed == 0 {
		t.Fatalf("the walk made %d searches and ended before the kill", killer.calls.Load())
	}
	t.Logf("killed worker %d (holding %d client connections) at search %d of %d; %d requests retried",
		killer.killed, killer.conns, killer.at, killer.calls.Load(), retries.Load())
	if err != nil {
		var ce *client.Error
		if !errors.As(err, &ce) {
			t.Fatalf("the walk failed without saying why in the client's terms: %v", err)
		}
		t.Logf("the walk reported: %v", err)
	} else if got := runIDs(runs); !slices.Equal(got, want) {
		t.Fatalf("after a worker died the walk differs from the Python client's: %s", firstDifference(got, want))
	}
	// The server replaces the worker; a walk afterwards is whole.
	runs, err = client.WalkRuns(ctxT(t), c, q, client.WideOptions{Concurrency: 4})
	if err != nil {
		t.Fatalf("a walk after the worker died: %v", err)
	}
	if got := runIDs(runs); !slices.Equal(got, want) {
		t.Fatalf("a walk after the worker died differs: %s", firstDifference(got, want))
	}
	t.Logf("workers now: %v", srv.Workers(t))
}

// killOnSearch kills a server worker just before its at-th search goes out, while the searches
// before it (the wide walk's first ranges) are in flight.
type killOnSearch struct {
	client.Tracking
	at     int64
	kill   func() (int, int)
	calls  atomic.Int64
	mu     sync.Mutex
	killed int
	conns  int
}

func (k *killOnSearch) SearchRuns(ctx context.Context, q client.RunQuery) (client.Page[client.Run], error) {
	if k.calls.Add(1) == k.at {
		k.mu.Lock()
		k.killed, k.conns = k.kill()
		k.mu.Unlock()
	}
	return k.Tracking.SearchRuns(ctx, q)
}
