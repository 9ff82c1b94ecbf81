package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	plot "mltui/chart"
	"mltui/client"
	"mltui/client/history"
	"mltui/format"
	"mltui/theme"
)

func init() { register(newChartCmd) }

// chartFlags are `mltui chart`'s options.
type chartFlags struct {
	metric  string
	output  string
	width   int
	height  int
	x       string
	smooth  float64
	logY    bool
	sampled bool
	timeout time.Duration
}

func newChartCmd(a *App) *cobra.Command {
	var f chartFlags
	cmd := &cobra.Command{
		Use:   "chart RUN_ID... --metric KEY",
		Short: "Print a metric's curve for one or more runs (or its points as CSV)",
		Long: "chart draws a metric's full history for the given runs as a braille line chart with a legend " +
			"(last, min and max with their steps), one colour per run on a terminal and plain text otherwise. " +
			"Every logged point counts: each column keeps the minimum and maximum of its points, so a " +
			"one-step spike stays visible. -o csv prints the points instead (run_id,key,step,timestamp,value).",
		Example: "  mltui chart 3f2a… 9bc1… --metric train_loss\n" +
			"  mltui chart 3f2a… --metric val_loss --smooth 0.6 --log-y --width 120 --height 30\n" +
			"  mltui chart 3f2a… --metric lr -o csv > lr.csv",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runChart(cmd.Context(), f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.metric, "metric", "m", "", "the metric key to draw (required)")
	fl.StringVarP(&f.output, "output", "o", "text", "output: text (the chart) or csv (the points)")
	fl.IntVar(&f.width, "width", 0, "chart width in cells (default: the terminal's, else 100)")
	fl.IntVar(&f.height, "height", 0, "chart height in rows, legend not included (default 24)")
	fl.StringVar(&f.x, "x", "step", "x axis: step, time (wall clock) or relative (since the run's first point)")
	fl.Float64Var(&f.smooth, "smooth", 0, "EMA smoothing weight 0–0.99 as in TensorBoard (0: off)")
	fl.BoolVar(&f.logY, "log-y", false, "logarithmic y axis (values ≤ 0 are left out)")
	fl.BoolVar(&f.sampled, "sampled", false, "use the server's sample only (what the dashboard paints first)")
	fl.DurationVar(&f.timeout, "timeout", 5*time.Minute, "give up after this long")
	_ = cmd.MarkFlagRequired("metric")
	return cmd
}

func parseXAxis(s string) (plot.XAxis, error) {
	switch strings.ToLower(s) {
	case "step", "steps", "":
		return plot.XStep, nil
	case "time", "wall", "walltime", "wall-time":
		return plot.XWallTime, nil
	case "relative", "rel":
		return plot.XRelative, nil
	}
	return 0, fmt.Errorf("unknown x axis %q: use step, time or relative", s)
}

func (a *App) runChart(ctx context.Context, f chartFlags, runIDs []string) error {
	if f.output != "text" && f.output != "csv" {
		return fmt.Errorf("unknown output %q: use text or csv", f.output)
	}
	axis, err := parseXAxis(f.x)
	if err != nil {
		return err
	}
	if f.smooth < 0 || f.smooth > plot.MaxSmoothing {
		return fmt.Errorf("--smooth %v: use a weight from 0 to %v", f.smooth, plot.MaxSmoothing)
	}
	ctx, s, done, err := a.openFor(ctx, f.timeout)
	if err != nil {
		return err
	}
	defer done()

	runs := make([]client.Run, len(runIDs))
	for i, id := range runIDs {
		r, err := s.GetRun(ctx, id)
		if err != nil {
			return fmt.Errorf("run %s: %w", id, err)
		}
		runs[i] = r
	}
	info, err := s.Describe(ctx)
	if err != nil {
		return fmt.Errorf("describe store: %w", err)
	}
	cache := history.New(s, history.Options{Local: info.Local()})
	for _, r := range runs {
		if last, ok := r.Metric(f.metric); ok {
			cache.Hint(history.Key{RunID: r.Info.RunID, Metric: f.metric}, last.Step)
		}
	}
	snaps, err := cache.First(ctx, runIDs, f.metric)
	if err != nil {
		return err
	}
	if !f.sampled {
		var keys []history.Key
		for _, sn := range snaps {
			if sn.Quality != history.Exact {
				keys = append(keys, sn.Key)
			}
		}
		if err := cache.RefineAll(ctx, keys, nil); err != nil {
			return err
		}
		for i := range snaps {
			snaps[i], _ = cache.Get(snaps[i].Key)
		}
	}
	if err := requireMetric(runs, snaps, f.metric); err != nil {
		return err
	}
	if f.output == "csv" {
		return writeHistoryCSV(a.Stdout, snaps)
	}
	return a.printChart(f, axis, runs, snaps)
}

// requireMetric fails when no run has a single point of the metric, naming
// the metrics they do have.
func requireMetric(runs []client.Run, snaps []history.Snapshot, metric string) error {
	for _, sn := range snaps {
		if sn.Points.Len() > 0 {
			return nil
		}
	}
	have := map[string]bool{}
	var names []string
	for _, r := range runs {
		for _, m := range r.Data.Metrics {
			if !have[m.Key] {
				have[m.Key] = true
				names = append(names, m.Key)
			}
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("no run logged metric %q (the runs have no metrics)", metric)
	}
	return fmt.Errorf("no run logged metric %q; they have: %s", metric, strings.Join(names, ", "))
}

func writeHistoryCSV(w io.Writer, snaps []history.Snapshot) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"run_id", "key", "step", "timestamp", "value"})
	for _, sn := range snaps {
		p := sn.Points
		for i := range p.Values {
			_ = cw.Write([]string{sn.RunID, sn.Metric, strconv.FormatInt(p.Steps[i], 10),
				strconv.FormatInt(p.Times[i], 10), strconv.FormatFloat(p.Values[i], 'g', -1, 64)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// printChart draws the chart and legend; colour only on a terminal.
func (a *App) printChart(f chartFlags, axis plot.XAxis, runs []client.Run, snaps []history.Snapshot) error {
	tty := a.stdoutIsTerminal()
	w, h := f.width, f.height
	if w <= 0 {
		w = 100
		if file, ok := a.Stdout.(*os.File); ok && tty {
			if tw, _, err := term.GetSize(file.Fd()); err == nil && tw > 0 {
				w = tw
			}
		}
	}
	if h <= 0 {
		h = 24
	}
	var styles plot.Styles
	if tty {
		cfg, err := a.Config()
		if err != nil {
			return err
		}
		mode := theme.ResolveMode(cfg.Theme, a.NoColor, a.Getenv)
		styles = plot.Paints(theme.New(mode))
	}
	ids := make([]string, len(runs))
	for i, r := range runs {
		ids[i] = r.Info.RunID
	}
	slots := theme.SeriesSlots(ids)
	series := make([]*plot.Series, len(runs))
	for i, r := range runs {
		series[i] = plot.SeriesOf(snaps[i], format.Visible(r.Name()), slots[i])
	}
	p := plot.NewPlot(styles)
	p.SetOptions(plot.Options{Width: w, Height: h, Title: format.Visible(f.metric), X: axis, LogY: f.logY, Smoothing: f.smooth})
	p.SetSeries(series)
	out := p.Render() + "\n" + strings.Join(p.Legend(w), "\n") + "\n"
	if tty {
		_, err := lipgloss.Fprint(a.Stdout, out)
		return err
	}
	_, err := io.WriteString(a.Stdout, out)
	return err
}
