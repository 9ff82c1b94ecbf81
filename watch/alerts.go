package watch

import (
	"fmt"
	"math"
	"strings"

	"mltui/client"
	"mltui/config"
	"mltui/format"
)

// Alert is a rule that began to hold for a run.
type Alert struct {
	RunID string
	Rule  string // what the rule says: "stalled", "val_loss above 0.5"
	Text  string // one line for a toast, a log or a notification
}

// Alerter fires each rule once per run when it begins to hold, and again
// only after it stopped holding (a metric back under its threshold, a run
// logging again). It judges only runs it has seen RUNNING: opening a
// finished run says nothing.
type Alerter struct {
	rules   []config.AlertRule
	holding map[string]bool // run ID + rule
	running map[string]bool
}

// NewAlerter checks rules (config.Config.AlertRules).
func NewAlerter(rules []config.AlertRule) *Alerter {
	return &Alerter{rules: rules, holding: map[string]bool{}, running: map[string]bool{}}
}

// Seen notes a run's status without judging it: a run already RUNNING
// when the watch began counts as seen running.
func (a *Alerter) Seen(run client.Run) {
	if run.Info.Status == client.StatusRunning {
		a.running[run.Info.RunID] = true
	}
}

// Check reads one look at a run and returns the alerts that fired now.
func (a *Alerter) Check(run client.Run, p Progress) []Alert {
	id := run.Info.RunID
	if run.Info.Status == client.StatusRunning {
		a.running[id] = true
	}
	if !a.running[id] {
		return nil
	}
	var out []Alert
	for _, r := range a.rules {
		rule, holds := ruleHolds(r, run, p)
		k := id + "\x00" + rule
		switch {
		case holds && !a.holding[k]:
			a.holding[k] = true
			out = append(out, Alert{RunID: id, Rule: rule, Text: alertText(run, rule, p)})
		case !holds:
			delete(a.holding, k)
		}
	}
	return out
}

// ruleHolds describes a rule and says whether it holds now.
func ruleHolds(r config.AlertRule, run client.Run, p Progress) (string, bool) {
	switch r.On {
	case "stalled":
		return r.On, p.Stalled // also when it diverged first: the two are told apart
	case "diverged":
		return r.On, len(p.Diverged) > 0 && run.Info.Status == client.StatusRunning
	case "finished":
		return r.On, run.Info.Status == client.StatusFinished
	case "failed":
		return r.On, run.Info.Status == client.StatusFailed || run.Info.Status == client.StatusKilled
	}
	m, ok := run.Metric(r.Metric)
	var parts []string
	holds := false
	if r.Above != nil {
		parts = append(parts, "above "+format.Float(*r.Above))
		holds = holds || ok && !math.IsNaN(m.Value) && m.Value > *r.Above
	}
	if r.Below != nil {
		parts = append(parts, "below "+format.Float(*r.Below))
		holds = holds || ok && !math.IsNaN(m.Value) && m.Value < *r.Below
	}
	return r.Metric + " " + strings.Join(parts, " or "), holds
}

func alertText(run client.Run, rule string, p Progress) string {
	name := format.Visible(run.Name())
	switch rule {
	case "finished", "failed":
		return fmt.Sprintf("%s %s", name, strings.ToLower(string(run.Info.Status)))
	case "stalled", "diverged":
		return fmt.Sprintf("%s %s: %s", name, rule, p.Line())
	}
	m, _ := run.Metric(strings.Fields(rule)[0])
	return fmt.Sprintf("%s: %s (now %s at step %d)", name, rule, format.Float(m.Value), m.Step)
}
