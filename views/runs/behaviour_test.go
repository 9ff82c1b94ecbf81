package runs_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mltui/client"
	"mltui/config"
	"mltui/internal/screentest"
	"mltui/views"
)

// gated holds back every page after the first until released.
type gated struct {
	*screentest.Store
	release chan struct{}
}

func (g *gated) SearchRuns(ctx context.Context, q client.RunQuery) (client.Page[client.Run], error) {
	if q.PageToken != "" {
		select {
		case <-g.release:
		case <-ctx.Done():
			return client.Page[client.Run]{}, ctx.Err()
		}
	}
	return g.Store.SearchRuns(ctx, q)
}

func bigStore(n int) *screentest.Store {
	s := &screentest.Store{Info: client.ServerInfo{Kind: "rest", URI: "http://mlflow.test"}}
	s.Experiments = []client.Experiment{{ID: "9", Name: "big", LifecycleStage: "active"}}
	for i := range n {
		s.Runs = append(s.Runs, client.Run{Info: client.RunInfo{
			RunID: fmt.Sprintf("%032x", i+1), RunName: fmt.Sprintf("run-%05d", i), ExperimentID: "9",
			Status: client.StatusFinished, StartTime: screentest.Now.Add(-time.Duration(i) * time.Minute).UnixMilli(),
			LifecycleStage: "active",
		}, Data: client.RunData{Metrics: []client.Metric{{Key: "loss", Value: float64(i)}}}})
	}
	return s
}

// firstPageWhileLoading waits for the first page on screen with the rest
// still loading.
func firstPageWhileLoading(t *testing.T, s *screentest.Session) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	frame := ""
	for time.Now().Before(deadline) {
		frame = s.Screen()
		if strings.Contains(frame, "loading… 200 runs (page 2)") && strings.Contains(frame, "run-00000") {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the first page should be on screen while page 2 loads:\n%s", frame)
}

// The first page shows while the rest are still on their way.
func TestFirstPageShowsBeforeTheRest(t *testing.T) {
	g := &gated{Store: bigStore(2500), release: make(chan struct{})}
	s := screentest.Start(t, g, 80, 24, screentest.Options{Start: views.OpenMsg{Kind: views.KindRuns, ExperimentName: "big"}})
	firstPageWhileLoading(t, s)
	close(g.release)
	s.WaitFor("2,500 runs")
}

// Choosing columns saves them for the experiment; the next visit uses them.
func TestColumnChoiceIsRemembered(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	o := screentest.Options{Start: views.OpenMsg{Kind: views.KindRuns, ExperimentName: "iris-classification"}, Config: cfg}
	s := screentest.Start(t, screentest.DemoStore(t), 120, 30, o)
	s.WaitFor("rf-stump", "accuracy")
	s.Keys("C")
	s.WaitFor("columns for")
	s.Keys("space", "enter") // the first item is the first metric shown: accuracy
	s.WaitFor("columns saved")

	saved, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	cols := saved.Columns["1"]
	if slices.Contains(cols.Metrics, "accuracy") || !slices.Contains(cols.Metrics, "f1_macro") {
		t.Fatalf("saved columns %+v: accuracy unticked, the rest kept", cols)
	}

	o.Config = saved
	s2 := screentest.Start(t, screentest.DemoStore(t), 120, 30, o)
	frame := s2.WaitFor("rf-stump", "f1_macro")
	header := ""
	for _, l := range strings.Split(frame, "\n") {
		if strings.Contains(l, "NAME") {
			header = l
		}
	}
	if strings.Contains(header, "accuracy") {
		t.Errorf("the remembered columns leave accuracy out: %q", header)
	}
}

// Marked runs go to the chart screen (whichever is registered) in
// marking order.
func TestChartOfMarkedRuns(t *testing.T) {
	s := screentest.Start(t, screentest.DemoStore(t), 100, 30, screentest.Options{Start: views.OpenMsg{Kind: views.KindRuns, ExperimentName: "iris-classification"}})
	s.WaitFor("rf-stump")
	s.Keys("space", "space")
	s.WaitFor("2 marked")
	ids := s.M.Shared().Marks.IDs()
	if len(ids) != 2 {
		t.Fatalf("marks %v", ids)
	}
	s.Keys("c")
	deadline := time.Now().Add(10 * time.Second)
	frame := s.Screen()
	for strings.Contains(frame, "DURATION") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		frame = s.Screen()
	}
	if strings.Contains(frame, "DURATION") {
		t.Fatalf("c should leave the runs table for the chart:\n%s", frame)
	}
	s.WaitFor("rf-entropy-50", "rf-stump")
}

// wideGated is a tracking server that gains from going wide; it holds back
// every search after the first until released and records their filters.
type wideGated struct {
	gated
	mu      sync.Mutex
	filters []string
}

func (w *wideGated) GoesWide() bool { return true }

func (w *wideGated) SearchRuns(ctx context.Context, q client.RunQuery) (client.Page[client.Run], error) {
	w.mu.Lock()
	w.filters = append(w.filters, q.Filter)
	later := len(w.filters) > 1
	w.mu.Unlock()
	if later {
		select {
		case <-w.release:
		case <-ctx.Done():
			return client.Page[client.Run]{}, ctx.Err()
		}
	}
	return w.Store.SearchRuns(ctx, q)
}

// On a tracking server the runs after the first page come by start_time
// ranges at once; the first page still paints first and the table ends up
// whole and in the server's order.
func TestRestOfTheRunsGoWide(t *testing.T) {
	big := bigStore(2500)
	w := &wideGated{gated: gated{Store: big, release: make(chan struct{})}}
	s := screentest.Start(t, w, 80, 24, screentest.Options{Start: views.OpenMsg{Kind: views.KindRuns, ExperimentName: "big"}})
	firstPageWhileLoading(t, s)
	close(w.release)
	s.WaitFor("2,500 runs")
	s.Keys("G")
	frame := s.WaitFor("run-02499")
	if !strings.Contains(frame, "run-02498") {
		t.Fatalf("the last runs are in start order at the bottom:\n%s", frame)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	ranged := 0
	for _, f := range w.filters {
		if strings.Contains(f, "start_time") {
			ranged++
		}
	}
	if ranged < 2 {
		t.Fatalf("the rest should come by start_time ranges, got filters %q", w.filters)
	}
}
