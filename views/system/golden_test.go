package system_test

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/internal/screentest"
	"mltui/views"
	"mltui/views/system"
)

// recorded is testdata/system.json: a run logged by MLflow's own system
// metrics monitor (record_system.py), GPU series added under MLflow's
// key names (no GPU on the recording machine): GPU 0 busy, GPU 1 idle.
type recorded struct {
	RunID        string              `json:"run_id"`
	RunName      string              `json:"run_name"`
	ExperimentID string              `json:"experiment_id"`
	Status       string              `json:"status"`
	StartTime    int64               `json:"start_time"`
	EndTime      int64               `json:"end_time"`
	Metrics      map[string]float64  `json:"metrics"`
	History      map[string][][3]any `json:"history"`
}

func fixture(t *testing.T) (*screentest.Store, recorded) {
	t.Helper()
	b, err := os.ReadFile("testdata/system.json")
	if err != nil {
		t.Fatal(err)
	}
	var rec recorded
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	run := client.Run{Info: client.RunInfo{RunID: rec.RunID, RunName: rec.RunName, ExperimentID: rec.ExperimentID,
		Status: client.RunStatus(rec.Status), StartTime: rec.StartTime, EndTime: rec.EndTime, LifecycleStage: client.LifecycleActive}}
	hist := map[string][]client.Metric{}
	keys := make([]string, 0, len(rec.History))
	for k := range rec.History {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var last client.Metric
		for _, p := range rec.History[k] {
			m := client.Metric{Key: k, Step: int64(p[0].(float64)), Timestamp: int64(p[1].(float64)), Value: p[2].(float64)}
			hist[k] = append(hist[k], m)
			if m.Step > last.Step || m.Step == last.Step && m.Timestamp >= last.Timestamp {
				last = m
			}
		}
		run.Data.Metrics = append(run.Data.Metrics, last)
	}
	st := &screentest.Store{
		Info:        client.ServerInfo{Kind: "sqlite"},
		Experiments: []client.Experiment{{ID: rec.ExperimentID, Name: "gpu-box", LifecycleStage: client.LifecycleActive}},
		Runs:        []client.Run{run},
		Histories:   map[string]map[string][]client.Metric{rec.RunID: hist},
	}
	return st, rec
}

func start(t *testing.T, w, h int) (*screentest.Session, recorded) {
	st, rec := fixture(t)
	s := screentest.Start(t, st, w, h, screentest.Options{
		Start: views.OpenMsg{Kind: views.KindRun, RunIDs: []string{rec.RunID}},
		Now:   time.UnixMilli(rec.EndTime).Add(time.Minute),
	})
	s.WaitFor(rec.RunName)
	s.Keys("S")
	return s, rec
}

func TestGoldenSystem(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			s, _ := start(t, sz[0], sz[1])
			s.Golden(s.WaitFor("› system metrics", "utilization", "1 idle GPU"))
		})
	}
}

// The idle GPU is one row until i unfolds it; the busy GPU is always whole.
func TestIdleGPUFoldsAndUnfolds(t *testing.T) {
	s, _ := start(t, 200, 60)
	scr := s.WaitFor("1 idle GPU · i unfold")
	if !strings.Contains(scr, "idle · 2 more folded") || strings.Contains(scr, "GPU 1          power usage") {
		t.Fatalf("GPU 1 is not folded:\n%s", scr)
	}
	for _, want := range []string{"GPU 0", "power usage (W)", "memory usage (MB)", "CPU", "utilization (%)", "network", "disk"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("lacks %q:\n%s", want, scr)
		}
	}
	if strings.Contains(scr, "train_loss") {
		t.Fatalf("a training metric is listed as a system metric:\n%s", scr)
	}
	s.Keys("i")
	scr = s.WaitFor("i fold")
	if strings.Contains(scr, "more folded") || strings.Count(scr, "GPU 1") != 3 {
		t.Fatalf("i did not unfold GPU 1's three series:\n%s", scr)
	}
}

// The figures are the recorded samples': current is the latest by time,
// mean and max over every sample.
func TestFiguresMatchTheRecording(t *testing.T) {
	st, rec := fixture(t)
	ss, err := system.Load(t.Context(), st, st.Runs[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != len(rec.History)-1 {
		t.Fatalf("%d series, want every system/ key of the recording (%d)", len(ss), len(rec.History)-1)
	}
	for _, s := range ss {
		pts := rec.History[s.Key.Raw]
		sum, mx, lastT, cur := 0.0, -1e300, int64(-1), 0.0
		for _, p := range pts {
			v, ts := p[2].(float64), int64(p[1].(float64))
			sum += v
			mx = max(mx, v)
			if ts >= lastT {
				lastT, cur = ts, v
			}
		}
		if s.Sum.N != len(pts) || s.Sum.Max != mx || s.Sum.Current != cur || abs(s.Sum.Mean-sum/float64(len(pts))) > 1e-9 {
			t.Fatalf("%s: summary %+v, want n=%d mean=%v max=%v current=%v", s.Key.Raw, s.Sum, len(pts), sum/float64(len(pts)), mx, cur)
		}
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// Run detail's overview glances at the latest readings and points at S.
func TestGoldenRunDetailGlance(t *testing.T) {
	st, rec := fixture(t)
	s := screentest.Start(t, st, 100, 30, screentest.Options{
		Start: views.OpenMsg{Kind: views.KindRun, RunIDs: []string{rec.RunID}},
		Now:   time.UnixMilli(rec.EndTime).Add(time.Minute),
	})
	s.Golden(s.WaitFor(rec.RunName, "system latest · S for trends", "GPU 0  utilization"))
}
