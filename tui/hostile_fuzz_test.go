package tui_test

import (
	"context"
	"testing"

	"mltui/client"
	"mltui/client/sqlstore"
	"mltui/internal/screentest"
	"mltui/views"
)

// FuzzScreensShowStoreTextVisibly writes arbitrary bytes into the string
// fields of the hostile store (run name, param, tag, experiment name,
// model and version descriptions, a version tag) and draws one screen.
// The frame never holds anything a terminal acts on but the program's own
// styling, and it is exactly the frame drawn from the same store with
// every string already passed through format.Visible (line by line: a
// value's newlines still mean it has several lines): every sink makes
// text visible, and measures the visible form.
//
//	go test ./tui -run '^$' -fuzz FuzzScreensShowStoreTextVisibly -fuzztime 60s -fuzzminimizetime 1x
//
// (Timers make coverage differ from run to run, so nearly every input looks
// new; the default minute of minimising each one leaves no time to fuzz.)
func FuzzScreensShowStoreTextVisibly(f *testing.F) {
	_, h := screentest.HostileStore(f)
	dir := f.TempDir()
	raw, shown := screentest.CopyHostileDB(f, dir, "raw.db"), screentest.CopyHostileDB(f, dir, "shown.db")
	evil, plain := h.Runs["evil"], h.Runs["plain"]
	screens := []struct {
		open views.OpenMsg
		keys []string
	}{
		{views.OpenMsg{Kind: views.KindExperiments}, nil},
		{views.OpenMsg{Kind: views.KindRuns, ExperimentIDs: []string{"1"}}, nil},
		{views.OpenMsg{Kind: views.KindRun, RunIDs: []string{evil}}, nil},
		{views.OpenMsg{Kind: views.KindRun, RunIDs: []string{evil}}, []string{"3"}},
		{views.OpenMsg{Kind: views.KindRun, RunIDs: []string{evil}}, []string{"4"}},
		{views.OpenMsg{Kind: views.KindChart, RunIDs: []string{evil, plain}, Metric: "loss"}, nil},
		{views.OpenMsg{Kind: views.KindDiff, RunIDs: []string{evil, plain}}, nil},
		{views.OpenMsg{Kind: views.KindDiff, RunIDs: []string{evil, plain}}, []string{"j", "j", "j", "tab"}},
		{views.OpenMsg{Kind: views.KindModels}, []string{"j"}},
		{views.OpenMsg{Kind: views.KindModel, Model: h.Model}, nil},
		{views.OpenMsg{Kind: views.KindVersion, Model: h.Model, Version: h.Version.String()}, nil},
		{views.OpenMsg{Kind: views.KindModel, Model: h.Model}, []string{"t"}},
		{views.OpenMsg{Kind: views.KindRuns, ExperimentIDs: []string{"1"}}, []string{"y"}},
	}
	sizes := [][2]int{{80, 24}, {200, 60}}
	// Every screen at both sizes sees the real hostile strings; a few
	// more shapes of trouble besides.
	for i := range 2 * len(screens) {
		f.Add(uint8(i%len(screens)+32*(i/len(screens))), h.Strings.RunName, h.Strings.Param, h.Strings.Tag)
	}
	f.Add(uint8(3), "a\tb", "\xff\xfe", h.Strings.BidiTag)
	f.Add(uint8(7), h.Strings.ModelDescription, "\x1b[8m", "\u200b\u2066x\u2069")
	f.Add(uint8(10), "\r\n", "\x9b31m", "")

	f.Fuzz(func(t *testing.T, pick uint8, a, b, c string) {
		sc := screens[int(pick)%len(screens)]
		sz := sizes[int(pick/32)%len(sizes)]
		text := screentest.HostileText{RunName: a, Param: b, Tag: c, Experiment: a + b, ModelDesc: b + c, VersionDesc: c + a, VersionTag: c}
		text.Write(t, raw, h)
		text.Visible().Write(t, shown, h)
		frame := render(t, raw, sz, sc.open, h, sc.keys)
		if err := screentest.OnlyStyling(frame); err != nil {
			t.Fatalf("%s %v: %v\n%s", sc.open.Kind, sc.keys, err, screentest.Plain(frame))
		}
		if want := render(t, shown, sz, sc.open, h, sc.keys); frame != want {
			t.Fatalf("%s %v: the frame differs from the one drawn from visible text:\n%s\nwant:\n%s",
				sc.open.Kind, sc.keys, screentest.Plain(frame), screentest.Plain(want))
		}
	})
}

func render(t *testing.T, path string, sz [2]int, open views.OpenMsg, h screentest.Hostile, keys []string) string {
	s, err := sqlstore.OpenStore(context.Background(), path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return screentest.Render(fixedURI{s}, sz[0], sz[1], open, screentest.HostileNow(h), keys...)
}

// fixedURI hides which copy of the store is open, so the two frames agree.
type fixedURI struct{ client.Store }

func (f fixedURI) Describe(ctx context.Context) (client.ServerInfo, error) {
	info, err := f.Store.Describe(ctx)
	info.URI = "sqlite:///hostile.db"
	return info, err
}
