package registry

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"mltui/internal/promotetest"
	"mltui/views"
)

func TestModelsListOpensVersions(t *testing.T) {
	h := open(t, NewModels, newEnv(promotetest.Iris(), articleConfig()), views.OpenMsg{Kind: views.KindModels}, 100, 20)
	if !h.contains("challenger=v4 champion=v3") {
		t.Fatalf("aliases at a glance:\n%s", h.screenText(100))
	}
	// Sorted by last update: iris-classifier first.
	h.keys("<enter>")
	if len(h.opened) != 1 || h.opened[0].Kind != views.KindModel || h.opened[0].Model != "iris-classifier" {
		t.Fatalf("opened %+v", h.opened)
	}
	h.screen.(views.Filterer).SetFilter("wine")
	h.keys("<enter>")
	if h.opened[1].Model != "wine-regressor" {
		t.Fatalf("filtered open %+v", h.opened[1])
	}
}

func TestVersionDetailGolden(t *testing.T) {
	h := open(t, NewVersion, newEnv(promotetest.Iris(), articleConfig()), views.OpenMsg{Kind: views.KindVersion, Model: "iris-classifier", Version: "4"}, 80, 40)
	golden.RequireEqual(t, h.screenText(80))
	h.keys("<enter>")
	if len(h.opened) != 1 || h.opened[0].Kind != views.KindRun || h.opened[0].RunIDs[0] != "00000000000000000000000000000004" {
		t.Fatalf("enter opened %+v", h.opened)
	}
}

func TestVersionDetailActions(t *testing.T) {
	st := promotetest.Iris()
	h := open(t, NewVersion, newEnv(st, articleConfig()), views.OpenMsg{Kind: views.KindVersion, Model: "iris-classifier", Version: "4"}, 100, 30)
	h.keys("t", "validation_status", "<enter>", "passed", "<enter>", "y")
	mv, _ := st.GetModelVersion(t.Context(), "iris-classifier", "4")
	if v, _ := mv.Tag("validation_status"); v != "passed" {
		t.Fatalf("tag = %q\n%s", v, h.screenText(100))
	}
	h.keys("x", "e")
	h.send(keyCtrlU())
	h.keys("deeper trees", "<enter>", "y")
	mv, _ = st.GetModelVersion(t.Context(), "iris-classifier", "4")
	if mv.Description != "deeper trees" {
		t.Fatalf("description %q\n%s", mv.Description, h.screenText(100))
	}
	h.keys("x")
	if !h.contains("deeper trees") || !h.contains("validation_status") {
		t.Fatalf("detail not reloaded:\n%s", h.screenText(100))
	}
}
