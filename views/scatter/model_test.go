package scatter

import (
	"math"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/theme"
	"mltui/views"
)

func fakeRuns(n int) []client.Run {
	runs := make([]client.Run, n)
	opts := []string{"adam", "sgd", "rmsprop"}
	for i := range runs {
		runs[i] = client.Run{
			Info: client.RunInfo{RunID: "id" + strconv.Itoa(i), RunName: "run-" + strconv.Itoa(i)},
			Data: client.RunData{
				Metrics: []client.Metric{{Key: "loss", Value: 1 / float64(i+1)}, {Key: "acc", Value: math.Mod(float64(i)*0.37, 1)}},
				Params:  []client.Param{{Key: "lr", Value: strconv.FormatFloat(float64(i%50+1)*1e-4, 'g', -1, 64)}, {Key: "opt", Value: opts[i%3]}},
			},
		}
	}
	return runs
}

func newModel(t testing.TB, runs []client.Run, w, h int) *Model {
	sh := views.NewShared(views.Shared{Theme: theme.New(theme.ModeDark)})
	s, err := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{Kind: views.KindScatter, Runs: runs, Metric: "acc"})
	if err != nil {
		t.Fatal(err)
	}
	s.SetSize(w, h)
	return s.(*Model)
}

func press(s string) tea.KeyPressMsg {
	if s == "enter" {
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	}
	if s == "space" {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	return tea.KeyPressMsg{Code: rune(s[0]), Text: s}
}

func TestDefaultsAndMissingCount(t *testing.T) {
	runs := fakeRuns(5)
	runs[4].Data.Params = runs[4].Data.Params[1:] // no lr
	m := newModel(t, runs, 80, 24)
	if c := m.cols[m.x]; c.Name != "lr" || !c.Param {
		t.Fatalf("x = %s", c.Name)
	}
	if m.cols[m.y].Name != "acc" {
		t.Fatalf("y = %s", m.cols[m.y].Name)
	}
	if v := m.View(); !strings.Contains(v, "1 run without lr") || !strings.Contains(v, "4 runs") {
		t.Fatalf("view lacks counts:\n%s", v)
	}
}

func TestEnterOpensRunAndSpaceMarks(t *testing.T) {
	m := newModel(t, fakeRuns(20), 80, 24)
	m.View()
	m.Update(press("l"))
	m.View()
	id := m.runs[m.layout.run[m.cursor]].Info.RunID
	if _, cmd := m.Update(press("space")); cmd != nil || !m.env.Marks.Has(id) {
		t.Fatalf("space did not mark %s", id)
	}
	_, cmd := m.Update(press("enter"))
	if cmd == nil {
		t.Fatal("enter gave no command")
	}
	open, ok := cmd().(views.OpenMsg)
	if !ok || open.Kind != views.KindRun || open.RunIDs[0] != id {
		t.Fatalf("enter sent %#v", cmd())
	}
}

func TestLogSaysWhatWasLeftOut(t *testing.T) {
	runs := fakeRuns(6)
	runs[0].Data.Metrics[1].Value = 0 // acc 0 cannot go on log y
	m := newModel(t, runs, 80, 24)
	m.Update(press("Y"))
	if v := m.View(); !strings.Contains(v, "1 run left out: y not positive") || !strings.Contains(v, "(log)") {
		t.Fatalf("view:\n%s", v)
	}
}

func TestCategoricalLanesLabelled(t *testing.T) {
	m := newModel(t, fakeRuns(9), 80, 24)
	for i, c := range m.cols {
		if c.Name == "opt" {
			m.x, m.version = i, m.version+1
		}
	}
	v := m.View()
	for _, lane := range []string{"adam", "rmsprop", "sgd"} {
		if !strings.Contains(v, lane) {
			t.Fatalf("lane %s not labelled:\n%s", lane, v)
		}
	}
}

func BenchmarkScatter10kRuns(b *testing.B) {
	runs := fakeRuns(10000)
	b.Run("frame", func(b *testing.B) {
		m := newModel(b, runs, 200, 60)
		for range b.N {
			m.version++ // axes changed: full rebuild
			_ = m.View()
		}
	})
	b.Run("cursor", func(b *testing.B) {
		m := newModel(b, runs, 200, 60)
		_ = m.View()
		for i := range b.N {
			m.cursor = i % len(m.layout.pts)
			_ = m.View()
		}
	})
}
