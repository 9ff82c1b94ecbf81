package cli

import (
	"context"
	"fmt"
)

// runDashboard opens the interactive dashboard. Until the tui package lands
// it prints what it resolved.
func (a *App) runDashboard(ctx context.Context) error {
	r, _, err := a.Resolve()
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "store: %s (%s) — %s\n", r.Display(), r.Kind, r.Why)
	return nil
}
