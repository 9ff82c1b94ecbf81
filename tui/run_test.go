package tui

import (
	"strings"
	"testing"
	"time"

	"mltui/views"
)

func TestFinishWritesWaitsForTheWriteUnderWay(t *testing.T) {
	var ws views.Writes
	var note strings.Builder
	finishWrites(&ws, time.Second, &note)
	if note.Len() != 0 {
		t.Fatalf("a note with nothing under way: %q", note.String())
	}

	ws = views.Writes{}
	end, _ := ws.Begin()
	finished := make(chan time.Time, 1)
	go func() {
		time.Sleep(100 * time.Millisecond)
		finished <- time.Now()
		end()
	}()
	finishWrites(&ws, 5*time.Second, &note)
	returned := time.Now()
	if at := <-finished; returned.Before(at) {
		t.Fatal("finishWrites returned before the write ended")
	}
	if !strings.Contains(note.String(), "finishing a registry write") {
		t.Fatalf("note %q", note.String())
	}
	if _, ok := ws.Begin(); ok {
		t.Fatal("a write may begin once the dashboard ends")
	}

	ws = views.Writes{}
	ws.Begin() // never ends
	note.Reset()
	finishWrites(&ws, 20*time.Millisecond, &note)
	if !strings.Contains(note.String(), "did not finish within") {
		t.Fatalf("note %q", note.String())
	}
}
