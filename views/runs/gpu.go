package runs

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/format"
	"mltui/sysmetrics"
	"mltui/views"
)

// System columns ("s:<name>"): figures over a run's whole system metric
// histories, read when the column is shown.
const (
	sysPref    = "s:"
	sysGPUUtil = "gpu_util_mean" // mean GPU utilisation over every sample of every GPU
	sysGPUMem  = "gpu_mem_peak"  // the largest memory any GPU used
)

// systemColumns are offered, with their titles.
var systemColumns = []struct{ key, label, title string }{
	{sysGPUUtil, "mean GPU utilisation", "GPU% MEAN"},
	{sysGPUMem, "peak GPU memory", "GPU MEM PEAK"},
}

// gpuBatch bounds how many runs one read covers: a table of thousands of
// runs fills in a batch at a time, never in one long request chain.
const gpuBatch = 50

// gpuStat is a run's GPU figures; ok is false for a run without GPU
// system metrics.
type gpuStat struct {
	utilMean float64
	memPeak  float64 // MB
	hasUtil  bool
	hasMem   bool
}

// gpuResult is one batch of runs' GPU figures.
type gpuResult struct{ stats map[string]gpuStat }

// gpuKeys are the run's GPU utilisation and memory (MB) keys.
func gpuKeys(r client.Run) (util, mem []string) {
	for _, mt := range r.Data.Metrics {
		k, ok := sysmetrics.Parse(mt.Key)
		if !ok || k.Kind != sysmetrics.GPU {
			continue
		}
		switch {
		case k.Name == "utilization" && k.Unit == "%":
			util = append(util, mt.Key)
		case k.Name == "memory usage" && k.Unit == "MB":
			mem = append(mem, mt.Key)
		}
	}
	return util, mem
}

// hasGPU reports whether any loaded run logged GPU system metrics.
func (m *Model) hasGPU() bool {
	for _, r := range m.runs {
		if u, g := gpuKeys(r); len(u)+len(g) > 0 {
			return true
		}
	}
	return false
}

// loadGPU reads the next batch of runs whose GPU figures a shown system
// column needs.
func (m *Model) loadGPU() tea.Cmd {
	if len(m.cols.System) == 0 || m.gpuBusy {
		return nil
	}
	if m.gpu == nil {
		m.gpu = map[string]gpuStat{}
	}
	var batch []client.Run
	for _, r := range m.runs {
		if _, done := m.gpu[r.Info.RunID]; done {
			continue
		}
		if u, g := gpuKeys(r); len(u)+len(g) == 0 {
			m.gpu[r.Info.RunID] = gpuStat{}
			continue
		}
		batch = append(batch, r)
		if len(batch) == gpuBatch {
			break
		}
	}
	if len(batch) == 0 {
		return nil
	}
	m.gpuBusy = true
	_, cmd := views.Load(m.env, "runs/gpu", func(ctx context.Context, s client.Store) (gpuResult, error) {
		res := gpuResult{stats: map[string]gpuStat{}}
		for _, r := range batch {
			st, err := readGPU(ctx, s, r)
			if err != nil {
				return res, err
			}
			res.stats[r.Info.RunID] = st
		}
		return res, nil
	})
	return cmd
}

// readGPU reads a run's GPU histories.
func readGPU(ctx context.Context, s client.Tracking, r client.Run) (gpuStat, error) {
	util, mem := gpuKeys(r)
	st := gpuStat{memPeak: math.Inf(-1)}
	sum, n := 0.0, 0
	for _, k := range util {
		h, err := client.MetricHistory(ctx, s, r.Info.RunID, k)
		if err != nil {
			return st, fmt.Errorf("history of %s: %w", k, err)
		}
		for _, p := range h {
			if !math.IsNaN(p.Value) && !math.IsInf(p.Value, 0) {
				sum += p.Value
				n++
			}
		}
	}
	if n > 0 {
		st.utilMean, st.hasUtil = sum/float64(n), true
	}
	for _, k := range mem {
		h, err := client.MetricHistory(ctx, s, r.Info.RunID, k)
		if err != nil {
			return st, fmt.Errorf("history of %s: %w", k, err)
		}
		for _, p := range h {
			if !math.IsNaN(p.Value) && !math.IsInf(p.Value, 0) && p.Value > st.memPeak {
				st.memPeak, st.hasMem = p.Value, true
			}
		}
	}
	return st, nil
}

// onGPU takes a batch and asks for the next.
func (m *Model) onGPU(msg views.Loaded[gpuResult]) tea.Cmd {
	m.gpuBusy = false
	if msg.Err != nil {
		return views.ReportError("GPU columns", msg.Err)
	}
	for id, st := range msg.Value.stats {
		m.gpu[id] = st
	}
	if strings.HasPrefix(m.sortCol, sysPref) {
		m.rebuild(m.selectedID())
	}
	return m.loadGPU()
}

// sortBySystem orders runs by a system column's figure; runs without it
// (no GPU metrics, or not read yet) go last either way, in the order they
// had. Stable, so a batch arriving moves only the runs it covers.
func sortBySystem(runs []client.Run, stats map[string]gpuStat, key string, desc bool) {
	value := func(r client.Run) (float64, bool) {
		st, ok := stats[r.Info.RunID]
		switch {
		case !ok:
			return 0, false
		case key == sysGPUUtil:
			return st.utilMean, st.hasUtil && !math.IsNaN(st.utilMean)
		case key == sysGPUMem:
			return st.memPeak, st.hasMem && !math.IsNaN(st.memPeak)
		}
		return 0, false
	}
	slices.SortStableFunc(runs, func(a, b client.Run) int {
		va, oka := value(a)
		vb, okb := value(b)
		switch {
		case !oka || !okb:
			return cmpBool(okb, oka) // known first
		case desc:
			return cmp.Compare(vb, va)
		}
		return cmp.Compare(va, vb)
	})
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// gpuCell is a system column's text: the figure, "…" while it is read,
// "" for a run without GPU metrics.
func (m *Model) gpuCell(r *client.Run, key string) string {
	st, ok := m.gpu[r.Info.RunID]
	if !ok {
		if u, g := gpuKeys(*r); len(u)+len(g) > 0 {
			return "…"
		}
		return ""
	}
	switch {
	case key == sysGPUUtil && st.hasUtil:
		return format.Reading(st.utilMean) + "%"
	case key == sysGPUMem && st.hasMem:
		return format.Reading(st.memPeak) + " MB"
	}
	return ""
}

func systemTitle(key string) string {
	i := slices.IndexFunc(systemColumns, func(c struct{ key, label, title string }) bool { return c.key == key })
	if i < 0 {
		return key
	}
	return systemColumns[i].title
}
