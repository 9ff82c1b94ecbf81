package tui_test

import (
	"fmt"
	"testing"

	"mltui/internal/screentest"
	"mltui/views"
)

// TestGoldenHostileText walks every screen over testdata/hostile, where
// the real MLflow client wrote run names, params, tags, descriptions and a
// model name holding terminal escapes and bidi overrides. Each screen
// shows them in their visible forms (the goldens), and the frame the
// renderer gets holds nothing a terminal would act on but the program's
// own styling.
func TestGoldenHostileText(t *testing.T) {
	_, h := screentest.HostileStore(t)
	evil, plain := h.Runs["evil"], h.Runs["plain"]
	const (
		name  = "evil␛]0;PWNED-TITLE␇␛[2J␛[Hname"
		param = "v␛[5mblink␍↵newline"
		tag   = "␛]52;c;ZXZpbA==␇clip"
		bidi  = "safe⟨U+202E⟩txt.exe"
		desc  = "report⟨U+202E⟩exe.pdf"
		model = "evil␛[8mhidden-model"
	)
	steps := []struct {
		name string
		open views.OpenMsg
		keys []string
		want []string
		// match, when set, is a pattern the frame must match too (a
		// count that arrives after the first frame).
		match string
	}{
		{"experiments", views.OpenMsg{Kind: views.KindExperiments}, nil, []string{"hostile-text"}, `^ Default +0 +\S+ +0\s`},
		{"runs", views.OpenMsg{Kind: views.KindRuns, ExperimentName: h.Experiment}, nil, []string{"evil␛]0;PWNED-TITLE", "v␛[5mbl"}, ""},
		{"run", views.OpenMsg{Kind: views.KindRun, RunIDs: []string{evil}}, nil, []string{name, param}, ""},
		{"run-tags", views.OpenMsg{Kind: views.KindRun, RunIDs: []string{evil}}, []string{"4"}, []string{tag, bidi}, ""},
		{"chart", views.OpenMsg{Kind: views.KindChart, RunIDs: []string{evil, plain}, Metric: "loss"}, nil, []string{"loss", "evil␛]0;"}, ""},
		{"diff", views.OpenMsg{Kind: views.KindDiff, RunIDs: []string{evil, plain}}, nil, []string{"evil␛]0;", "v␛[5mblink"}, ""},
		{"models", views.OpenMsg{Kind: views.KindModels}, nil, []string{"hostile-model", model}, ""},
		{"models-description", views.OpenMsg{Kind: views.KindModels}, []string{"j"}, []string{desc}, ""},
		{"versions", views.OpenMsg{Kind: views.KindModel, Model: h.Model}, nil, []string{"champion"}, ""},
		{"version", views.OpenMsg{Kind: views.KindVersion, Model: h.Model, Version: h.Version.String()}, nil, []string{tag}, ""},
		{"evil-model", views.OpenMsg{Kind: views.KindModel, Model: h.EvilModel}, nil, []string{model}, ""},
	}
	for _, sz := range [][2]int{{80, 24}, {200, 60}} {
		for _, st := range steps {
			t.Run(fmt.Sprintf("%s/%dx%d", st.name, sz[0], sz[1]), func(t *testing.T) {
				store, h := screentest.HostileStore(t)
				s := screentest.Start(t, store, sz[0], sz[1], screentest.Options{Start: st.open, Now: screentest.HostileNow(h)})
				if len(st.keys) > 0 {
					s.WaitFor()
					s.Keys(st.keys...)
				}
				frame := s.WaitFor(st.want...)
				if st.match != "" {
					frame = s.WaitMatch(st.match)
				}
				if err := screentest.OnlyStyling(s.Raw()); err != nil {
					t.Errorf("the frame holds more than styling: %v", err)
				}
				s.Golden(frame)
			})
		}
	}
}
