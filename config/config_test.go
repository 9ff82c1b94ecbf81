package config

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestLoadMissingFileGivesDefaults(t *testing.T) {
	c, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if c.RefreshInterval.Duration != 5*time.Second || c.Registry.ApproveAlias != "staging" {
		t.Fatalf("defaults not applied: %+v", c)
	}
	if got := strings.Join(c.Registry.ProtectedAliases, ","); got != "champion,production" {
		t.Fatalf("protected aliases = %q", got)
	}
}

func TestLoadKeepsDefaultsForOmittedFields(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("refresh_interval: 2s\nprofiles:\n  prod: {tracking_uri: 'http://h:5000', read_only: true}\n"), 0o600)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.RefreshInterval.Duration != 2*time.Second || c.StaleAfter.Duration != 10*time.Minute {
		t.Fatalf("durations: %v %v", c.RefreshInterval, c.StaleAfter)
	}
	if pr, ok := c.Profile("prod"); !ok || !pr.ReadOnly || pr.TrackingURI != "http://h:5000" {
		t.Fatalf("profile: %+v %v", pr, ok)
	}
}

func TestLoadBadFileNamesIt(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(p, []byte("refresh_interval: soon\n"), 0o600)
	_, err := Load(p)
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "soon") {
		t.Fatalf("err = %v", err)
	}
}

func TestSaveRoundTrip(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "c.yaml")
	c, _ := Load(p)
	c.Columns = map[string]Columns{"1": {Metrics: []string{"accuracy"}, Params: []string{"max_depth"}}}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	back, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Columns["1"]; len(got.Metrics) != 1 || got.Metrics[0] != "accuracy" || got.Params[0] != "max_depth" {
		t.Fatalf("columns not kept: %+v", got)
	}
	if back.RefreshInterval.Duration != 5*time.Second {
		t.Fatalf("refresh interval not kept: %v", back.RefreshInterval)
	}
}

func TestLowerIsBetter(t *testing.T) {
	c := Defaults()
	c.Metrics = map[string]MetricGoal{"val_error_rate_inverted": {Goal: "max"}, "throughput": {Goal: "min"}}
	cases := map[string]bool{
		"train_loss": true, "val/loss": true, "rmse": true, "mae": true, "eval-error": true, "perplexity": true,
		"accuracy": false, "f1_macro": false, "lr": false, "precision_macro": false,
		"val_error_rate_inverted": false, "throughput": true, // config overrides the name
	}
	for name, want := range cases {
		if got := c.LowerIsBetter(name); got != want {
			t.Errorf("LowerIsBetter(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestLoadKeysAndMouse(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("keys:\n  nav.down: [n, down]\n  runs.mark: m\nmouse: false\n"), 0o600)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	got := c.KeyBindings()
	if strings.Join(got["nav.down"], ",") != "n,down" || strings.Join(got["runs.mark"], ",") != "m" || len(got) != 2 {
		t.Fatalf("keys = %v", got)
	}
	if c.MouseEnabled() {
		t.Fatal("mouse: false ignored")
	}
	// Saving keeps both.
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	back, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(back.Keys["nav.down"], ",") != "n,down" || back.MouseEnabled() {
		t.Fatalf("after save: keys %v mouse %v", back.Keys, back.MouseEnabled())
	}
}

func TestLoadKeysFromJSON(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(p, []byte(`{"keys": {"runs.down": "n", "runs.up": ["e", "up"]}, "mouse": true}`), 0o600)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Keys["runs.down"], ",") != "n" || strings.Join(c.Keys["runs.up"], ",") != "e,up" || !c.MouseEnabled() {
		t.Fatalf("keys %v mouse %v", c.Keys, c.MouseEnabled())
	}
}

func TestMouseDefaultsOn(t *testing.T) {
	c := Defaults()
	if !c.MouseEnabled() || c.KeyBindings() != nil {
		t.Fatal("defaults: mouse off or keys set")
	}
	var none *Config
	if !none.MouseEnabled() {
		t.Fatal("nil config: mouse off")
	}
}

func TestLoadBadKeysNamesFileAndLine(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(p, []byte("keys:\n  nav.down: {key: n}\n"), 0o600)
	_, err := Load(p)
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "list of keys") {
		t.Fatalf("err = %v", err)
	}
}

func TestSearchConcurrency(t *testing.T) {
	dir := t.TempDir()
	c, _ := Load(filepath.Join(dir, "none.yaml"))
	if c.Concurrency() != 4 {
		t.Fatalf("default search_concurrency %d, want 4", c.Concurrency())
	}
	for in, want := range map[string]string{"1": "", "8": "", "0": "want 1 to 32", "-2": "want 1 to 32", "99": "want 1 to 32"} {
		p := filepath.Join(dir, "c"+in+".yaml")
		os.WriteFile(p, []byte("search_concurrency: "+in+"\n"), 0o600)
		c, err := Load(p)
		switch {
		case want == "" && (err != nil || strconv.Itoa(c.Concurrency()) != in):
			t.Errorf("search_concurrency %s: %v", in, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("search_concurrency %s: err %v, want %q", in, err, want)
		}
	}
}

func TestLoadServing(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("serving:\n  iris-classifier@champion: http://127.0.0.1:5001\n"), 0o600)
	c, err := Load(p)
	if err != nil || c.Serving["iris-classifier@champion"] != "http://127.0.0.1:5001" {
		t.Fatalf("%v %v", c, err)
	}
	os.WriteFile(p, []byte("serving:\n  iris-classifier@champion: 127.0.0.1:5001\n"), 0o600)
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), `serving "iris-classifier@champion": "127.0.0.1:5001" is not an http://`) {
		t.Fatalf("a URL without a scheme: %v", err)
	}
}

func TestLoadImages(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("images: kitty\n"), 0o600)
	if c, err := Load(p); err != nil || c.Images != "kitty" {
		t.Fatalf("%v %v", c, err)
	}
	os.WriteFile(p, []byte("images: ascii\n"), 0o600)
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), `images: unknown mode "ascii"`) {
		t.Fatalf("an unknown mode: %v", err)
	}
}
