// Package watch judges a running run from what it logged: how fast it
// goes, when it last logged, how long it has left where its params say
// the total, and whether it stalled (nothing for several of its own
// logging intervals) or diverged (a loss became NaN or infinite). It is
// pure logic over a run and its recent points; the CLI and the dashboard
// poll and draw.
package watch

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"mltui/client"
	"mltui/format"
	"mltui/sysmetrics"
)

// Options tune the stall rule.
type Options struct {
	// StallFactor: stalled after this many of the run's own logging
	// intervals without a point (default 5).
	StallFactor float64
	// MinStall: and never before this long (default 2 minutes), so a run
	// that logs every second is not stalled by one slow batch.
	MinStall time.Duration
	// StallAfter, when set, replaces both: stalled after this long quiet.
	StallAfter time.Duration
	// FromZero: the run's first step was 0, so with a total of N its last
	// step is N-1 (the ETA counts one step fewer).
	FromZero bool
}

func (o Options) withDefaults() Options {
	if o.StallFactor <= 0 {
		o.StallFactor = 5
	}
	if o.MinStall <= 0 {
		o.MinStall = 2 * time.Minute
	}
	return o
}

// Verdict is where a run stands.
type Verdict string

const (
	Running  Verdict = "running"
	Finished Verdict = "finished"
	Failed   Verdict = "failed"
	Killed   Verdict = "killed"
	Stalled  Verdict = "stalled"
	Diverged Verdict = "diverged"
	Waiting  Verdict = "scheduled"
)

// Progress is one look at a run.
type Progress struct {
	Status client.RunStatus
	Metric string  // the metric the pace is read from (a loss, else the first)
	Step   int64   // its latest step
	Value  float64 // and value
	// LastPoint is the newest point of any metric but the system ones
	// (which a live monitor thread keeps logging even when training hangs).
	LastPoint time.Time
	Quiet     time.Duration // how long since LastPoint
	Interval  time.Duration // the median gap between the metric's recent points
	Rate      float64       // steps per second over those points
	Total     int64         // the run's planned last step, from its params
	TotalFrom string        // the param it came from
	ETA       time.Duration
	HasETA    bool
	Stalled   bool
	StallAt   time.Duration // quiet this long counts as stalled
	Diverged  []string      // loss-like metrics whose latest value is NaN or ±Inf
}

// recentPoints is how many of the metric's latest points the pace is read from.
const recentPoints = 20

// PrimaryMetric picks the metric a person watches: a training loss,
// another loss, else the first non-system metric by name.
func PrimaryMetric(run client.Run) string {
	var keys []string
	for _, m := range run.Data.Metrics {
		if !sysmetrics.IsSystem(m.Key) {
			keys = append(keys, m.Key)
		}
	}
	slices.Sort(keys)
	for _, pref := range []string{"train_loss", "loss", "training_loss", "train/loss", "val_loss"} {
		if slices.Contains(keys, pref) {
			return pref
		}
	}
	for _, k := range keys {
		if strings.Contains(strings.ToLower(k), "loss") {
			return k
		}
	}
	if len(keys) > 0 {
		return keys[0]
	}
	return ""
}

// totalParams are the params that say how far a run goes, steps first.
var totalParams = []string{"max_steps", "total_steps", "num_steps", "steps", "epochs", "num_epochs", "num_train_epochs", "n_epochs", "max_epochs"}

// Assess reads run (its latest metrics carry their timestamps) and the
// recent history of metric (any order) at now.
func Assess(run client.Run, metric string, hist []client.Metric, now time.Time, o Options) Progress {
	o = o.withDefaults()
	p := Progress{Status: run.Info.Status, Metric: metric, Value: math.NaN()}
	var last int64
	for _, m := range run.Data.Metrics {
		if sysmetrics.IsSystem(m.Key) {
			continue
		}
		last = max(last, m.Timestamp)
		if strings.Contains(strings.ToLower(m.Key), "loss") && (math.IsNaN(m.Value) || math.IsInf(m.Value, 0)) {
			p.Diverged = append(p.Diverged, m.Key)
		}
		if m.Key == metric {
			p.Step, p.Value = m.Step, m.Value
		}
	}
	slices.Sort(p.Diverged)
	for _, h := range hist {
		last = max(last, h.Timestamp) // the history may be newer than the run read before it
	}
	if last > 0 {
		p.LastPoint = time.UnixMilli(last)
		p.Quiet = max(now.Sub(p.LastPoint), 0)
	}

	pts := slices.Clone(hist)
	slices.SortFunc(pts, func(a, b client.Metric) int {
		return cmp.Or(cmp.Compare(a.Timestamp, b.Timestamp), cmp.Compare(a.Step, b.Step))
	})
	if len(pts) > recentPoints {
		pts = pts[len(pts)-recentPoints:]
	}
	if n := len(pts); n >= 2 {
		gaps := make([]int64, 0, n-1)
		for i := 1; i < n; i++ {
			gaps = append(gaps, pts[i].Timestamp-pts[i-1].Timestamp)
		}
		slices.Sort(gaps)
		p.Interval = time.Duration(gaps[len(gaps)/2]) * time.Millisecond
		if span := pts[n-1].Timestamp - pts[0].Timestamp; span > 0 {
			p.Rate = float64(pts[n-1].Step-pts[0].Step) / (float64(span) / 1000)
		}
	}

	p.Total, p.TotalFrom = total(run, p.Step)
	lastStep := p.Total
	if o.FromZero {
		lastStep--
	}
	if lastStep > p.Step && p.Rate > 0 && run.Info.Status == client.StatusRunning {
		p.ETA, p.HasETA = time.Duration(float64(lastStep-p.Step)/p.Rate*float64(time.Second)), true
	}

	p.StallAt = o.StallAfter
	if p.StallAt <= 0 {
		p.StallAt = max(time.Duration(o.StallFactor*float64(p.Interval)), o.MinStall)
	}
	if run.Info.Status == client.StatusRunning && !p.LastPoint.IsZero() && p.Quiet > p.StallAt {
		p.Stalled = true
	}
	if p.Stalled || len(p.Diverged) > 0 {
		p.ETA, p.HasETA = 0, false // a run that stopped or blew up has no time left to count
	}
	return p
}

// total is the planned last step from the run's params. Steps counted in
// batches need a steps param; an epochs param is used only while the
// logged step has not passed it (a run logging per batch is not judged by
// its epoch count).
func total(run client.Run, step int64) (int64, string) {
	for _, name := range totalParams {
		v, ok := run.Param(name)
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n <= 0 {
			continue
		}
		if strings.Contains(name, "epoch") && step > n {
			continue
		}
		return n, name
	}
	return 0, ""
}

// Verdict is the run's state: its status when it ended, else stalled or
// diverged when so, else running.
func (p Progress) Verdict() Verdict {
	switch p.Status {
	case client.StatusFinished:
		return Finished
	case client.StatusFailed:
		return Failed
	case client.StatusKilled:
		return Killed
	case client.StatusScheduled:
		return Waiting
	}
	switch {
	case len(p.Diverged) > 0:
		return Diverged
	case p.Stalled:
		return Stalled
	}
	return Running
}

// Line is the progress in one line, for a status bar or a log.
func (p Progress) Line() string {
	parts := []string{strings.ToUpper(string(p.Verdict()))}
	if p.Metric != "" {
		step := fmt.Sprintf("step %d", p.Step)
		if p.Total > 0 {
			step += fmt.Sprintf("/%d", p.Total)
		}
		parts = append(parts, step, p.Metric+" "+format.Float(p.Value))
	}
	if p.Rate > 0 {
		parts = append(parts, fmt.Sprintf("%s steps/s", format.Float(math.Round(p.Rate*100)/100)))
	}
	if !p.LastPoint.IsZero() {
		parts = append(parts, "last point "+format.Duration(p.Quiet.Truncate(time.Second))+" ago")
	}
	if p.HasETA {
		parts = append(parts, "ETA "+format.Duration(p.ETA.Truncate(time.Second)))
	}
	if len(p.Diverged) > 0 {
		parts = append(parts, strings.Join(p.Diverged, ", ")+" not finite")
	}
	if p.Stalled {
		parts = append(parts, "quiet past "+format.Duration(p.StallAt.Truncate(time.Second)))
	}
	return strings.Join(parts, " · ")
}
