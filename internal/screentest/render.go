package screentest

import (
	"context"
	"reflect"
	"time"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/config"
	"mltui/theme"
	"mltui/tui"
	"mltui/views"
)

// Render runs the program without a terminal, fast enough for fuzzing: it
// opens start on store at w×h, runs the commands it asks for, feeds their
// messages back until no request is in flight, and returns the frame as
// the renderer would get it (styling included). Timers (the clock, the
// spinner) are left to fire after it returned, into nothing. keys are
// pressed once the first screen settled, each settling in turn.
func Render(store client.Store, w, h int, start views.OpenMsg, now time.Time, keys ...string) string {
	cfg := config.Defaults()
	info, _ := store.Describe(context.Background())
	m := tui.New(tui.Options{
		Store: store, Info: info, Config: &cfg, Theme: theme.New(theme.ModeNoColor),
		Start: start, Now: func() time.Time { return now },
	})
	done := make(chan struct{})
	defer close(done)
	msgs := make(chan tea.Msg, 256)
	var exec func(tea.Cmd)
	exec = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		go func() {
			msg := cmd()
			// Batches and sequences hold more commands (a sequence's type
			// is Bubble Tea's own; its order does not matter here).
			if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
				for i := range v.Len() {
					exec(v.Index(i).Interface().(tea.Cmd))
				}
				return
			}
			select {
			case msgs <- msg:
			case <-done:
			}
		}()
	}
	_, cmd := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	exec(cmd)
	exec(m.Init())
	// Settled: nothing in flight and no message for a while (a command
	// may still be on its way to opening the screen; timers never end).
	settle := func() {
		const quiet = 20 * time.Millisecond
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			select {
			case msg := <-msgs:
				_, cmd := m.Update(msg)
				exec(cmd)
			case <-time.After(quiet):
				if m.Shared().Flights().Count() == 0 {
					return
				}
			}
		}
	}
	settle()
	for _, k := range keys {
		_, cmd := m.Update(Key(k))
		exec(cmd)
		settle()
	}
	return m.View().Content
}
