package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"mltui/client"
	"mltui/diff"
)

func init() { register(newDiffCmd) }

// diffFlags are `mltui diff`'s options.
type diffFlags struct {
	output    string
	all       bool
	baseline  string
	sort      bool
	noHistory bool
	model     string
	timeout   time.Duration
	width     int
}

// historyWorkers bounds the metric-history requests in flight at once.
const historyWorkers = 8

func newDiffCmd(a *App) *cobra.Command {
	var f diffFlags
	cmd := &cobra.Command{
		Use:   "diff RUN_ID RUN_ID... | diff --model NAME VERSION VERSION",
		Short: "Compare runs (or two model versions) side by side",
		Long: "diff prints the params, metrics (latest, min and max over the full history, with deltas " +
			"against the baseline), attributes, tags and dataset inputs of two or more runs, or of the " +
			"source runs of two versions of a registered model. Only rows that differ are printed unless --all is given.",
		Example: "  mltui diff 3f2a… 9bc1… -o md            # a Markdown table for a PR comment\n" +
			"  mltui diff 3f2a… 9bc1… 77de… -o json --all\n" +
			"  mltui diff --model iris-classifier 3 @challenger",
		Args: func(cmd *cobra.Command, args []string) error {
			if f.model != "" {
				if len(args) != 2 {
					return fmt.Errorf("diff --model compares exactly two versions (numbers or @alias), got %d", len(args))
				}
				return nil
			}
			if len(args) < 2 {
				return fmt.Errorf("diff needs at least two run IDs, got %d", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runDiff(cmd.Context(), f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.output, "output", "o", "table", "output format: table, md, json or csv")
	fl.BoolVar(&f.all, "all", false, "include rows that are identical in every run")
	fl.StringVar(&f.baseline, "baseline", "", "run ID (or 1-based column number) to measure deltas against; default the first")
	fl.BoolVar(&f.sort, "sort-change", false, "order rows in each section by the size of their change")
	fl.BoolVar(&f.noHistory, "no-history", false, "skip min/max (saves reading every metric's full history)")
	fl.StringVar(&f.model, "model", "", "compare two versions of this registered model instead of runs")
	fl.DurationVar(&f.timeout, "timeout", 2*time.Minute, "give up after this long")
	fl.IntVar(&f.width, "width", 32, "widest cell of -o table before it is cut with …")
	return cmd
}

func (a *App) runDiff(ctx context.Context, f diffFlags, args []string) error {
	switch f.output {
	case "table", "md", "markdown", "json", "csv":
	default:
		return fmt.Errorf("unknown output %q: use table, md, json or csv", f.output)
	}
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	ctx, s, done, err := a.openFor(ctx, f.timeout)
	if err != nil {
		return err
	}
	defer done()

	opts := diff.Options{LowerIsBetter: cfg.LowerIsBetter, History: !f.noHistory, Now: time.Now(), Location: time.Local}
	var t diff.Table
	if f.model != "" {
		t, err = diffVersions(ctx, s, f.model, args, opts)
	} else {
		t, err = diffRuns(ctx, s, args, f.baseline, opts)
	}
	if err != nil {
		return err
	}
	if failed := failedCells(t); failed > 0 {
		fmt.Fprintf(a.Stderr, "warning: %d metric histories could not be read; their min/max show as \"error\"\n", failed)
	}
	return writeDiff(a.Stdout, t, f, a.safeData)
}

// diffRuns reads the runs and their metric histories and compares them.
func diffRuns(ctx context.Context, s client.Store, ids []string, baseline string, opts diff.Options) (diff.Table, error) {
	runs := make([]client.Run, 0, len(ids))
	for _, id := range ids {
		r, err := s.GetRun(ctx, id)
		if err != nil {
			return diff.Table{}, fmt.Errorf("read run %s: %w", id, err)
		}
		runs = append(runs, r)
	}
	b, err := baselineIndex(baseline, ids)
	if err != nil {
		return diff.Table{}, err
	}
	opts.Baseline = b
	if opts.History {
		if opts.Stats, err = loadStats(ctx, s, diff.StatKeys(runs)); err != nil {
			return diff.Table{}, err
		}
	}
	return diff.Runs(runs, opts), nil
}

// diffVersions compares two versions (numbers or @alias) of a model and their source runs.
func diffVersions(ctx context.Context, s client.Store, model string, refs []string, opts diff.Options) (diff.Table, error) {
	var sides [2]diff.VersionSide
	var runs []client.Run
	for i, ref := range refs {
		var (
			v   client.ModelVersion
			err error
		)
		if alias, ok := strings.CutPrefix(ref, "@"); ok {
			v, err = s.GetModelVersionByAlias(ctx, model, alias)
		} else {
			v, err = s.GetModelVersion(ctx, model, strings.TrimPrefix(ref, "v"))
		}
		if err != nil {
			return diff.Table{}, fmt.Errorf("read %s version %s: %w", model, ref, err)
		}
		sides[i].Version = v
		if v.RunID == "" {
			continue
		}
		r, err := s.GetRun(ctx, v.RunID)
		switch {
		case err == nil:
			sides[i].Run = &r
			runs = append(runs, r)
		case client.KindOf(err) == client.KindNotFound:
			// The source run was deleted: its params and metrics show as missing.
		default:
			return diff.Table{}, fmt.Errorf("read source run %s of %s v%s: %w", v.RunID, model, v.Version, err)
		}
	}
	if opts.History {
		var err error
		if opts.Stats, err = loadStats(ctx, s, diff.StatKeys(runs)); err != nil {
			return diff.Table{}, err
		}
	}
	return diff.Versions(sides[0], sides[1], opts), nil
}

// loadStats reads every history with bounded concurrency. A failed history
// becomes an "error" cell; only the deadline running out fails the command.
func loadStats(ctx context.Context, s client.Store, keys []diff.StatKey) (map[diff.StatKey]diff.Stats, error) {
	out := make(map[diff.StatKey]diff.Stats, len(keys))
	fetch := func(ctx context.Context, runID, key string) ([]client.Metric, error) {
		return client.MetricHistory(ctx, s, runID, key)
	}
	for r := range diff.LoadStats(ctx, keys, historyWorkers, fetch) {
		out[r.StatKey] = r.Stats
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("read metric histories (%d of %d done): %w", len(out), len(keys), err)
	}
	return out, nil
}

// baselineIndex finds the baseline column from a run ID, an ID prefix or a
// 1-based column number.
func baselineIndex(b string, ids []string) (int, error) {
	if b == "" {
		return 0, nil
	}
	for i, id := range ids {
		if id == b {
			return i, nil
		}
	}
	match := -1
	for i, id := range ids {
		if strings.HasPrefix(id, b) {
			if match >= 0 {
				return 0, fmt.Errorf("--baseline %q matches more than one run", b)
			}
			match = i
		}
	}
	if match >= 0 {
		return match, nil
	}
	if n, err := strconv.Atoi(b); err == nil && n >= 1 && n <= len(ids) {
		return n - 1, nil
	}
	return 0, fmt.Errorf("--baseline %q is not one of the runs being compared", b)
}

func failedCells(t diff.Table) int {
	n := 0
	for _, r := range t.Rows {
		if r.Stat == diff.StatMin {
			for _, c := range r.Cells {
				if c.Failed {
					n++
				}
			}
		}
	}
	return n
}

// writeDiff writes the diff in f's format; safe guards what a data
// format (csv) prints on a terminal.
func writeDiff(w io.Writer, t diff.Table, f diffFlags, safe func(out, what string) string) error {
	x := diff.Export{All: f.all, SortByChange: f.sort}
	var out string
	switch f.output {
	case "md", "markdown":
		out = t.Markdown(x)
	case "json":
		b, err := t.JSON(x)
		if err != nil {
			return err
		}
		out = string(b)
	case "csv":
		s, err := t.CSV(x)
		if err != nil {
			return err
		}
		out = safe(s, "csv")
	default:
		out = t.Text(x, f.width)
	}
	if _, err := io.WriteString(w, out); err != nil && !errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("write diff: %w", err)
	}
	return nil
}
