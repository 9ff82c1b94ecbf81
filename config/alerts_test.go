package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func loadYAML(t *testing.T, text string) (*Config, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return Load(p)
}

func TestAlertsConfig(t *testing.T) {
	c, err := loadYAML(t, "alerts:\n  rules:\n    - on: stalled\n    - metric: val_loss\n      above: 0.5\n  notify: [bell, osc9]\n  on_alert: [notify-send, mltui]\n")
	if err != nil {
		t.Fatal(err)
	}
	rs := c.AlertRules()
	if len(rs) != 2 || rs[0].On != "stalled" || rs[1].Metric != "val_loss" || *rs[1].Above != 0.5 {
		t.Fatalf("rules %+v", rs)
	}
	if !c.Notifies("bell") || !c.Notifies("osc9") || c.Notifies("osc777") || strings.Join(c.Alerts.OnAlert, " ") != "notify-send mltui" {
		t.Fatalf("notify %v on_alert %v", c.Alerts.Notify, c.Alerts.OnAlert)
	}
	d, _ := loadYAML(t, "theme: dark\n")
	if got := d.AlertRules(); len(got) != 4 || d.Notifies("bell") {
		t.Fatalf("defaults: rules %+v", got)
	}
	for _, bad := range []struct{ yaml, says string }{
		{"alerts:\n  rules:\n    - on: exploded\n", "want one of stalled"},
		{"alerts:\n  rules:\n    - metric: loss\n", "needs a threshold"},
		{"alerts:\n  rules:\n    - on: stalled\n      metric: loss\n", "not both"},
		{"alerts:\n  rules:\n    - on: failed\n      above: 1\n", "go with a metric rule"},
		{"alerts:\n  rules:\n    - metric: loss\n      above: .nan\n", "finite"},
		{"alerts:\n  notify: [siren]\n", "want bell, osc9 or osc777"},
		{"alerts:\n  on_alert: [\"\"]\n", "program to run"},
	} {
		if _, err := loadYAML(t, bad.yaml); err == nil || !strings.Contains(err.Error(), bad.says) {
			t.Errorf("%q: error %v, want %q", bad.yaml, err, bad.says)
		}
	}
}
