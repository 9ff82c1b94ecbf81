package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"mltui/client"
	"mltui/config"
	"mltui/format"
	"mltui/sweep"
)

func init() { register(newSweepCmd) }

type sweepFlags struct {
	runsFlags
	metric string
	by     []string
}

func newSweepCmd(a *App) *cobra.Command {
	var f sweepFlags
	cmd := &cobra.Command{
		Use:   "sweep EXPERIMENT --metric M",
		Short: "Summarise a sweep: runs grouped by params with mean/min/max/std, which params matter, the best run per group",
		Long: "sweep reads every run of an experiment that matches --filter and groups them by the values of the " +
			"--by params (or tags.NAME); each group shows its run count and the metric's mean, min, max and sample " +
			"standard deviation over the runs' latest values, NaN and infinite values counted apart, and its best " +
			"run (lower is better for loss-like names and goal: min in the config). Without --by it groups by the " +
			"two params that explain most of the metric. The importance table gives, per param that varies, the " +
			"share of the metric's variance between its values (η², 0–1) and, for numeric params, the Spearman rank " +
			"correlation, with the runs behind each; fewer than 5 runs is said plainly.",
		Example: "  mltui sweep mnist-mlp --metric val_loss\n  mltui sweep mnist-mlp --metric val_loss --by optimizer/name,batch_size -o md",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f.experiment = args[0]
			if f.metric == "" {
				return &ExitError{Code: 2, Err: errors.New("which metric? give --metric NAME")}
			}
			switch f.output {
			case "table", "md", "json", "csv":
			default:
				return &ExitError{Code: 2, Err: fmt.Errorf("unknown output %q: use table, md, json or csv", f.output)}
			}
			return a.withStore(cmd.Context(), func(ctx context.Context, s client.Store, cfg *config.Config) error {
				exp, runs, err := experimentRuns(ctx, s, cfg, f.runsFlags)
				if err != nil {
					return err
				}
				rep := buildSweep(runs, f.metric, f.by, cfg.LowerIsBetter(f.metric))
				rep.Experiment = exp.Name
				switch f.output {
				case "json":
					return writeSweepJSON(a.Stdout, rep)
				case "csv":
					var b strings.Builder
					if err := writeSweepCSV(&b, rep); err != nil {
						return err
					}
					_, err := io.WriteString(a.Stdout, a.safeData(b.String(), "csv"))
					return err
				}
				return writeSweepText(a.Stdout, rep, f.output == "md")
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.metric, "metric", "m", "", "the metric to summarise (its latest value per run)")
	fl.StringSliceVar(&f.by, "by", nil, "params (or tags.NAME) to group by, comma-separated (default: the two that matter most)")
	fl.StringVarP(&f.filter, "filter", "f", "", "MLflow search filter, e.g. \"attributes.status = 'FINISHED'\"")
	fl.StringVarP(&f.output, "output", "o", "table", "output format: table, md, json or csv")
	return cmd
}

// sweepReport is what sweep prints.
type sweepReport struct {
	Experiment  string
	Metric      string
	Lower       bool
	By          []string
	Runs        int
	Groups      []sweep.Group
	Importances []sweep.Importance
}

// buildSweep groups the runs and ranks the params that vary among them.
func buildSweep(runs []client.Run, metric string, by []string, lower bool) sweepReport {
	rep := sweepReport{Metric: metric, Lower: lower, Runs: len(runs)}
	rep.Importances = sweep.Importances(runs, metric, sweep.VaryingParams(runs))
	if len(by) == 0 {
		by = sweep.Strongest(rep.Importances, 2)
	}
	rep.By = by
	rep.Groups = sweep.GroupBy(runs, by, []string{metric}, func(string) bool { return lower })
	sweep.SortGroups(rep.Groups, metric, "mean", !lower)
	return rep
}

// num prints a figure, NaN as "-".
func num(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return format.Float(v)
}

// groupRows are the groups as cells under header (after the grouped
// keys), figures written by num.
func (r sweepReport) groupRows(header []string, num func(float64) string) [][]string {
	rows := [][]string{append(slices.Clone(r.By), header...)}
	for _, g := range r.Groups {
		s := g.Stats[r.Metric]
		row := append(slices.Clone(g.Values), strconv.Itoa(len(g.Runs)), num(s.Mean), num(s.Min), num(s.Max), num(s.Std), strconv.Itoa(s.NaN), s.BestID)
		rows = append(rows, row)
	}
	return rows
}

func (r sweepReport) importanceRows() [][]string {
	rows := [][]string{{"PARAM", "RUNS", "VALUES", "SHARE", "SPEARMAN", "NOTE"}}
	for _, imp := range r.Importances {
		rows = append(rows, []string{imp.Param, format.Int(imp.N), format.Int(imp.Values), num(imp.Share), num(imp.Spearman), imp.Note})
	}
	return rows
}

// writeSweepText prints both tables aligned (or as Markdown), every cell
// of store text in its visible form.
func writeSweepText(w io.Writer, r sweepReport, md bool) error {
	goal := "higher is better"
	if r.Lower {
		goal = "lower is better"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s runs · %s (latest value; %s)\n", format.Visible(r.Experiment), format.Int(r.Runs), format.Visible(r.Metric), goal)
	if len(r.By) > 0 {
		fmt.Fprintf(&b, "\ngrouped by %s\n", format.Visible(strings.Join(r.By, ", ")))
	} else {
		b.WriteString("\nno param varies enough to group by: all runs in one group\n")
	}
	writeGrid(&b, r.groupRows([]string{"RUNS", "MEAN", "MIN", "MAX", "STD", "NAN", "BEST RUN"}, num), md)
	b.WriteString("\nwhich params matter (share of the variance between their values; Spearman for numbers)\n")
	writeGrid(&b, r.importanceRows(), md)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeGrid(b *strings.Builder, rows [][]string, md bool) {
	if md {
		for i, row := range rows {
			cells := make([]string, len(row))
			for j, c := range row {
				cells[j] = strings.ReplaceAll(format.Visible(c), "|", `\|`)
			}
			b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
			if i == 0 {
				b.WriteString("|" + strings.Repeat("---|", len(row)) + "\n")
			}
		}
		return
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = min(max(widths[i], format.Width(format.Visible(c))), 60)
		}
	}
	for _, row := range rows {
		var line strings.Builder
		for i, c := range row {
			line.WriteString(format.Fit(format.Visible(c), widths[i]))
			line.WriteString("  ")
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

type sweepGroupJSON struct {
	Values map[string]string `json:"values"`
	Runs   []string          `json:"run_ids"`
	N      int               `json:"n"`
	NaN    int               `json:"nan"`
	Mean   format.JSONFloat  `json:"mean"`
	Min    format.JSONFloat  `json:"min"`
	Max    format.JSONFloat  `json:"max"`
	Std    format.JSONFloat  `json:"std"`
	Best   string            `json:"best_run_id,omitempty"`
}

type sweepImportanceJSON struct {
	Param    string           `json:"param"`
	N        int              `json:"n"`
	Values   int              `json:"values"`
	Share    format.JSONFloat `json:"share"`
	Spearman format.JSONFloat `json:"spearman"`
	Note     string           `json:"note,omitempty"`
}

func writeSweepJSON(w io.Writer, r sweepReport) error {
	out := struct {
		Experiment    string                `json:"experiment"`
		Metric        string                `json:"metric"`
		LowerIsBetter bool                  `json:"lower_is_better"`
		By            []string              `json:"by"`
		Runs          int                   `json:"runs"`
		Groups        []sweepGroupJSON      `json:"groups"`
		Importances   []sweepImportanceJSON `json:"importances"`
	}{Experiment: r.Experiment, Metric: r.Metric, LowerIsBetter: r.Lower, By: r.By, Runs: r.Runs}
	if out.By == nil {
		out.By = []string{}
	}
	for _, g := range r.Groups {
		s := g.Stats[r.Metric]
		gj := sweepGroupJSON{Values: map[string]string{}, N: s.N, NaN: s.NaN, Mean: format.JSONFloat(s.Mean),
			Min: format.JSONFloat(s.Min), Max: format.JSONFloat(s.Max), Std: format.JSONFloat(s.Std), Best: s.BestID}
		for i, k := range r.By {
			gj.Values[k] = g.Values[i]
		}
		for _, run := range g.Runs {
			gj.Runs = append(gj.Runs, run.Info.RunID)
		}
		out.Groups = append(out.Groups, gj)
	}
	for _, imp := range r.Importances {
		out.Importances = append(out.Importances, sweepImportanceJSON{Param: imp.Param, N: imp.N, Values: imp.Values,
			Share: format.JSONFloat(imp.Share), Spearman: format.JSONFloat(imp.Spearman), Note: imp.Note})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeSweepCSV writes the groups, one row each (the exact values).
func writeSweepCSV(w io.Writer, r sweepReport) error {
	cw := csv.NewWriter(w)
	for _, row := range r.groupRows([]string{"runs", "mean", "min", "max", "std", "nan", "best_run_id"}, csvFloat) {
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	return cw.Error()
}
