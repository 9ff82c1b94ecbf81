package client

import (
	"fmt"
	"os"
	"runtime/debug"
)

// Guard runs fn and turns a panic in it into an error. Work a command
// spreads over goroutines of its own is beyond Bubble Tea's recovery, so
// one malformed answer would otherwise end the whole process — under
// `mltui serve --ssh`, every session in it. The trace goes to stderr for
// the bug report; the error says which operation failed.
func Guard(op string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "mltui: %s panicked: %v\n%s", op, r, debug.Stack())
			err = &Error{Kind: KindUnknown, Op: op, Message: fmt.Sprintf("internal error (a bug in mltui): %v", r)}
		}
	}()
	return fn()
}
