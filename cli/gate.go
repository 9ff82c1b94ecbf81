package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"mltui/config"
	"mltui/format"
	"mltui/promote"
)

func init() { register(newGateCmd) }

// Exit codes of `mltui gate`.
const (
	gatePass  = 0
	gateFail  = 1
	gateError = 2
)

func newGateCmd(a *App) *cobra.Command {
	var (
		output  string
		timeout time.Duration
	)
	cmd := &cobra.Command{
		Use:   "gate MODEL VERSION",
		Short: "Check a model version against the quality gates in the config (exit 0 pass, 1 fail, 2 error)",
		Long: "gate evaluates the registry gates from the config file (registry.gates: metric thresholds and " +
			"\"beats the alias holder by a margin\" comparisons) against the metrics of the version's source run, " +
			"or its logged model's metrics where the run lacks them. A missing or NaN metric fails its gate. " +
			"Exit status: 0 every gate passed, 1 a gate failed, 2 the gates could not be evaluated " +
			"(store unreachable, unknown version, invalid gate, or no gates configured for the model).",
		Example: "  mltui gate iris-classifier 4\n  mltui gate iris-classifier 4 -o json --config ci/mltui.yaml",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return &ExitError{Code: gateError, Err: fmt.Errorf("unknown output %q: use text or json", output)}
			}
			version, err := parseVersionArg(args[1])
			if err != nil {
				return &ExitError{Code: gateError, Err: err}
			}
			cfg, err := a.Config()
			if err != nil {
				return &ExitError{Code: gateError, Err: err}
			}
			ctx, s, done, err := a.openFor(cmd.Context(), timeout)
			if err != nil {
				return &ExitError{Code: gateError, Err: err}
			}
			defer done()
			return runGate(ctx, s, cfg, args[0], version, output, a.Stdout)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	cmd.Flags().DurationVar(&timeout, "timeout", 2*time.Minute, "give up after this long")
	return cmd
}

// runGate evaluates and prints; the returned *ExitError carries the exit code.
func runGate(ctx context.Context, s promote.Reader, cfg *config.Config, model, version, output string, w io.Writer) error {
	rep, err := promote.Evaluate(ctx, s, cfg, model, version)
	if err != nil {
		return &ExitError{Code: gateError, Err: err}
	}
	if output == "json" {
		if rep.Results == nil {
			rep.Results = []promote.GateResult{}
		}
		if err := writeJSON(w, rep); err != nil {
			return &ExitError{Code: gateError, Err: err}
		}
	} else {
		writeGateText(w, rep)
	}
	switch {
	case rep.NoGates:
		return &ExitError{Code: gateError, Err: fmt.Errorf("no gates configured for %s (add registry.gates to %s)", model, cfgPathOr(cfg))}
	case !rep.Passed:
		return &ExitError{Code: gateFail, Err: fmt.Errorf("%s v%s: %d of %d gates failed", model, version, rep.Failed(), len(rep.Results))}
	}
	return nil
}

func cfgPathOr(cfg *config.Config) string {
	if cfg.Path() == "" {
		return "the config file"
	}
	return cfg.Path()
}

// writeGateText prints the PASS/FAIL table.
func writeGateText(w io.Writer, rep promote.GateReport) {
	fmt.Fprintf(w, "%s v%s — metrics from %s\n", format.Visible(rep.Model), format.Visible(rep.Version), format.Visible(rep.Source))
	if rep.NoGates {
		fmt.Fprintf(w, "no gates configured for %s\n", format.Visible(rep.Model))
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, g := range rep.Results {
		val := "-"
		if g.Value != nil {
			val = format.Float(float64(*g.Value))
		}
		if g.AgainstVersion != "" && g.Against != nil {
			val += " vs " + format.Float(float64(*g.Against)) + " (v" + g.AgainstVersion + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", g.Status, format.Visible(g.Gate), val, format.Visible(g.Reason))
	}
	tw.Flush()
	verdict := "PASS"
	if !rep.Passed {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "result: %s (%d of %d gates passed)\n", verdict, len(rep.Results)-rep.Failed(), len(rep.Results))
}

// parseVersionArg accepts "4" or "v4".
func parseVersionArg(s string) (string, error) {
	v := strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "v"), "V")
	if err := promote.ValidateVersion(v); err != nil {
		return "", err
	}
	return v, nil
}
