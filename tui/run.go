package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"mltui/views"
)

// writeGrace is how long an ending dashboard waits for a registry write
// under way (its requests have their own timeouts; this is the backstop).
const writeGrace = 30 * time.Second

// Run starts the program and blocks until the user quits, the terminal is
// gone or a signal ends it; then it lets a registry write under way finish
// (and starts none) before it returns.
func Run(ctx context.Context, o Options, opts ...tea.ProgramOption) error {
	m := New(o)
	p := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithContext(ctx)}, opts...)...)
	// A dashboard whose terminal is gone stops at once: there is nobody to
	// restore the screen for, and it must not go on querying the server.
	watch, stop := context.WithCancel(ctx)
	defer stop()
	var hungUp atomic.Bool
	go watchTerminal(watch, os.Stdin, time.Second, func() {
		hungUp.Store(true)
		p.Kill()
	})
	_, err := p.Run()
	note := io.Writer(os.Stderr)
	if hungUp.Load() {
		note = io.Discard // nobody to tell, and never a write to a dead terminal
	}
	finishWrites(m.Shared().Writes(), writeGrace, note)
	if err != nil {
		if hungUp.Load() && errors.Is(err, tea.ErrProgramKilled) {
			return nil
		}
		return fmt.Errorf("dashboard: %w", err)
	}
	return nil
}

// finishWrites refuses new writes and waits up to grace for those under
// way, saying so on w (the terminal is back to normal by now) when one is.
func finishWrites(ws *views.Writes, grace time.Duration, w io.Writer) {
	if ws.Close() == 0 {
		return
	}
	fmt.Fprintln(w, "mltui: finishing a registry write before exiting…")
	if !ws.Wait(grace) {
		fmt.Fprintf(w, "mltui: the write did not finish within %s; check the model's aliases and tags\n", grace)
	}
}

// RunServed runs one dashboard on a terminal that is not the process's own
// (an SSH session): opts carry its input, output, size and environment;
// sizes carries its window changes. Nothing watches os.Stdin, and notes
// about a write under way go to note. Like Run, it lets a registry write
// under way finish before it returns.
func RunServed(ctx context.Context, o Options, sizes <-chan tea.WindowSizeMsg, note io.Writer, opts ...tea.ProgramOption) error {
	m := New(o)
	p := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithContext(ctx)}, opts...)...)
	fwd, stop := context.WithCancel(ctx)
	defer stop()
	go func() {
		for {
			select {
			case <-fwd.Done():
				return
			case w, ok := <-sizes:
				if !ok {
					return
				}
				p.Send(w)
			}
		}
	}()
	_, err := p.Run()
	finishWrites(m.Shared().Writes(), writeGrace, note)
	// A panic Bubble Tea caught (its trace is on the process's stderr)
	// comes back as killed; it is still an error, not a quit.
	if err != nil && (errors.Is(err, tea.ErrProgramPanic) || !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled)) {
		return fmt.Errorf("dashboard: %w", err)
	}
	return nil
}
