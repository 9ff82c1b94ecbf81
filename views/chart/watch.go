package chart

import (
	"context"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/config"
	"mltui/notify"
	"mltui/sysmetrics"
	"mltui/views"
	"mltui/watch"
)

// watchPanels is how many charts the watch view opens with.
const watchPanels = 4

// watchMetrics are the charts of the watch view: the run's loss first,
// then its other metrics, and the first GPU's utilisation when the run
// has system metrics, at most watchPanels.
func watchMetrics(run client.Run) []string {
	primary := watch.PrimaryMetric(run)
	var out []string
	if primary != "" {
		out = append(out, primary)
	}
	var gpu string
	for _, m := range run.Data.Metrics {
		k, sys := sysmetrics.Parse(m.Key)
		switch {
		case sys && k.Kind == sysmetrics.GPU && k.Name == "utilization" && (gpu == "" || m.Key < gpu):
			gpu = m.Key
		case !sys && m.Key != primary:
			out = append(out, m.Key)
		}
	}
	if len(out) > 1 {
		rest := out[1:]
		slices.Sort(rest)
	}
	room := watchPanels
	if gpu != "" {
		room--
	}
	out = out[:min(len(out), room)]
	if gpu != "" {
		out = append(out, gpu)
	}
	return out
}

// progress is the pace of each live run, read from the focused chart's
// histories (pure: the clock is the screen's).
func (m *Model) progress() map[string]watch.Progress {
	p := m.focused()
	out := map[string]watch.Progress{}
	for _, id := range m.ids {
		r, ok := m.runs[id]
		if !ok || r.Info.Status != client.StatusRunning {
			continue
		}
		var hist []client.Metric
		o := watch.Options{StallAfter: m.env.Config.Alerts.StallAfter.Duration}
		if p != nil {
			if sn, ok := p.snaps[id]; ok {
				pts := sn.Points
				o.FromZero = pts.Len() > 0 && pts.Steps[0] == 0
				for i := max(pts.Len()-40, 0); i < pts.Len(); i++ {
					hist = append(hist, client.Metric{Step: pts.Steps[i], Timestamp: pts.Times[i], Value: pts.Values[i]})
				}
			}
		}
		metric := ""
		if p != nil {
			metric = p.metric
		}
		out[id] = watch.Assess(r, metric, hist, m.env.Now(), o)
	}
	return out
}

// liveStatus is the status line's word on live runs: one run's pace in
// full (step of total, steps/s, last point, ETA, GPU), or for several how
// many are live, stalled and diverged.
func (m *Model) liveStatus() string {
	prog := m.progress()
	if len(prog) == 0 {
		return ""
	}
	if len(prog) == 1 {
		for id, p := range prog {
			line := p.Line()
			if g, ok := gpuNow(m.runs[id]); ok {
				line += " · GPU " + g
			}
			return line
		}
	}
	stalled, diverged := 0, 0
	for _, p := range prog {
		switch p.Verdict() {
		case watch.Stalled:
			stalled++
		case watch.Diverged:
			diverged++
		}
	}
	parts := []string{fmt.Sprintf("%d live", len(prog))}
	if stalled > 0 {
		parts = append(parts, fmt.Sprintf("%d STALLED", stalled))
	}
	if diverged > 0 {
		parts = append(parts, fmt.Sprintf("%d DIVERGED", diverged))
	}
	return strings.Join(parts, " · ")
}

// gpuNow is the run's latest mean GPU utilisation over its GPUs (system
// metrics), e.g. "87%".
func gpuNow(r client.Run) (string, bool) {
	sum, n := 0.0, 0
	for _, m := range r.Data.Metrics {
		if k, ok := sysmetrics.Parse(m.Key); ok && k.Kind == sysmetrics.GPU && k.Name == "utilization" {
			sum += m.Value
			n++
		}
	}
	if n == 0 {
		return "", false
	}
	return fmt.Sprintf("%.0f%%", sum/float64(n)), true
}

// alerts checks the config's alert rules (default: stalled, diverged,
// finished, failed) on the runs a refresh re-read: each rule that began
// to hold is a toast, the terminal notices the config asks for, and its
// on_alert command.
func (m *Model) alerts(runs []client.Run) tea.Cmd {
	if m.alerter == nil {
		m.alerter = watch.NewAlerter(m.env.Config.AlertRules())
	}
	prog := m.progress()
	var cmds []tea.Cmd
	for _, r := range runs {
		p, ok := prog[r.Info.RunID]
		if !ok {
			p = watch.Assess(r, "", nil, m.env.Now(), watch.Options{StallAfter: m.env.Config.Alerts.StallAfter.Duration})
		}
		for _, a := range m.alerter.Check(r, p) {
			level := views.LevelWarning
			if a.Rule == "finished" {
				level = views.LevelSuccess
			}
			cmds = append(cmds, views.Toast(level, "%s", a.Text))
			cmds = append(cmds, notice(m.env.Config, a.Text)...)
		}
	}
	return tea.Batch(cmds...)
}

// notice is an alert's terminal notices and command.
func notice(cfg *config.Config, text string) []tea.Cmd {
	var cmds []tea.Cmd
	var kinds []string
	for _, k := range []string{"bell", "osc9", "osc777"} {
		if cfg.Notifies(k) {
			kinds = append(kinds, k)
		}
	}
	if seq := notify.Sequence(kinds, "mltui", text); seq != "" {
		cmds = append(cmds, tea.Raw(seq))
	}
	if argv := cfg.Alerts.OnAlert; len(argv) > 0 {
		argv := append([]string(nil), argv...)
		cmds = append(cmds, func() tea.Msg {
			if err := notify.Run(context.Background(), argv, text); err != nil {
				return views.ErrorMsg{Op: "on_alert", Err: err}
			}
			return nil
		})
	}
	return cmds
}
