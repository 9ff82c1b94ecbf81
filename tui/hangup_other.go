//go:build !unix

package tui

import (
	"context"
	"os"
	"time"
)

// watchTerminal: no hang-up detection here; the program ends with its
// console.
func watchTerminal(ctx context.Context, _ *os.File, _ time.Duration, _ func()) { <-ctx.Done() }
