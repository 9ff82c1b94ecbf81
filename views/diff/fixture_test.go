package diff

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/client"
	"mltui/theme"
	"mltui/views"
)

// memStore answers the two reads the diff screen makes from memory. The
// embedded nil Store makes any other call fail the test loudly (panic).
type memStore struct {
	client.Store
	runs    map[string]client.Run
	history map[string][]client.Metric // runID/key
	fail    map[string]error           // runID/key
	calls   int
}

func (s *memStore) GetRun(_ context.Context, id string) (client.Run, error) {
	r, ok := s.runs[id]
	if !ok {
		return client.Run{}, &client.Error{Kind: client.KindNotFound, Op: "runs/get", Message: "run " + id + " not found"}
	}
	return r, nil
}

func (s *memStore) MetricHistoryPage(_ context.Context, q client.HistoryQuery) (client.Page[client.Metric], error) {
	s.calls++
	if err := s.fail[q.RunID+"/"+q.Key]; err != nil {
		return client.Page[client.Metric]{}, err
	}
	return client.Page[client.Metric]{Items: s.history[q.RunID+"/"+q.Key]}, nil
}

var fixedNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// irisRuns are three RandomForest runs in the shape of the seed's
// iris-classification experiment: n_estimators and one long param differ.
func irisRuns() []client.Run {
	mk := func(id, name string, trees, start int64, acc, f1, loss float64, cols string) client.Run {
		r := client.Run{Info: client.RunInfo{RunID: id, RunName: name, ExperimentID: "1", UserID: "ana", Status: client.StatusFinished,
			StartTime: start, EndTime: start + 42_000, LifecycleStage: "active"}}
		r.Data.Params = []client.Param{{Key: "n_estimators", Value: fmt.Sprint(trees)}, {Key: "max_depth", Value: "5"},
			{Key: "criterion", Value: "gini"}, {Key: "random_state", Value: "42"}, {Key: "feature_columns", Value: cols}}
		r.Data.Metrics = []client.Metric{{Key: "accuracy", Value: acc, Step: 0}, {Key: "f1_macro", Value: f1, Step: 0},
			{Key: "log_loss", Value: loss, Step: 0}, {Key: "train_samples", Value: 120, Step: 0}}
		r.Data.Tags = []client.Tag{{Key: "mlflow.runName", Value: name}, {Key: "mlflow.source.name", Value: "train.py"}, {Key: "model_family", Value: "forest"}}
		r.Inputs.Datasets = []client.DatasetInput{{Tags: []client.Tag{{Key: "mlflow.data.context", Value: "training"}},
			Dataset: client.Dataset{Name: "iris", Digest: "8a4f2c1e"}}}
		return r
	}
	base := int64(1_771_000_000_000)
	return []client.Run{
		mk("a1b2c3d4e5f60718293a4b5c6d7e8f90", "rf-50", 50, base, 0.933333, 0.93266, 0.1821, `["sepal_length","sepal_width","petal_length","petal_width"]`),
		mk("b2c3d4e5f60718293a4b5c6d7e8f90a1", "rf-100", 100, base+60_000, 0.966667, 0.966583, 0.1412, `["sepal_length","sepal_width","petal_length","petal_width"]`),
		mk("c3d4e5f60718293a4b5c6d7e8f90a1b2", "rf-200", 200, base+120_000, 0.966667, 0.966583, math.NaN(), `["sepal_length","petal_length","petal_width","petal_area"]`),
	}
}

// storeFor holds runs and a short history for each metric, whose min and
// max differ from the latest value.
func storeFor(runs []client.Run) *memStore {
	s := &memStore{runs: map[string]client.Run{}, history: map[string][]client.Metric{}}
	for i, r := range runs {
		s.runs[r.Info.RunID] = r
		for _, m := range r.Data.Metrics {
			lo := m.Value - 0.1*float64(i+1)
			s.history[r.Info.RunID+"/"+m.Key] = []client.Metric{{Key: m.Key, Value: lo, Step: 0}, {Key: m.Key, Value: m.Value + 0.01, Step: 1}, m}
		}
	}
	return s
}

func testEnv(s client.Store) views.Env {
	sh := views.NewShared(views.Shared{Store: s, Theme: theme.New(theme.ModeNoColor), Now: func() time.Time { return fixedNow }})
	return views.Env{Shared: sh, Screen: 1}
}

// open builds the screen at a size and runs its commands until it settles.
func open(t *testing.T, runs []client.Run, s client.Store, w, h int) *Model {
	t.Helper()
	ids := make([]string, len(runs))
	for i, r := range runs {
		ids[i] = r.Info.RunID
	}
	scr, err := New(testEnv(s), views.OpenMsg{Kind: views.KindDiff, RunIDs: ids, Runs: runs})
	if err != nil {
		t.Fatal(err)
	}
	m := scr.(*Model)
	m.loc = time.UTC
	m.SetSize(w, h)
	drain(t, m, m.Init())
	return m
}

// drain runs cmd and feeds its messages back until no command is left;
// it returns the messages meant for the shell.
func drain(t *testing.T, m *Model, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for i := 0; cmd != nil; i++ {
		if i > 1000 {
			t.Fatal("screen never settles")
		}
		msg := cmd()
		switch msg.(type) {
		case views.Reply, views.TickMsg:
			_, cmd = m.Update(msg)
		default:
			out = append(out, msg)
			cmd = nil
		}
	}
	return out
}

func press(t *testing.T, m *Model, keys ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		_, cmd := m.Update(keyMsg(k))
		out = append(out, drain(t, m, cmd)...)
	}
	return out
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// plain is the screen as text, without styling, checked to be exactly w×h.
func plain(t *testing.T, view string, w, h int) string {
	t.Helper()
	s := ansi.Strip(view)
	lines := strings.Split(s, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Errorf("line %d is %d cells wide, want %d: %q", i, got, w, l)
		}
	}
	return s
}
