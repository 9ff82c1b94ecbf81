package rundetail_test

import (
	"fmt"
	"testing"

	"mltui/client"
	"mltui/internal/screentest"
	"mltui/views"
)

var sizes = [][2]int{{80, 24}, {160, 48}}

func openRun(id string) screentest.Options {
	return screentest.Options{Start: views.OpenMsg{Kind: views.KindRun, RunIDs: []string{id}}}
}

func demoRun(t *testing.T, experiment, name string) (client.Store, screentest.Options) {
	s := screentest.DemoStore(t)
	return s, openRun(screentest.RunIDByName(t, s, experiment, name))
}

// The baseline iris run: info, its markdown note, params.
func TestGoldenRunOverview(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st, o := demoRun(t, "iris-classification", "rf-baseline-v1")
			s := screentest.Start(t, st, sz[0], sz[1], o)
			s.Golden(s.WaitFor("rf-baseline-v1", "Same hyperparameters", "criterion"))
		})
	}
}

// Metrics with latest, min and max over the full history; the NaN points
// of grad_norm and val_loss stay out of min and max.
func TestGoldenRunMetrics(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st, o := demoRun(t, "mnist-mlp", "adam-nan-grad")
			s := screentest.Start(t, st, sz[0], sz[1], o)
			s.WaitFor("adam-nan-grad")
			s.Keys("2")
			s.Golden(s.WaitFor("POINTS", "val_loss"))
		})
	}
}

func TestGoldenRunTagsWithSystem(t *testing.T) {
	st, o := demoRun(t, "iris-classification", "rf-entropy-mss4")
	s := screentest.Start(t, st, 80, 24, o)
	s.WaitFor("rf-entropy-mss4")
	s.Keys("4")
	s.WaitFor("system tags")
	s.Keys("t")
	s.Golden(s.WaitFor("mlflow.source.name"))
}

func TestGoldenRunInputs(t *testing.T) {
	st, o := demoRun(t, "iris-classification", "rf-entropy-mss4")
	s := screentest.Start(t, st, 80, 24, o)
	s.WaitFor("rf-entropy-mss4")
	s.Keys("5")
	s.Golden(s.WaitFor("datasets", "logged models", "digest"))
}

// Artifacts list lazily: the root on entering the tab, a directory when
// it is opened. (The demo store ships without artifact files: fixture.)
func TestGoldenRunArtifacts(t *testing.T) {
	s := screentest.Start(t, screentest.Fixture(), 80, 24, openRun(screentest.RunID(4)))
	s.WaitFor("rf-entropy-mss4")
	s.Keys("6")
	s.WaitFor("README.md")
	s.Keys("enter")
	s.Golden(s.WaitFor("confusion_matrix.json"))
}
