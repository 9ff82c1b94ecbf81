package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Run starts the program and blocks until the user quits.
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
	if _, err := p.Run(); err != nil {
		if hungUp.Load() && errors.Is(err, tea.ErrProgramKilled) {
			return nil
		}
		return fmt.Errorf("dashboard: %w", err)
	}
	return nil
}
