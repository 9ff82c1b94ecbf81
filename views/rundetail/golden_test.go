package rundetail_test

import (
	"fmt"
	"testing"

	"mltui/views"
	"mltui/views/screentest"
)

var sizes = [][2]int{{80, 24}, {160, 48}}

func openRun(n int) screentest.Options {
	return screentest.Options{Start: views.OpenMsg{Kind: views.KindRun, RunIDs: []string{screentest.RunID(n)}}}
}

// The best iris run: info, note, params.
func TestGoldenRunOverview(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			s := screentest.Start(t, screentest.Demo(), sz[0], sz[1], openRun(4))
			s.Golden(s.WaitFor("rf-entropy-mss4", "Promote after review", "n_estimators"))
		})
	}
}

// Metrics with latest, min and max from the full history: the spike at
// step 17 is the max of train_loss; NaN points stay out of min and max.
func TestGoldenRunMetrics(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			s := screentest.Start(t, screentest.Demo(), sz[0], sz[1], openRun(14))
			s.WaitFor("adam-nan-grad")
			s.Keys("2")
			s.Golden(s.WaitFor("POINTS", "val_loss"))
		})
	}
}

func TestGoldenRunTagsWithSystem(t *testing.T) {
	s := screentest.Start(t, screentest.Demo(), 80, 24, openRun(4))
	s.WaitFor("rf-entropy-mss4")
	s.Keys("4")
	s.WaitFor("system tags")
	s.Keys("t")
	s.Golden(s.WaitFor("mlflow.source.name"))
}

func TestGoldenRunInputs(t *testing.T) {
	s := screentest.Start(t, screentest.Demo(), 80, 24, openRun(4))
	s.WaitFor("rf-entropy-mss4")
	s.Keys("5")
	s.Golden(s.WaitFor("iris-train", "logged models"))
}

// Artifacts list lazily: the root on entering the tab, a directory when
// it is opened.
func TestGoldenRunArtifacts(t *testing.T) {
	s := screentest.Start(t, screentest.Demo(), 80, 24, openRun(4))
	s.WaitFor("rf-entropy-mss4")
	s.Keys("6")
	s.WaitFor("README.md")
	s.Keys("enter")
	s.Golden(s.WaitFor("confusion_matrix.json"))
}
