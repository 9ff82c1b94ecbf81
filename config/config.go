// Package config reads and writes mltui's config file (XDG path): profiles,
// remembered columns, metric goals, refresh settings, registry gates, key
// bindings, mouse reporting and how images are drawn.
// It never stores secrets: profiles say where auth comes from, not what it is.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"go.yaml.in/yaml/v3"

	"mltui/termimage"
)

// Profile is a named connection.
type Profile struct {
	TrackingURI string `yaml:"tracking_uri"`
	ReadOnly    bool   `yaml:"read_only,omitempty"`
	// Auth names where credentials come from: "env" (MLFLOW_TRACKING_*),
	// "credentials" (~/.mlflow/credentials) or "" for both, as MLflow does.
	Auth      string `yaml:"auth,omitempty"`
	Workspace string `yaml:"workspace,omitempty"`
}

// Columns are the metric and param columns chosen for one experiment.
type Columns struct {
	Metrics []string `yaml:"metrics,omitempty"`
	Params  []string `yaml:"params,omitempty"`
	// System are figures over system metric histories: gpu_util_mean,
	// gpu_mem_peak.
	System []string `yaml:"system,omitempty"`
}

// MetricGoal says whether lower or higher is better for a metric.
type MetricGoal struct {
	Goal string `yaml:"goal"` // "min" or "max"
}

// Gate is one quality gate. Either Threshold (metric op threshold) or
// BeatsAlias (the candidate beats the alias holder on metric by MinDelta).
type Gate struct {
	Model      string   `yaml:"model,omitempty"` // model name or "" / "*" for all
	Metric     string   `yaml:"metric"`
	Op         string   `yaml:"op,omitempty"` // >=, >, <=, <, ==
	Threshold  *float64 `yaml:"threshold,omitempty"`
	BeatsAlias string   `yaml:"beats_alias,omitempty"`
	MinDelta   float64  `yaml:"min_delta,omitempty"`
}

// Registry holds promotion settings.
type Registry struct {
	ProtectedAliases []string `yaml:"protected_aliases,omitempty"`
	ApproveAlias     string   `yaml:"approve_alias,omitempty"`
	Gates            []Gate   `yaml:"gates,omitempty"`
}

// Config is the whole file.
type Config struct {
	DefaultProfile  string                `yaml:"default_profile,omitempty"`
	Profiles        map[string]Profile    `yaml:"profiles,omitempty"`
	RefreshInterval Duration              `yaml:"refresh_interval,omitempty"`
	StaleAfter      Duration              `yaml:"stale_after,omitempty"`
	Theme           string                `yaml:"theme,omitempty"`   // dark, light, auto
	Columns         map[string]Columns    `yaml:"columns,omitempty"` // by experiment ID
	Metrics         map[string]MetricGoal `yaml:"metrics,omitempty"`
	Registry        Registry              `yaml:"registry,omitempty"`
	// Keys rebinds actions: action name (keys.Map's, e.g. "nav.down")
	// to the keys that trigger it.
	Keys map[string]KeyList `yaml:"keys,omitempty"`
	// Mouse turns mouse reporting off when false (default on).
	Mouse *bool `yaml:"mouse,omitempty"`
	// SearchConcurrency is how many run searches go to a tracking server at
	// once when a listing is long (default 4; 1 walks one page after another).
	SearchConcurrency int `yaml:"search_concurrency,omitempty"`
	// Serving maps a model, as NAME@ALIAS (or any models:/ URI), to the
	// scoring server that serves it: `mltui serving check` and the version
	// detail ask it /health and send it the version's input example.
	Serving map[string]string `yaml:"serving,omitempty"`
	// Images is how pictures are drawn: auto (from the terminal), kitty,
	// iterm2, sixel, halfblocks or none.
	Images string `yaml:"images,omitempty"`
	// Alerts are what the dashboard and `mltui watch` say about followed runs.
	Alerts Alerts `yaml:"alerts,omitempty"`
	// Serve is `mltui serve --ssh`'s settings.
	Serve Serve `yaml:"serve,omitempty"`

	path string
}

// KeyList is the keys of one action: a list, or a single key as a string.
type KeyList []string

func (k *KeyList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*k = KeyList{n.Value}
		return nil
	case yaml.SequenceNode:
		var ks []string
		if err := n.Decode(&ks); err != nil {
			return err
		}
		*k = ks
		return nil
	}
	return fmt.Errorf("line %d: keys: want a key or a list of keys", n.Line)
}

// Duration is a time.Duration written as "5s" in YAML.
type Duration struct{ time.Duration }

func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("duration %q: %w", n.Value, err)
	}
	d.Duration = v
	return nil
}

// Defaults returns the settings used when the file says nothing.
func Defaults() Config {
	return Config{
		RefreshInterval:   Duration{5 * time.Second},
		StaleAfter:        Duration{10 * time.Minute},
		Theme:             "auto",
		SearchConcurrency: 4,
		Registry: Registry{
			ProtectedAliases: []string{"champion", "production"},
			ApproveAlias:     "staging",
		},
	}
}

// DefaultPath is $XDG_CONFIG_HOME/mltui/config.yaml (~/.config/mltui/config.yaml).
func DefaultPath() string {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "mltui", "config.yaml")
}

// Load reads path; a missing file gives the defaults. Fields the file omits
// keep their defaults.
func Load(path string) (*Config, error) {
	c := Defaults()
	c.path = path
	if path == "" {
		return &c, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("parse config %s: %w", path, err)
	}
	if c.SearchConcurrency < 1 || c.SearchConcurrency > 32 {
		return nil, fmt.Errorf("config %s: search_concurrency %d: want 1 to 32", path, c.SearchConcurrency)
	}
	for model, endpoint := range c.Serving {
		if u, err := url.Parse(endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("config %s: serving %q: %q is not an http:// or https:// URL", path, model, endpoint)
		}
	}
	if _, err := termimage.ParseMode(c.Images); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if err := c.Alerts.validate(); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	c.path = path
	return &c, nil
}

// Path is where the config was loaded from and will be saved to.
func (c *Config) Path() string { return c.path }

// Save writes the config atomically (temp file + rename).
func (c *Config) Save() error {
	if c.path == "" {
		return errors.New("save config: no config path")
	}
	b, err := yaml.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode config: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), ".config-*.yaml")
	if err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("save config: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	if err := os.Rename(tmp.Name(), c.path); err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	return nil
}

// Profile returns a named profile.
func (c *Config) Profile(name string) (Profile, bool) {
	p, ok := c.Profiles[name]
	return p, ok
}

// KeyBindings is the keys section as keys.Map.Rebind takes it.
func (c *Config) KeyBindings() map[string][]string {
	if c == nil || len(c.Keys) == 0 {
		return nil
	}
	out := make(map[string][]string, len(c.Keys))
	for name, ks := range c.Keys {
		out[name] = ks
	}
	return out
}

// Concurrency is SearchConcurrency, at least 1.
func (c *Config) Concurrency() int { return max(c.SearchConcurrency, 1) }

// MouseEnabled says whether the dashboard may enable mouse reporting:
// yes unless the file says mouse: false.
func (c *Config) MouseEnabled() bool {
	return c == nil || c.Mouse == nil || *c.Mouse
}

// LowerIsBetter says whether a lower value of metric is better: the config
// decides when it names the metric, otherwise the name does (loss, error…).
func (c *Config) LowerIsBetter(metric string) bool {
	if c != nil {
		if g, ok := c.Metrics[metric]; ok {
			return g.Goal == "min"
		}
	}
	return LooksLikeLoss(metric)
}
