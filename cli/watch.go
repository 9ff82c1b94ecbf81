package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"mltui/client"
	"mltui/client/history"
	"mltui/config"
	"mltui/format"
	"mltui/notify"
	"mltui/views"
	"mltui/watch"
)

func init() { register(newWatchCmd) }

type watchFlags struct {
	until      string
	every      time.Duration
	stallAfter time.Duration
	metric     string
	plain      bool
}

func newWatchCmd(a *App) *cobra.Command {
	var f watchFlags
	cmd := &cobra.Command{
		Use:   "watch RUN_ID",
		Short: "Follow a running run: its curves live in the dashboard, or status lines for scripts",
		Long: "watch follows one run. On a terminal it opens the dashboard on the run's chart, which grows as points " +
			"arrive. With --until finished (or --plain, or when stdout is not a terminal) it prints a status line " +
			"whenever the run moves — step, the watched metric, steps per second, time since the last point, and an " +
			"ETA where a param (max_steps, epochs, num_train_epochs, …) gives the total — and exits when the run " +
			"ends: 0 when it finished, 1 when it failed or was killed. With --until finished it also exits 1 when " +
			"the run stalls (nothing logged for 5 of its own logging intervals, at least 2 minutes, or " +
			"--stall-after) or diverges (a loss became NaN or infinite). System metrics do not count as progress: " +
			"the monitor thread keeps logging while training hangs.",
		Example: "  mltui watch 0a1b2c… --until finished && ./deploy.sh\n  mltui watch 0a1b2c… --plain --every 10s",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.until != "" && f.until != "finished" {
				return &ExitError{Code: 2, Err: fmt.Errorf("--until %q: the one condition is \"finished\"", f.until)}
			}
			if f.every < 100*time.Millisecond {
				return &ExitError{Code: 2, Err: fmt.Errorf("--every %v is too short (100ms at least)", f.every)}
			}
			if f.until == "" && !f.plain && a.stdoutIsTerminal() {
				return a.runDashboardAt(cmd.Context(), views.OpenMsg{Kind: views.KindChart, RunIDs: []string{args[0]}, Metric: f.metric, Watch: f.metric == ""})
			}
			return a.watchPlain(cmd.Context(), args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.until, "until", "", "exit when the run reaches this state: finished (exit 0), or 1 when it fails, stalls or diverges")
	fl.DurationVar(&f.every, "every", 5*time.Second, "how often to read the run")
	fl.DurationVar(&f.stallAfter, "stall-after", 0, "call the run stalled after this long without a point (default: 5 of its logging intervals, at least 2m)")
	fl.StringVarP(&f.metric, "metric", "m", "", "the metric to read the pace from (default: a loss)")
	fl.BoolVar(&f.plain, "plain", false, "status lines even on a terminal")
	return cmd
}

// heartbeat is how often an unchanged status is printed again, so a log
// shows the watch is alive.
const heartbeat = time.Minute

// watchPlain polls the run and prints a line when it moves. A read that
// fails is said and retried: a watch outlives a server restart.
func (a *App) watchPlain(ctx context.Context, runID string, f watchFlags) error {
	return a.withStore(ctx, func(ctx context.Context, s client.Store, cfg *config.Config) error {
		info, _ := s.Describe(ctx)
		cache := history.New(s, history.Options{Local: info.Local()})
		opts := watch.Options{StallAfter: f.stallAfter}
		if opts.StallAfter <= 0 {
			opts.StallAfter = cfg.Alerts.StallAfter.Duration
		}
		alerter := watch.NewAlerter(cfg.AlertRules())
		var lastKey, lastErr string
		var lastPrint time.Time
		first := true
		for {
			p, run, err := a.watchOnce(ctx, s, cache, runID, f.metric, opts)
			switch {
			case err != nil && first:
				return err // a wrong run id is not worth waiting for
			case err != nil:
				if msg := err.Error(); msg != lastErr {
					fmt.Fprintf(a.Stderr, "%s cannot read the run (retrying every %v): %v\n", clock(), f.every, err)
					lastErr = msg
				}
			default:
				lastErr = ""
				if first {
					fmt.Fprintf(a.Stdout, "watching %s (%s)\n", format.Visible(run.Name()), runID)
					alerter.Seen(run)
				}
				key := fmt.Sprintf("%s %d %v", p.Verdict(), p.Step, p.Value)
				if key != lastKey || time.Since(lastPrint) >= heartbeat {
					fmt.Fprintf(a.Stdout, "%s %s\n", clock(), format.Visible(p.Line()))
					lastKey, lastPrint = key, time.Now()
				}
				for _, al := range alerter.Check(run, p) {
					a.alert(ctx, cfg, al)
				}
				if code, done := watchExit(p.Verdict(), f.until == "finished"); done {
					if code == 0 {
						return nil
					}
					return &ExitError{Code: code, Err: fmt.Errorf("run %s %s", runID, p.Verdict())}
				}
			}
			first = false
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(f.every):
			}
		}
	})
}

// watchExit says whether a verdict ends the watch and with which code.
func watchExit(v watch.Verdict, untilFinished bool) (code int, done bool) {
	switch v {
	case watch.Finished:
		return 0, true
	case watch.Failed, watch.Killed:
		return 1, true
	case watch.Stalled, watch.Diverged:
		return 1, untilFinished
	}
	return 0, false
}

// alert says an alert: a line on stdout, the terminal notices the config
// asks for on stderr when it is a terminal, and the on_alert command.
func (a *App) alert(ctx context.Context, cfg *config.Config, al watch.Alert) {
	fmt.Fprintf(a.Stdout, "%s ALERT %s\n", clock(), al.Text)
	var kinds []string
	for _, k := range []string{"bell", "osc9", "osc777"} {
		if cfg.Notifies(k) {
			kinds = append(kinds, k)
		}
	}
	if seq := notify.Sequence(kinds, "mltui", al.Text); seq != "" && writerIsTerminal(a.Stderr) {
		fmt.Fprint(a.Stderr, seq)
	}
	if err := notify.Run(ctx, cfg.Alerts.OnAlert, al.Text); err != nil {
		fmt.Fprintf(a.Stderr, "%s %v\n", clock(), err)
	}
}

// watchOnce reads the run and the tail of its watched metric.
func (a *App) watchOnce(ctx context.Context, s client.Store, cache *history.Cache, runID, metric string, o watch.Options) (watch.Progress, client.Run, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	run, err := s.GetRun(ctx, runID)
	if err != nil {
		return watch.Progress{}, client.Run{}, fmt.Errorf("read run %s: %w", runID, err)
	}
	if metric == "" {
		metric = watch.PrimaryMetric(run)
	}
	var hist []client.Metric
	if metric != "" {
		snap, _, err := cache.Tail(ctx, history.Key{RunID: runID, Metric: metric})
		if err != nil && !errors.Is(err, context.Canceled) {
			return watch.Progress{}, client.Run{}, fmt.Errorf("read %s of run %s: %w", metric, runID, err)
		}
		pts := snap.Points
		o.FromZero = pts.Len() > 0 && pts.Steps[0] == 0
		for i := max(pts.Len()-40, 0); i < pts.Len(); i++ {
			hist = append(hist, client.Metric{Key: metric, Step: pts.Steps[i], Timestamp: pts.Times[i], Value: pts.Values[i]})
		}
	}
	return watch.Assess(run, metric, hist, time.Now(), o), run, nil
}

func clock() string { return time.Now().Format("15:04:05") }
