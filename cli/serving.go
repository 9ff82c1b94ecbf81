package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"mltui/client"
	"mltui/client/mlmodel"
	"mltui/client/serving"
	"mltui/format"
)

func init() { register(newServingCmd) }

// Exit codes of `mltui serving check`, as a CI/CD step after a promotion reads them.
const (
	servingOK        = 0
	servingUnhealthy = 1
	servingError     = 2
)

func newServingCmd(a *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serving",
		Short: "Check the scoring servers that serve registered models",
	}
	cmd.AddCommand(newServingCheckCmd(a))
	return cmd
}

// servingTarget is one endpoint to check, and the model it should serve.
type servingTarget struct {
	URL   string
	Model string // as configured or given: NAME@ALIAS, models:/…; "" for none
}

func newServingCheckCmd(a *App) *cobra.Command {
	var (
		model, input, output string
		pings                int
		timeout              time.Duration
	)
	cmd := &cobra.Command{
		Use:   "check [URL]",
		Short: "Ask a scoring server /health, /version and one prediction (exit 0 healthy and answering, 1 unhealthy, 2 error)",
		Long: "check asks an MLflow scoring server (mlflow models serve, or its container) /health (/ping where " +
			"/health is missing) and /version, times N health requests (the median is printed), and, given a model, " +
			"sends /invocations that model version's own input example (serving_input_example.json, the body the " +
			"scoring server expects) and prints the answer beside the signature's output schema. A 4xx is printed " +
			"verbatim with the request that caused it.\n\n" +
			"--model NAME@ALIAS (or any models:/ URI) is read from the registry when the check runs, so after a " +
			"promotion it names the new version. Without URL the endpoint comes from the config's serving map " +
			"(serving: {iris-classifier@champion: http://…}); with neither URL nor --model every configured endpoint " +
			"is checked. Exit status: 0 every endpoint healthy and answering, 1 one is down, slow, not a scoring " +
			"server or rejects the example, 2 the check could not be made (bad arguments, the registry unreachable).",
		Example: "  mltui serving check http://127.0.0.1:5001 --model iris-classifier@champion\n" +
			"  mltui serving check --model iris-classifier@champion    # the URL from the config\n" +
			"  mltui serving check                                      # every endpoint in the config\n" +
			"  mltui serving check http://127.0.0.1:5001 --input payload.json -o json",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return &ExitError{Code: servingError, Err: fmt.Errorf("unknown output %q: use text or json", output)}
			}
			if input != "" && model == "" && len(args) == 0 {
				return &ExitError{Code: servingError, Err: fmt.Errorf("--input needs the endpoint's URL")}
			}
			targets, err := a.servingTargets(args, model)
			if err != nil {
				return &ExitError{Code: servingError, Err: err}
			}
			var body []byte
			if input != "" {
				if !filepath.IsAbs(input) {
					input = filepath.Join(a.Cwd, input)
				}
				if body, err = os.ReadFile(input); err != nil {
					return &ExitError{Code: servingError, Err: fmt.Errorf("read --input: %w", err)}
				}
				if !json.Valid(body) {
					return &ExitError{Code: servingError, Err: fmt.Errorf("--input %s is not JSON (the scoring server takes dataframe_split, dataframe_records, instances or inputs)", input)}
				}
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			var (
				results []servingResult
				s       client.Store
			)
			for _, t := range targets {
				res := servingResult{Target: t, input: input}
				ex := body
				if t.Model != "" {
					if s == nil {
						st, _, err := a.Open(ctx)
						if err != nil {
							return &ExitError{Code: servingError, Err: err}
						}
						defer st.Close()
						s = st
					}
					res.expect, err = modelExpectation(ctx, s, t.Model)
					if err != nil {
						return &ExitError{Code: servingError, Err: err}
					}
					if body == nil {
						ex = res.expect.example.Body
					}
				}
				res.Report, err = serving.Check(ctx, t.URL, serving.Options{Example: ex, Pings: pings, Timeout: min(timeout, 30*time.Second)})
				if err != nil {
					return &ExitError{Code: servingError, Err: err}
				}
				results = append(results, res)
			}
			if output == "json" {
				if err := writeJSON(a.Stdout, servingJSON(results)); err != nil {
					return &ExitError{Code: servingError, Err: err}
				}
			} else {
				for i, r := range results {
					if i > 0 {
						fmt.Fprintln(a.Stdout)
					}
					writeServingText(a.Stdout, r)
				}
			}
			for _, r := range results {
				if !r.Report.OK() {
					return &ExitError{Code: servingUnhealthy}
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&model, "model", "", "the model the endpoint serves: NAME@ALIAS, models:/NAME/VERSION, …; its input example is sent")
	cmd.Flags().StringVar(&input, "input", "", "a JSON file to send to /invocations instead of the model's input example")
	cmd.Flags().IntVarP(&pings, "count", "n", 5, "health requests to time (the median is reported)")
	cmd.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	cmd.Flags().DurationVar(&timeout, "timeout", 60*time.Second, "give up after this long (each request: at most 30 s)")
	return cmd
}

// servingTargets picks the endpoints: the URL given, or the config's.
func (a *App) servingTargets(args []string, model string) ([]servingTarget, error) {
	if len(args) == 1 {
		return []servingTarget{{URL: args[0], Model: model}}, nil
	}
	cfg, err := a.Config()
	if err != nil {
		return nil, err
	}
	if model != "" {
		if u, ok := cfg.Serving[model]; ok {
			return []servingTarget{{URL: u, Model: model}}, nil
		}
		return nil, fmt.Errorf("no URL given and the config (%s) has no serving entry for %s: add serving: {%s: http://…}", cfg.Path(), model, model)
	}
	if len(cfg.Serving) == 0 {
		return nil, fmt.Errorf("give the scoring server's URL, or list endpoints in the config (%s) as serving: {NAME@ALIAS: http://…}", cfg.Path())
	}
	var out []servingTarget
	for m, u := range cfg.Serving {
		out = append(out, servingTarget{URL: u, Model: m})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Model < out[j].Model })
	return out, nil
}

// expectation is what the registry says the endpoint should be serving.
type expectation struct {
	ref     client.ModelRef
	version *client.ModelVersion
	files   client.FileSet
	example serving.ModelExample
}

func modelExpectation(ctx context.Context, s client.Store, model string) (*expectation, error) {
	ref, err := client.ParseModelURI(model)
	if err != nil {
		return nil, fmt.Errorf("--model: %w", err)
	}
	if ref.Path != "" {
		return nil, fmt.Errorf("--model %s: name the model, not a file inside it", format.Visible(model))
	}
	mv, files, err := client.ResolveModel(ctx, s, ref)
	if err != nil {
		return nil, err
	}
	ex, err := serving.LoadExample(ctx, s, files)
	if err != nil {
		return nil, err
	}
	return &expectation{ref: ref, version: mv, files: files, example: ex}, nil
}

type servingResult struct {
	Target servingTarget
	Report serving.Report
	expect *expectation
	input  string // --input, sent instead of the model's example
}

// requestShown bounds the request printed beside a rejected example.
const requestShown = 2000

func writeServingText(w io.Writer, r servingResult) {
	rep := r.Report
	head := "serving " + format.Visible(rep.URL)
	if e := r.expect; e != nil {
		head += "  " + format.Visible(e.ref.String())
		if e.version != nil {
			head += " → version " + format.Visible(e.version.Version)
		}
	}
	fmt.Fprintln(w, head)
	row := func(k, v string) { fmt.Fprintf(w, "  %-9s %s\n", k, v) }
	if !rep.Healthy {
		row("health", "✗ "+format.Visible(rep.HealthErr))
		fmt.Fprintln(w, "unhealthy")
		return
	}
	h := fmt.Sprintf("✓ %s %d", rep.HealthPath, rep.HealthStatus)
	if rep.Version != "" {
		h += " · MLflow " + format.Visible(rep.Version)
	}
	row("health", h)
	row("latency", fmt.Sprintf("p50 %s of %d health requests", format.Latency(rep.P50), len(rep.Latencies)))
	var outputs []mlmodel.Column
	sent := "the input example"
	if e := r.expect; e != nil && e.example.Model.Signature != nil {
		outputs = e.example.Model.Signature.Outputs
	}
	switch e := r.expect; {
	case r.input != "":
		sent = filepath.Base(r.input)
		row("input", format.Visible(r.input))
	case e != nil && e.example.Body == nil:
		row("example", "none logged with "+format.Visible(e.files.String())+": /invocations not called")
	case e != nil:
		row("example", format.Visible(e.example.From)+" of "+format.Visible(e.files.String()))
	}
	if !rep.Invoked {
		fmt.Fprintf(w, "healthy · p50 %s\n", format.Latency(rep.P50))
		return
	}
	if rep.AnswerErr != "" {
		row("answer", "✗ "+format.Visible(rep.AnswerErr))
		req := string(rep.Request)
		if len(req) > requestShown {
			req = req[:requestShown] + fmt.Sprintf("… (%d bytes)", len(rep.Request))
		}
		row("request", "POST /invocations "+format.Visible(req))
		fmt.Fprintln(w, "unhealthy: the endpoint is up but does not answer the example")
		return
	}
	answer := format.Visible(rep.AnswerText(200))
	row("answer", answer)
	if len(outputs) > 0 {
		cols := make([]string, len(outputs))
		for i, c := range outputs {
			cols[i] = c.String()
		}
		row("schema", format.Visible(strings.Join(cols, "; ")))
	}
	fmt.Fprintf(w, "healthy · answers %s for %s · p50 %s\n", answer, format.Visible(sent), format.Latency(rep.P50))
}

// servingJSON is the machine-readable report.
func servingJSON(results []servingResult) []map[string]any {
	out := make([]map[string]any, 0, len(results))
	for _, r := range results {
		rep := r.Report
		lat := make([]float64, len(rep.Latencies))
		for i, d := range rep.Latencies {
			lat[i] = float64(d) / float64(time.Millisecond)
		}
		m := map[string]any{
			"url": rep.URL, "ok": rep.OK(), "healthy": rep.Healthy, "health_path": rep.HealthPath,
			"health_status": rep.HealthStatus, "mlflow_version": rep.Version,
			"latencies_ms": lat, "p50_ms": float64(rep.P50) / float64(time.Millisecond), "invoked": rep.Invoked,
		}
		if rep.HealthErr != "" {
			m["health_error"] = rep.HealthErr
		}
		if rep.Invoked {
			m["request"] = json.RawMessage(rep.Request)
			m["answer_status"] = rep.AnswerStatus
			if rep.AnswerErr != "" {
				m["answer_error"] = rep.AnswerErr
			} else {
				m["predictions"] = rep.Answer
			}
		}
		if e := r.expect; e != nil {
			m["model"] = e.ref.String()
			if e.version != nil {
				m["version"] = e.version.Version
			}
			m["model_files"] = e.files.String()
			m["example_from"] = e.example.From
			if r.input != "" {
				m["example_from"] = r.input
			}
			if sig := e.example.Model.Signature; sig != nil {
				cols := make([]string, len(sig.Outputs))
				for i, c := range sig.Outputs {
					cols[i] = c.String()
				}
				m["output_schema"] = cols
			}
		}
		out = append(out, m)
	}
	return out
}
