// Package notify gets a person's attention for an alert beyond the
// screen: the terminal bell, a desktop notification through the terminal
// (OSC 9, OSC 777) and a command of the user's choosing, run without a
// shell.
package notify

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"mltui/format"
)

// Sequence is what to write to the terminal for an alert: BEL for "bell",
// OSC 9 for "osc9", OSC 777 for "osc777". The text is store text (a run
// name): control characters are made visible so it cannot end the
// sequence early or carry one of its own.
func Sequence(kinds []string, title, text string) string {
	text, title = clean(text), clean(title)
	var b strings.Builder
	for _, k := range kinds {
		switch k {
		case "bell":
			b.WriteString("\a")
		case "osc9":
			b.WriteString(ansi.Notify(title + ": " + text))
		case "osc777":
			b.WriteString("\x1b]777;notify;" + strings.ReplaceAll(title, ";", ",") + ";" + text + "\x07")
		}
	}
	return b.String()
}

func clean(s string) string {
	s = format.Visible(s)
	// Visible leaves printable text; BEL and ESC are control characters
	// and already shown as glyphs, but be certain.
	return strings.NewReplacer("\x07", "", "\x1b", "", "\x9c", "").Replace(s)
}

// commandTimeout bounds an on_alert command: a hung notifier must not
// pile up one process per alert.
const commandTimeout = 30 * time.Second

// Run runs argv with text as its last argument, no shell, no stdin, and
// returns its error with what it printed.
func Run(ctx context.Context, argv []string, text string) error {
	if len(argv) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], append(append([]string(nil), argv[1:]...), text)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(out.String())
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		if msg != "" {
			return fmt.Errorf("on_alert %s: %w: %s", argv[0], err, format.Visible(msg))
		}
		return fmt.Errorf("on_alert %s: %w", argv[0], err)
	}
	return nil
}
