package notify

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSequenceCannotBeBrokenByStoreText(t *testing.T) {
	hostile := "run\x07\x1b]0;pwned\x07name"
	s := Sequence([]string{"bell", "osc9", "osc777"}, "mltui", hostile+" stalled")
	if !strings.HasPrefix(s, "\a\x1b]9;mltui: run") {
		t.Fatalf("sequence %q", s)
	}
	// Exactly three BEL: the bell and the two OSC terminators; the name's
	// own BEL and ESC are gone.
	if strings.Count(s, "\a") != 3 || strings.Count(s, "\x1b") != 2 || strings.Contains(s, "]0;pwned\a") {
		t.Fatalf("store text escaped the sequence: %q", s)
	}
	if Sequence(nil, "mltui", "x") != "" {
		t.Fatal("no kinds should write nothing")
	}
}

func TestRunPassesTheTextAsOneArgument(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "got")
	script := filepath.Join(dir, "notifier")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf '%s|%s' \"$1\" \"$2\" > "+out+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Run(context.Background(), []string{script, "mltui"}, "run a; rm -rf / stalled"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	if string(b) != "mltui|run a; rm -rf / stalled" {
		t.Fatalf("argv seen %q", b)
	}
	if err := Run(context.Background(), []string{filepath.Join(dir, "missing")}, "x"); err == nil || !strings.Contains(err.Error(), "on_alert") {
		t.Fatalf("missing program: %v", err)
	}
}
