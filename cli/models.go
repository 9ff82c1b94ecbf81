package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"mltui/client"
	"mltui/config"
	"mltui/format"
	"mltui/promote"
)

func init() { register(newModelsCmd) }

func newModelsCmd(a *App) *cobra.Command {
	var (
		output  string
		filter  string
		timeout time.Duration
	)
	cmd := &cobra.Command{
		Use:   "models [NAME]",
		Short: "List registered models, or one model's versions",
		Long: "models lists the registered models (aliases, latest version, last update). With a model name it " +
			"lists that model's versions: aliases, legacy stage, status, creation time, user, source run and its key " +
			"metrics (the gate metrics from the config first), and the approval_status tag.",
		Example: "  mltui models\n  mltui models iris-classifier -o json",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "table" && output != "json" {
				return &ExitError{Code: 2, Err: fmt.Errorf("unknown output %q: use table or json", output)}
			}
			ctx, s, done, err := a.openFor(cmd.Context(), timeout)
			if err != nil {
				return &ExitError{Code: 2, Err: err}
			}
			defer done()
			cfg, err := a.Config()
			if err != nil {
				return &ExitError{Code: 2, Err: err}
			}
			if len(args) == 0 {
				err = listModels(ctx, s, filter, output, a.Stdout)
			} else {
				err = listVersions(ctx, s, cfg, args[0], output, a.Stdout)
			}
			if err != nil {
				return &ExitError{Code: 2, Err: err}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "table", "output format: table or json")
	cmd.Flags().StringVar(&filter, "filter", "", "MLflow registered-model filter, e.g. \"name LIKE 'iris%'\"")
	cmd.Flags().DurationVar(&timeout, "timeout", 2*time.Minute, "give up after this long")
	return cmd
}

// listModels prints every registered model.
func listModels(ctx context.Context, s client.Registry, filter, output string, w io.Writer) error {
	ms, err := client.AllRegisteredModels(ctx, s, client.ModelQuery{Filter: filter})
	if err != nil {
		return fmt.Errorf("list models: %w", err)
	}
	if output == "json" {
		if ms == nil {
			ms = []client.RegisteredModel{}
		}
		return writeJSON(w, ms)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tALIASES\tLATEST\tUPDATED\tDESCRIPTION")
	for _, m := range ms {
		latest := promote.LatestVersion(m)
		if latest != "" {
			latest = "v" + latest
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", format.Visible(m.Name), format.Visible(aliasList(promote.AliasHolders(m))), dash(latest),
			format.Timestamp(format.Millis(m.LastUpdatedTimestamp)), format.Truncate(format.Visible(m.Description), 40))
	}
	return tw.Flush()
}

// versionJSON is one version in `models NAME -o json`: the version as
// MLflow returns it plus its source run's name and latest metrics.
type versionJSON struct {
	client.ModelVersion
	RunName    string                    `json:"run_name,omitempty"`
	RunMetrics map[string]promote.Number `json:"run_metrics,omitempty"`
	RunError   string                    `json:"run_error,omitempty"`
}

// listVersions prints a model's versions with their source runs.
func listVersions(ctx context.Context, s promote.Reader, cfg *config.Config, model, output string, w io.Writer) error {
	_, vs, err := promote.LoadModel(ctx, s, model)
	if err != nil {
		return err
	}
	if output == "json" {
		out := make([]versionJSON, 0, len(vs))
		for _, v := range vs {
			j := versionJSON{ModelVersion: v.ModelVersion}
			if v.Run != nil {
				j.RunName = v.Run.Name()
				j.RunMetrics = map[string]promote.Number{}
				for _, m := range v.Run.Data.Metrics {
					j.RunMetrics[m.Key] = promote.Number(m.Value)
				}
			}
			if v.RunErr != nil {
				j.RunError = v.RunErr.Error()
			}
			out = append(out, j)
		}
		return writeJSON(w, out)
	}
	keys := promote.KeyMetrics(cfg.Registry, model, vs, 3)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := []string{"VERSION", "ALIASES", "STAGE", "STATUS", "CREATED", "USER", "RUN"}
	for _, k := range keys {
		head = append(head, strings.ToUpper(k))
	}
	head = append(head, "APPROVAL")
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, v := range vs {
		aliases := append([]string(nil), v.Aliases...)
		sort.Strings(aliases)
		run := dash(format.ShortID(v.RunID))
		switch {
		case v.Run != nil:
			run = v.Run.Name()
		case v.RunErr != nil:
			run = "? (" + client.KindOf(v.RunErr).String() + ")"
		}
		row := []string{"v" + v.Version, dash(strings.Join(aliases, ",")), dash(v.CurrentStage), dash(v.Status),
			format.Timestamp(format.Millis(v.CreationTimestamp)), dash(v.UserID), run}
		for _, k := range keys {
			cell := "-"
			if v.Run != nil {
				if m, ok := v.Run.Metric(k); ok {
					cell = format.Float(m.Value)
				}
			}
			row = append(row, cell)
		}
		approval, _ := v.Tag(promote.TagApprovalStatus)
		row = append(row, dash(approval))
		for i := range row {
			row[i] = format.Visible(row[i]) // store text: never raw on a terminal
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

func aliasList(as []client.AliasRef) string {
	if len(as) == 0 {
		return "-"
	}
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.Alias + "=v" + a.Version
	}
	return strings.Join(parts, ",")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}
