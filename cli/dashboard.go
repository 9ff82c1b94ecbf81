package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"mltui/client"
	"mltui/client/store"
	"mltui/config"
	"mltui/keys"
	"mltui/termimage"
	"mltui/theme"
	"mltui/tui"
	"mltui/views"
)

// runDashboard opens the store and runs the interactive dashboard.
func (a *App) runDashboard(ctx context.Context) error { return a.runDashboardAt(ctx, views.OpenMsg{}) }

// runDashboardAt runs the dashboard starting on a screen (the zero
// OpenMsg: the experiments list).
func (a *App) runDashboardAt(ctx context.Context, at views.OpenMsg) error {
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	km, err := keyMap(cfg)
	if err != nil {
		return err
	}
	s, r, err := a.Open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	profile := a.Profile
	if profile == "" && r.Source == "profile "+cfg.DefaultProfile {
		profile = cfg.DefaultProfile
	}
	display := r.Display()
	start := at
	if r.Source == "demo store" {
		if start.Kind == "" {
			// A newcomer lands on the classic example, not on the newest
			// experiment (edge-cases, made for rendering tests).
			start = views.OpenMsg{Kind: views.KindExperiments, ExperimentName: demoLanding}
		}
		// The copy is ours alone: remove it when the dashboard closes.
		defer os.RemoveAll(filepath.Dir(r.Path))
		// Say plainly that this is not the user's data.
		display = "demo store (temporary copy) " + r.Path
	}
	return tui.Run(ctx, tui.Options{
		Store:    s,
		Info:     client.ServerInfo{Kind: r.Kind, URI: display},
		Profile:  profile,
		Config:   cfg,
		Theme:    theme.New(theme.ResolveMode(cfg.Theme, a.NoColor, a.Getenv)),
		ReadOnly: client.IsReadOnly(s),
		Keys:     km,
		NoMouse:  !cfg.MouseEnabled(),
		Reopen:   a.reopenProfile,
		InTmux:   a.Getenv("TMUX") != "",
		Images:   imageMode(cfg, a.Getenv),
		Start:    start,
	})
}

// imageMode is the config's images: mode, or what the terminal speaks
// (the config was checked when it was read).
func imageMode(cfg *config.Config, getenv func(string) string) termimage.Mode {
	m, _ := termimage.ParseMode(cfg.Images)
	if m == termimage.Auto {
		m = termimage.Detect(getenv)
	}
	return m
}

// demoLanding is the demo experiment the cursor starts on.
const demoLanding = "iris-classification"

// keyMap is the default keymaps with the config's keys: applied. A bad
// entry stops the dashboard before it starts, naming the file.
func keyMap(cfg *config.Config) (*keys.Map, error) {
	km := keys.Defaults()
	if err := km.Rebind(cfg.KeyBindings()); err != nil {
		return nil, fmt.Errorf("config %s: keys: %w", cfg.Path(), err)
	}
	return km, nil
}

// reopenProfile opens a profile's store for ":ctx NAME". The profile's URI
// is used as is: flags and MLFLOW_TRACKING_URI chose the first store, the
// user now asked for this one.
func (a *App) reopenProfile(ctx context.Context, name string) (tui.Reopened, error) {
	cfg, err := a.Config()
	if err != nil {
		return tui.Reopened{}, err
	}
	p, ok := cfg.Profile(name)
	if !ok {
		return tui.Reopened{}, fmt.Errorf("profile %q is not in %s", name, cfg.Path())
	}
	r, err := store.Resolve(store.Inputs{ProfileName: name, ProfileURI: p.TrackingURI, Cwd: a.Cwd})
	if err != nil {
		return tui.Reopened{}, err
	}
	ro := a.ReadOnly || p.ReadOnly
	o, err := profileOptions(store.Options{ReadOnly: ro, Getenv: a.Getenv, UserAgent: a.userAgent()}, p)
	if err != nil {
		return tui.Reopened{}, err
	}
	s, err := store.Open(ctx, r, o)
	if err != nil {
		return tui.Reopened{}, err
	}
	return tui.Reopened{Store: s, Info: client.ServerInfo{Kind: r.Kind, URI: r.Display()}, ReadOnly: ro}, nil
}
