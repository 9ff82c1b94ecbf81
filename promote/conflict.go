package promote

import (
	"fmt"

	"mltui/client"
)

// ConflictError says the state changed since the screen read it, so nothing
// was written. Current is the state just read, for the screen to show
// instead. client.KindOf(err) is KindConflict.
type ConflictError struct {
	Model    string
	Field    string // "alias champion", "v4 tag approval_status", …
	Expected Expect
	Actual   string // "" with Present false: does not exist now
	Present  bool
	Current  Snapshot
	err      *client.Error
}

func newConflict(op, model, field string, want Expect, actual string, present bool, cur Snapshot) *ConflictError {
	now := "(none)"
	if present {
		now = actual
	}
	shown := want.String()
	if len(field) > 6 && field[:6] == "alias " {
		now, shown = showVersion(actual), showVersion(want.value)
		if !present {
			now = "(none)"
		}
	}
	msg := fmt.Sprintf("%s on %s is now %s, but the screen showed %s: someone changed it meanwhile; nothing was written — review the new state and try again",
		field, model, now, shown)
	return &ConflictError{
		Model: model, Field: field, Expected: want, Actual: actual, Present: present, Current: cur,
		err: &client.Error{Kind: client.KindConflict, Op: op, Message: msg},
	}
}

func (e *ConflictError) Error() string { return e.err.Error() }
func (e *ConflictError) Unwrap() error { return e.err }
