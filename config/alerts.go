package config

import (
	"errors"
	"fmt"
	"math"
)

// Alerts are the rules the dashboard and `mltui watch` check on the runs
// they follow, and how a firing rule gets attention beyond its toast or
// line.
type Alerts struct {
	Rules []AlertRule `yaml:"rules,omitempty"`
	// Notify adds, per alert: "bell" (BEL), "osc9" (iTerm2/kitty/WezTerm/
	// Ghostty desktop notification), "osc777" (urxvt/foot/Konsole).
	Notify []string `yaml:"notify,omitempty"`
	// OnAlert runs a command per alert, argv as given with the alert's
	// text as the last argument; no shell is involved.
	OnAlert []string `yaml:"on_alert,omitempty"`
	// StallAfter calls a run stalled after this long without a point
	// (default: 5 of its own logging intervals, at least 2 minutes).
	StallAfter Duration `yaml:"stall_after,omitempty"`
}

// AlertRule is one condition: a state of the run (on: stalled, diverged,
// finished, failed) or a metric crossing a threshold (metric with above
// and/or below).
type AlertRule struct {
	On     string   `yaml:"on,omitempty"`
	Metric string   `yaml:"metric,omitempty"`
	Above  *float64 `yaml:"above,omitempty"`
	Below  *float64 `yaml:"below,omitempty"`
}

// AlertStates are the states a rule can be on.
var AlertStates = []string{"stalled", "diverged", "finished", "failed"}

// DefaultAlertRules apply when the config has no alerts section: say when
// a followed run stalls, diverges or ends.
func DefaultAlertRules() []AlertRule {
	out := make([]AlertRule, len(AlertStates))
	for i, s := range AlertStates {
		out[i] = AlertRule{On: s}
	}
	return out
}

// AlertRules are the rules in force.
func (c *Config) AlertRules() []AlertRule {
	if c == nil || len(c.Alerts.Rules) == 0 {
		return DefaultAlertRules()
	}
	return c.Alerts.Rules
}

// Notifies says whether alerts add this kind of notice (bell, osc9, osc777).
func (c *Config) Notifies(kind string) bool {
	if c == nil {
		return false
	}
	for _, n := range c.Alerts.Notify {
		if n == kind {
			return true
		}
	}
	return false
}

func (a Alerts) validate() error {
	for i, r := range a.Rules {
		where := fmt.Sprintf("alerts.rules[%d]", i)
		switch {
		case r.On != "" && r.Metric != "":
			return fmt.Errorf("%s: give on or metric, not both", where)
		case r.On != "":
			ok := false
			for _, s := range AlertStates {
				ok = ok || r.On == s
			}
			if !ok {
				return fmt.Errorf("%s: on: %q: want one of stalled, diverged, finished, failed", where, r.On)
			}
			if r.Above != nil || r.Below != nil {
				return fmt.Errorf("%s: above and below go with a metric rule, not with on", where)
			}
		case r.Metric != "":
			if r.Above == nil && r.Below == nil {
				return fmt.Errorf("%s: metric %q needs a threshold (above or below)", where, r.Metric)
			}
			for _, v := range []*float64{r.Above, r.Below} {
				if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
					return fmt.Errorf("%s: a threshold must be a finite number", where)
				}
			}
		default:
			return fmt.Errorf("%s: give on (a state) or a metric with above or below", where)
		}
	}
	for _, n := range a.Notify {
		switch n {
		case "bell", "osc9", "osc777":
		default:
			return fmt.Errorf("alerts.notify: %q: want bell, osc9 or osc777", n)
		}
	}
	if len(a.OnAlert) > 0 && a.OnAlert[0] == "" {
		return errors.New("alerts.on_alert: the first element is the program to run")
	}
	return nil
}
