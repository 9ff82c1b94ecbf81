package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"mltui/client"
	"mltui/config"
	"mltui/format"
)

func init() { register(newRunsCmd) }

type runsFlags struct {
	experiment string
	filter     string
	orderBy    []string
	max        int
	output     string
	deleted    bool
}

func newRunsCmd(a *App) *cobra.Command {
	var f runsFlags
	cmd := &cobra.Command{
		Use:   "runs [EXPERIMENT]",
		Short: "Print the runs of an experiment (every page) as a table, JSON or CSV",
		Long: "runs prints every run of an experiment that matches --filter (MLflow search syntax, e.g. " +
			"\"metrics.accuracy > 0.9 and params.max_depth = '5'\"), in --order-by order, walking all pages. " +
			"JSON writes NaN and infinite metric values as the strings \"NaN\", \"Infinity\" and \"-Infinity\".",
		Example: "  mltui runs --experiment iris-classification --order-by 'metrics.accuracy DESC' --max 5\n" +
			"  mltui runs iris-classification -o json --filter \"status = 'FINISHED'\"",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if f.experiment != "" && f.experiment != args[0] {
					return &ExitError{Code: 2, Err: fmt.Errorf("experiment given twice: %q and --experiment %q", args[0], f.experiment)}
				}
				f.experiment = args[0]
			}
			if f.experiment == "" {
				return &ExitError{Code: 2, Err: errors.New("which experiment? give --experiment NAME (or its ID)")}
			}
			switch f.output {
			case "table", "json", "csv":
			default:
				return &ExitError{Code: 2, Err: fmt.Errorf("unknown output %q: use table, json or csv", f.output)}
			}
			if f.max < 0 {
				return &ExitError{Code: 2, Err: errors.New("--max must be 0 (all) or more")}
			}
			return a.withStore(cmd.Context(), func(ctx context.Context, s client.Store, cfg *config.Config) error {
				return listRuns(ctx, s, cfg, f, a.Stdout, a.safeData)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.experiment, "experiment", "e", "", "experiment name or ID")
	fl.StringVarP(&f.filter, "filter", "f", "", "MLflow search filter, e.g. \"metrics.accuracy > 0.9\"")
	fl.StringArrayVar(&f.orderBy, "order-by", nil, "order, e.g. \"metrics.accuracy DESC\" (repeatable)")
	fl.IntVarP(&f.max, "max", "n", 0, "stop after N runs (0: all)")
	fl.StringVarP(&f.output, "output", "o", "table", "output format: table, json or csv")
	fl.BoolVar(&f.deleted, "deleted", false, "include deleted runs")
	return cmd
}

// findExperiment resolves a name, falling back to an ID when the name is
// all digits and no experiment has it as a name.
func findExperiment(ctx context.Context, s client.Tracking, ref string) (client.Experiment, error) {
	e, err := s.GetExperimentByName(ctx, ref)
	if err == nil {
		return e, nil
	}
	if client.KindOf(err) == client.KindNotFound {
		if _, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
			if e, err2 := s.GetExperiment(ctx, ref); err2 == nil {
				return e, nil
			}
		}
		return client.Experiment{}, fmt.Errorf("no experiment named %q: %w", ref, err)
	}
	return client.Experiment{}, fmt.Errorf("look up experiment %q: %w", ref, err)
}

// listRuns prints the runs in f's format; safe guards what a data format
// (csv) prints on a terminal.
func listRuns(ctx context.Context, s client.Tracking, cfg *config.Config, f runsFlags, w io.Writer, safe func(out, what string) string) error {
	exp, runs, err := experimentRuns(ctx, s, cfg, f)
	if err != nil {
		return err
	}
	switch f.output {
	case "json":
		return writeRunsJSON(w, runs)
	case "csv":
		var buf strings.Builder
		if err := writeRunsCSV(&buf, runs); err != nil {
			return err
		}
		_, err := io.WriteString(w, safe(buf.String(), "csv"))
		return err
	}
	cols, ok := cfg.Columns[exp.ID]
	if !ok {
		cols.Metrics, cols.Params = client.CommonKeys(runs, 4, 3)
	}
	return writeRunsTable(w, runs, cols, time.Now())
}

// experimentRuns finds f's experiment and reads every run that matches
// f's filter, order and limit, going wide on a tracking server
// (search_concurrency).
func experimentRuns(ctx context.Context, s client.Tracking, cfg *config.Config, f runsFlags) (client.Experiment, []client.Run, error) {
	exp, err := findExperiment(ctx, s, f.experiment)
	if err != nil {
		return exp, nil, err
	}
	q := client.RunQuery{ExperimentIDs: []string{exp.ID}, Filter: f.filter, OrderBy: f.orderBy, MaxResults: 1000}
	if f.deleted {
		q.ViewType = client.AllViews
	}
	if f.max > 0 && f.max < q.MaxResults {
		q.MaxResults = f.max
	}
	opt := client.WideFor(s, cfg.Concurrency())
	opt.Limit = f.max
	runs, err := client.WalkRuns(ctx, s, q, opt)
	if err != nil {
		return exp, nil, fmt.Errorf("search runs of %s: %w", exp.Name, err)
	}
	return exp, runs, nil
}

type runJSON struct {
	RunID          string                      `json:"run_id"`
	RunName        string                      `json:"run_name"`
	ExperimentID   string                      `json:"experiment_id"`
	Status         string                      `json:"status"`
	UserID         string                      `json:"user_id,omitempty"`
	StartTime      int64                       `json:"start_time,omitempty"`
	EndTime        int64                       `json:"end_time,omitempty"`
	ArtifactURI    string                      `json:"artifact_uri,omitempty"`
	LifecycleStage string                      `json:"lifecycle_stage"`
	ParentRunID    string                      `json:"parent_run_id,omitempty"`
	Metrics        map[string]format.JSONFloat `json:"metrics"`
	Params         map[string]string           `json:"params"`
	Tags           map[string]string           `json:"tags"`
}

func writeRunsJSON(w io.Writer, runs []client.Run) error {
	out := make([]runJSON, len(runs))
	for i, r := range runs {
		j := runJSON{
			RunID: r.Info.RunID, RunName: r.Name(), ExperimentID: r.Info.ExperimentID, Status: string(r.Info.Status),
			UserID: r.Info.UserID, StartTime: r.Info.StartTime, EndTime: r.Info.EndTime, ArtifactURI: r.Info.ArtifactURI,
			LifecycleStage: r.Info.LifecycleStage, ParentRunID: r.ParentRunID(),
			Metrics: map[string]format.JSONFloat{}, Params: map[string]string{}, Tags: map[string]string{},
		}
		for _, m := range r.Data.Metrics {
			j.Metrics[m.Key] = format.JSONFloat(m.Value)
		}
		for _, p := range r.Data.Params {
			j.Params[p.Key] = p.Value
		}
		for _, t := range r.Data.Tags {
			j.Tags[t.Key] = t.Value
		}
		out[i] = j
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// writeRunsCSV writes one row per run with every metric and param key
// present in any run as its own column (metrics.<key>, params.<key>).
func writeRunsCSV(w io.Writer, runs []client.Run) error {
	metrics, params := client.AllKeys(runs)
	cw := csv.NewWriter(w)
	header := []string{"run_id", "run_name", "status", "user_id", "start_time", "end_time", "parent_run_id"}
	for _, k := range metrics {
		header = append(header, "metrics."+k)
	}
	for _, k := range params {
		header = append(header, "params."+k)
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, r := range runs {
		rec := []string{r.Info.RunID, r.Name(), string(r.Info.Status), r.Info.UserID, msString(r.Info.StartTime), msString(r.Info.EndTime), r.ParentRunID()}
		for _, k := range metrics {
			v := ""
			if m, ok := r.Metric(k); ok {
				v = csvFloat(m.Value)
			}
			rec = append(rec, v)
		}
		for _, k := range params {
			v, _ := r.Param(k)
			rec = append(rec, v)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func msString(ms int64) string {
	if ms == 0 {
		return ""
	}
	return strconv.FormatInt(ms, 10)
}

func csvFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "Infinity"
	case math.IsInf(v, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// writeRunsTable prints aligned columns: id, status, name, start, duration,
// user, then the chosen metric and param columns.
func writeRunsTable(w io.Writer, runs []client.Run, cols config.Columns, now time.Time) error {
	header := []string{"RUN ID", "STATUS", "NAME", "STARTED", "DURATION", "USER"}
	header = append(header, cols.Metrics...)
	header = append(header, cols.Params...)
	rows := [][]string{header}
	for _, r := range runs {
		start := format.Millis(r.Info.StartTime)
		dur := "-"
		if r.Info.StartTime > 0 && r.Info.EndTime > 0 {
			dur = format.Duration(time.Duration(r.Info.EndTime-r.Info.StartTime) * time.Millisecond)
		} else if r.Info.Status == client.StatusRunning && r.Info.StartTime > 0 {
			dur = format.Duration(now.Sub(start).Truncate(time.Second)) + "+"
		}
		row := []string{r.Info.RunID, string(r.Info.Status), r.Name(), format.Timestamp(start), dur, r.Info.UserID}
		for _, k := range cols.Metrics {
			v := ""
			if m, ok := r.Metric(k); ok {
				v = format.Float(m.Value)
			}
			row = append(row, v)
		}
		for _, k := range cols.Params {
			v, _ := r.Param(k)
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	widths := make([]int, len(header))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = min(max(widths[i], format.Width(format.Visible(c))), 40)
		}
	}
	var b strings.Builder
	for _, row := range rows {
		b.Reset()
		for i, c := range row {
			if i == len(row)-1 {
				b.WriteString(format.Truncate(format.Visible(c), widths[i]))
				break
			}
			b.WriteString(format.Fit(format.Visible(c), widths[i]))
			b.WriteString("  ")
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(b.String(), " ")); err != nil {
			return fmt.Errorf("write table: %w", err)
		}
	}
	if len(runs) == 0 {
		_, err := fmt.Fprintln(w, "(no runs)")
		return err
	}
	return nil
}
