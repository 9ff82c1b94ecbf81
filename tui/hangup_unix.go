//go:build unix

package tui

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// watchTerminal calls gone once the dashboard's terminal is gone: on
// SIGHUP, or when the tty has hung up (its pane closed, its SSH
// connection dropped). Reads from a hung-up tty return EOF, which Bubble
// Tea takes as the end of input and carries on, ticking and querying for
// nobody; under make or a wrapper the SIGHUP goes to the session leader,
// not to us. A hung-up tty answers ioctls with EIO, so the watch asks for
// the window size every interval. f not being a terminal: nothing to watch
// but SIGHUP.
func watchTerminal(ctx context.Context, f *os.File, every time.Duration, gone func()) {
	_, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	isTTY := err == nil
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			gone()
			return
		case <-tick.C:
			if !isTTY {
				continue
			}
			if _, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ); errors.Is(err, unix.EIO) || errors.Is(err, unix.ENXIO) {
				gone()
				return
			}
		}
	}
}
