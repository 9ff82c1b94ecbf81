package chart

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/client"
	"mltui/client/search"
	"mltui/theme"
	"mltui/views"
)

// memStore answers the chart screen's reads from memory: runs, paged
// history and the bulk-interval sample (row sampling as MLflow 3.18's SQL
// store). The data comes from testdata/mnist.json, recorded from the real
// seed with the MLflow client (testdata/record_mnist.py), or from a test.
// Any other call panics through the nil embedded Store.
type memStore struct {
	client.Store
	mu      sync.Mutex
	runs    map[string]client.Run
	hist    map[string][]client.Metric // runID/key, in get-history order
	calls   int
	failRun error
	files   map[string][]byte // runID/path: the run's artifacts (not counted in calls)
}

func newMem() *memStore {
	return &memStore{runs: map[string]client.Run{}, hist: map[string][]client.Metric{}, files: map[string][]byte{}}
}

// ListArtifacts lists the files directly in a run's folder (no folders).
func (s *memStore) ListArtifacts(_ context.Context, runID, dir string) ([]client.FileInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []client.FileInfo
	for k, b := range s.files {
		if p, ok := strings.CutPrefix(k, runID+"/"); ok && path.Dir(p) == dir {
			out = append(out, client.FileInfo{Path: p, FileSize: int64(len(b))})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

func (s *memStore) OpenArtifact(_ context.Context, runID, p string, off, n int64) (*client.ArtifactFile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.files[runID+"/"+p]
	if !ok {
		return nil, &client.Error{Kind: client.KindNotFound, Message: p}
	}
	return &client.ArtifactFile{ReadCloser: io.NopCloser(bytes.NewReader(b)), Size: int64(len(b))}, nil
}

func (s *memStore) GetRun(_ context.Context, id string) (client.Run, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.failRun != nil {
		return client.Run{}, s.failRun
	}
	r, ok := s.runs[id]
	if !ok {
		return client.Run{}, &client.Error{Kind: client.KindNotFound, Op: "runs/get", Message: "run " + id + " not found"}
	}
	return r, nil
}

func (s *memStore) MetricHistoryPage(_ context.Context, q client.HistoryQuery) (client.Page[client.Metric], error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	rows := append([]client.Metric(nil), s.hist[q.RunID+"/"+q.Key]...)
	return search.Paginate(rows, q.PageToken, q.MaxResults)
}

func (s *memStore) SampledHistory(_ context.Context, q client.SampledQuery) ([]client.Metric, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	maxN, err := search.CheckSampledQuery(q)
	if err != nil {
		return nil, &client.Error{Kind: client.KindInvalidParameter, Message: err.Error()}
	}
	var out []client.Metric
	for _, id := range q.RunIDs {
		var rows []client.Metric
		for _, m := range s.hist[id+"/"+q.Key] {
			if q.StartStep == nil || (m.Step >= *q.StartStep && m.Step <= *q.EndStep) {
				m.RunID = id
				rows = append(rows, m)
			}
		}
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].Step < rows[j].Step })
		if len(rows) > maxN {
			idx := search.EvenlySpaced(len(rows), maxN)
			picked := make([]client.Metric, len(idx))
			for i, j := range idx {
				picked[i] = rows[j]
			}
			rows = picked
		}
		out = append(out, rows...)
	}
	return out, nil
}

func (s *memStore) log(runID, key string, ms ...client.Metric) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hist[runID+"/"+key] = append(s.hist[runID+"/"+key], ms...)
}

func (s *memStore) callCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// recorded is testdata/mnist.json.
type recorded struct {
	Runs []struct {
		Role      string   `json:"role"`
		RunID     string   `json:"run_id"`
		RunName   string   `json:"run_name"`
		Status    string   `json:"status"`
		StartTime int64    `json:"start_time"`
		Metrics   []string `json:"metrics"`
		History   map[string][]struct {
			Step      int64 `json:"step"`
			Timestamp int64 `json:"timestamp"`
			Value     any   `json:"value"`
		} `json:"history"`
	} `json:"runs"`
}

// seedStore loads the recorded seed data; it returns the store and the
// runs by role.
func seedStore(t *testing.T) (*memStore, map[string]client.Run) {
	t.Helper()
	b, err := os.ReadFile("testdata/mnist.json")
	if err != nil {
		t.Fatal(err)
	}
	var rec recorded
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	s := newMem()
	byRole := map[string]client.Run{}
	for _, r := range rec.Runs {
		run := client.Run{Info: client.RunInfo{RunID: r.RunID, RunName: r.RunName, Status: client.RunStatus(r.Status), StartTime: r.StartTime, LifecycleStage: "active"}}
		for key, h := range r.History {
			for _, p := range h {
				v, ok := p.Value.(float64)
				if !ok {
					v = math.NaN()
				}
				m := client.Metric{Key: key, Step: p.Step, Timestamp: p.Timestamp, Value: v}
				s.log(r.RunID, key, m)
			}
			if len(h) > 0 {
				last := h[len(h)-1]
				v, _ := last.Value.(float64)
				run.Data.Metrics = append(run.Data.Metrics, client.Metric{Key: key, Step: last.Step, Value: v})
			}
		}
		sort.Slice(run.Data.Metrics, func(i, j int) bool { return run.Data.Metrics[i].Key < run.Data.Metrics[j].Key })
		s.runs[r.RunID] = run
		byRole[r.Role] = run
	}
	return s, byRole
}

var fixedNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// open builds the chart screen over s as the shell would and runs its
// loads to completion. kind is the store kind ("sqlite" reads every point,
// "rest" samples first).
func open(t *testing.T, s *memStore, kind string, runs []client.Run, metric string, w, h int) *Model {
	t.Helper()
	sh := views.NewShared(views.Shared{Store: s, Info: client.ServerInfo{Kind: kind}, Theme: theme.New(theme.ModeDark), Now: func() time.Time { return fixedNow }})
	env := views.Env{Shared: sh, Screen: 1}
	ids := make([]string, len(runs))
	for i, r := range runs {
		ids[i] = r.Info.RunID
	}
	scr, err := New(env, views.OpenMsg{Kind: views.KindChart, RunIDs: ids, Runs: runs, Metric: metric})
	if err != nil {
		t.Fatal(err)
	}
	m := scr.(*Model)
	m.throttle = 0
	m.SetSize(w, h)
	drain(t, m, m.Init())
	return m
}

// drain runs a command and everything it leads to, feeding the messages
// back into the screen, as the program would (timers excepted).
func drain(t *testing.T, m *Model, cmd tea.Cmd) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for n := 0; len(queue) > 0; n++ {
		if n > 10_000 {
			t.Fatal("commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case views.Reply:
			// As the shell does: withdrawn replies are dropped.
			if m.env.Flights().Deliver(msg.Request()) {
				_, next := m.Update(msg)
				queue = append(queue, next)
			}
		case flushMsg:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// press sends keys by name ("m", "enter", "+", "tab").
func press(t *testing.T, m *Model, keys ...string) {
	t.Helper()
	for _, k := range keys {
		_, cmd := m.Update(keyMsg(k))
		drain(t, m, cmd)
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// plain strips styling and checks the view fills exactly w×h.
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

func roles(byRole map[string]client.Run, names ...string) []client.Run {
	out := make([]client.Run, len(names))
	for i, n := range names {
		out[i] = byRole[n]
	}
	return out
}
