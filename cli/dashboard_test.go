package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mltui/config"
	"mltui/termimage"
)

// A keys: entry that clashes stops the dashboard before any store is
// opened, naming the config file and both actions.
func TestDashboardRefusesClashingKeys(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfg, []byte("keys:\n  runs.mark: c\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a := &App{Getenv: func(string) string { return "" }, Cwd: t.TempDir(), ConfigPath: cfg,
		TrackingURI: "http://127.0.0.1:1"}
	err := a.runDashboard(t.Context())
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{cfg, "runs.mark", "runs.chart", `"c"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestKeyMapAppliesTheConfig(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfg, []byte("keys:\n  nav.down: [n, down]\nmouse: false\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a := &App{Getenv: func(string) string { return "" }, ConfigPath: cfg}
	c, err := a.Config()
	if err != nil {
		t.Fatal(err)
	}
	km, err := keyMap(c)
	if err != nil {
		t.Fatal(err)
	}
	if got := km.Runs().Down.Help().Key; got != "n/↓" {
		t.Errorf("runs down help = %q", got)
	}
	if c.MouseEnabled() {
		t.Error("mouse: false ignored")
	}
}

// The config's images: mode wins; auto asks the environment.
func TestImageMode(t *testing.T) {
	kittyEnv := func(k string) string { return map[string]string{"TERM": "xterm-kitty"}[k] }
	if m := imageMode(&config.Config{Images: "halfblocks"}, kittyEnv); m != termimage.HalfBlocks {
		t.Errorf("forced: %v", m)
	}
	if m := imageMode(&config.Config{}, kittyEnv); m != termimage.Kitty {
		t.Errorf("auto in kitty: %v", m)
	}
}
