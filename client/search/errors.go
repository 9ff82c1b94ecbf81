package search

import (
	"fmt"
	"unicode/utf8"
)

// Error is a filter or order_by that cannot be parsed. Pos is the byte
// offset in Input where the problem starts, so a screen can put a caret
// under it; Column is the same place counted in characters, from 1.
type Error struct {
	Input  string
	Pos    int
	Column int
	Msg    string
}

func (e *Error) Error() string {
	return fmt.Sprintf("column %d: %s", e.Column, e.Msg)
}

func errAt(input string, pos int, format string, args ...any) *Error {
	if pos < 0 {
		pos = 0
	}
	if pos > len(input) {
		pos = len(input)
	}
	return &Error{
		Input:  input,
		Pos:    pos,
		Column: utf8.RuneCountInString(input[:pos]) + 1,
		Msg:    fmt.Sprintf(format, args...),
	}
}
