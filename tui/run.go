package tui

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
)

// Run starts the program and blocks until the user quits.
func Run(ctx context.Context, o Options, opts ...tea.ProgramOption) error {
	m := New(o)
	p := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithContext(ctx)}, opts...)...)
	if _, err := p.Run(); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	return nil
}
