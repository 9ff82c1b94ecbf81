package promote

import (
	"context"
	"fmt"
	"math"
	"path"
	"strconv"

	"mltui/client"
	"mltui/config"
	"mltui/format"
)

// Status is a gate's outcome.
type Status string

const (
	Pass Status = "PASS"
	Fail Status = "FAIL"
)

// Number is a metric value that may be NaN or ±Inf (format.JSONFloat:
// those are strings in JSON, as MLflow writes them).
type Number = format.JSONFloat

// GateResult is one gate's verdict with the numbers behind it.
type GateResult struct {
	Gate   string  `json:"gate"` // "accuracy >= 0.9", "f1_macro beats champion by >= 0.01"
	Metric string  `json:"metric"`
	Status Status  `json:"status"`
	Value  *Number `json:"value,omitempty"` // the candidate's value
	// Against is the threshold, or the alias holder's value for a comparison.
	Against        *Number `json:"against,omitempty"`
	AgainstVersion string  `json:"against_version,omitempty"`
	Reason         string  `json:"reason,omitempty"`
}

// GateReport is the outcome of every gate that applies to a version.
type GateReport struct {
	Model   string       `json:"model"`
	Version string       `json:"version"`
	Source  string       `json:"metrics_from"` // "run <id>", "logged model <id>"
	Results []GateResult `json:"results"`
	// NoGates is set when the config names no gate for this model: the
	// report does not pass by itself and approval needs explicit consent.
	NoGates bool `json:"no_gates"`
	Passed  bool `json:"passed"`
}

// Failed counts the failing gates.
func (r GateReport) Failed() int {
	n := 0
	for _, g := range r.Results {
		if g.Status != Pass {
			n++
		}
	}
	return n
}

// GatesFor returns the gates that apply to a model: those naming it, those
// with no model or "*", and those whose model is a glob pattern matching it.
func GatesFor(reg config.Registry, model string) []config.Gate {
	var out []config.Gate
	for _, g := range reg.Gates {
		if g.Model == "" || g.Model == "*" || g.Model == model {
			out = append(out, g)
			continue
		}
		if ok, err := path.Match(g.Model, model); err == nil && ok {
			out = append(out, g)
		}
	}
	return out
}

// ValidateGate reports a gate the config cannot mean.
func ValidateGate(g config.Gate) error {
	if g.Metric == "" {
		return fmt.Errorf("gate without a metric")
	}
	switch {
	case g.Threshold != nil && g.BeatsAlias != "":
		return fmt.Errorf("gate on %s: set either threshold or beats_alias, not both", g.Metric)
	case g.Threshold != nil:
		if _, err := compare(g.Op); err != nil {
			return fmt.Errorf("gate on %s: %w", g.Metric, err)
		}
	case g.BeatsAlias != "":
		if err := ValidateAlias(g.BeatsAlias); err != nil {
			return fmt.Errorf("gate on %s: beats_alias: %w", g.Metric, err)
		}
		if g.MinDelta < 0 || math.IsNaN(g.MinDelta) {
			return fmt.Errorf("gate on %s: min_delta must be zero or more", g.Metric)
		}
	default:
		return fmt.Errorf("gate on %s: needs a threshold or beats_alias", g.Metric)
	}
	return nil
}

// Describe renders a gate as the report shows it.
func Describe(g config.Gate, lowerIsBetter bool) string {
	if g.BeatsAlias != "" {
		s := fmt.Sprintf("%s beats %s by >= %s", g.Metric, g.BeatsAlias, formatNum(g.MinDelta))
		if lowerIsBetter {
			s += " (lower is better)"
		}
		return s
	}
	op := g.Op
	if op == "" {
		op = ">="
	}
	th := 0.0
	if g.Threshold != nil {
		th = *g.Threshold
	}
	return fmt.Sprintf("%s %s %s", g.Metric, op, formatNum(th))
}

func formatNum(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func compare(op string) (func(a, b float64) bool, error) {
	switch op {
	case "", ">=":
		return func(a, b float64) bool { return a >= b }, nil
	case ">":
		return func(a, b float64) bool { return a > b }, nil
	case "<=":
		return func(a, b float64) bool { return a <= b }, nil
	case "<":
		return func(a, b float64) bool { return a < b }, nil
	case "==":
		return func(a, b float64) bool { return a == b }, nil
	}
	return nil, fmt.Errorf("unknown operator %q (use >=, >, <=, < or ==)", op)
}

// Evaluate runs the configured gates for one version. An error means the
// gates could not be evaluated (store unreachable, version missing, a gate
// the config cannot mean); a failing gate is not an error.
func Evaluate(ctx context.Context, s Reader, cfg *config.Config, model, version string) (GateReport, error) {
	rep := GateReport{Model: model, Version: version}
	if cfg == nil {
		d := config.Defaults()
		cfg = &d
	}
	gates := GatesFor(cfg.Registry, model)
	for _, g := range gates {
		if err := ValidateGate(g); err != nil {
			return rep, &client.Error{Kind: client.KindInvalidParameter, Op: "gates", Message: "config " + cfg.Path() + ": " + err.Error()}
		}
	}
	mv, err := s.GetModelVersion(ctx, model, version)
	if err != nil {
		return rep, fmt.Errorf("gates for %s v%s: %w", model, version, err)
	}
	cand := newMetricSource(s, mv)
	rep.Source = cand.describe()
	if len(gates) == 0 {
		rep.NoGates = true
		return rep, nil
	}
	var (
		reg       client.RegisteredModel
		regLoaded bool
		holders   = map[string]*metricSource{}
	)
	for _, g := range gates {
		lower := cfg.LowerIsBetter(g.Metric)
		res := GateResult{Gate: Describe(g, lower), Metric: g.Metric, Status: Fail}
		val, ok, err := cand.get(ctx, g.Metric)
		if err != nil {
			return rep, fmt.Errorf("gates for %s v%s: %w", model, version, err)
		}
		if ok {
			n := Number(val)
			res.Value = &n
		}
		if g.Threshold != nil {
			th := Number(*g.Threshold)
			res.Against = &th
			cmp, _ := compare(g.Op)
			switch {
			case !ok:
				res.Reason = "metric missing"
			case math.IsNaN(val):
				res.Reason = "metric is NaN"
			case cmp(val, *g.Threshold):
				res.Status = Pass
			default:
				res.Reason = fmt.Sprintf("%s is %s", g.Metric, formatNum(val))
			}
			rep.Results = append(rep.Results, res)
			continue
		}
		if !regLoaded {
			if reg, err = s.GetRegisteredModel(ctx, model); err != nil {
				return rep, fmt.Errorf("gates for %s: read aliases: %w", model, err)
			}
			regLoaded = true
		}
		holder, held := reg.AliasVersion(g.BeatsAlias)
		res.AgainstVersion = holder
		switch {
		case !held:
			res.Status = Pass
			res.Reason = fmt.Sprintf("no version holds %s: nothing to beat", g.BeatsAlias)
			rep.Results = append(rep.Results, res)
			continue
		case holder == version:
			res.Status = Pass
			res.Reason = fmt.Sprintf("v%s is %s itself", version, g.BeatsAlias)
			rep.Results = append(rep.Results, res)
			continue
		}
		src := holders[holder]
		if src == nil {
			hv, err := s.GetModelVersion(ctx, model, holder)
			if err != nil {
				return rep, fmt.Errorf("gates: read %s holder v%s: %w", g.BeatsAlias, holder, err)
			}
			src = newMetricSource(s, hv)
			holders[holder] = src
		}
		other, otherOK, err := src.get(ctx, g.Metric)
		if err != nil {
			return rep, fmt.Errorf("gates: %s holder v%s: %w", g.BeatsAlias, holder, err)
		}
		if otherOK {
			n := Number(other)
			res.Against = &n
		}
		margin := val - other
		if lower {
			margin = other - val
		}
		switch {
		case !ok:
			res.Reason = "metric missing"
		case !otherOK:
			res.Reason = fmt.Sprintf("metric missing on %s v%s", g.BeatsAlias, holder)
		case math.IsNaN(val):
			res.Reason = "metric is NaN"
		case math.IsNaN(other):
			res.Reason = fmt.Sprintf("metric is NaN on %s v%s", g.BeatsAlias, holder)
		case margin >= g.MinDelta:
			res.Status = Pass
		default:
			res.Reason = fmt.Sprintf("%s vs %s on v%s: margin %s < %s", formatNum(val), formatNum(other), holder, formatNum(margin), formatNum(g.MinDelta))
		}
		rep.Results = append(rep.Results, res)
	}
	rep.Passed = rep.Failed() == 0
	return rep, nil
}

// metricSource reads a version's metrics from its source run, falling back
// to its logged model's metrics for keys the run lacks (MLflow 3 logs some
// metrics on the model only).
type metricSource struct {
	r     Reader
	mv    client.ModelVersion
	run   *client.Run
	model *client.LoggedModel
	err   error
}

func newMetricSource(r Reader, mv client.ModelVersion) *metricSource {
	return &metricSource{r: r, mv: mv}
}

// Reader is the read side of a store that gates need.
type Reader interface {
	client.Tracking
	client.Registry
}

func (m *metricSource) describe() string {
	switch {
	case m.mv.RunID != "":
		return "run " + m.mv.RunID
	case m.mv.LoggedModelID() != "":
		return "logged model " + m.mv.LoggedModelID()
	}
	return "no source run"
}

func (m *metricSource) get(ctx context.Context, key string) (float64, bool, error) {
	if m.run == nil && m.mv.RunID != "" && m.err == nil {
		r, err := m.r.GetRun(ctx, m.mv.RunID)
		switch {
		case err == nil:
			m.run = &r
		case client.KindOf(err) == client.KindNotFound:
			m.run = &client.Run{} // run gone: the logged model may still know
		default:
			m.err = fmt.Errorf("read source run %s: %w", m.mv.RunID, err)
		}
	}
	if m.err != nil {
		return 0, false, m.err
	}
	if m.run != nil {
		if v, ok := m.run.Metric(key); ok {
			return v.Value, true, nil
		}
	}
	id := m.mv.LoggedModelID()
	if id == "" {
		return 0, false, nil
	}
	if m.model == nil {
		lm, err := m.r.GetLoggedModel(ctx, id)
		switch {
		case err == nil:
			m.model = &lm
		case client.KindOf(err) == client.KindNotFound:
			m.model = &client.LoggedModel{}
		default:
			return 0, false, fmt.Errorf("read logged model %s: %w", id, err)
		}
	}
	return latestMetric(m.model.Metrics, key)
}

// latestMetric picks the value with the largest (step, timestamp), the
// rule MLflow uses for a run's latest metric.
func latestMetric(ms []client.Metric, key string) (float64, bool, error) {
	var (
		best  client.Metric
		found bool
	)
	for _, m := range ms {
		if m.Key != key {
			continue
		}
		if !found || m.Step > best.Step || (m.Step == best.Step && m.Timestamp > best.Timestamp) {
			best, found = m, true
		}
	}
	return best.Value, found, nil
}
