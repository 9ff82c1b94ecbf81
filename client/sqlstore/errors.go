package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"modernc.org/sqlite"

	"mltui/client"
)

// SQLite primary result codes this package tells apart.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteCantOpen = 14
	sqliteNotADB   = 26
	sqlitePerm     = 3
)

func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// wrap turns a driver error into a *client.Error naming the file and what
// was being done, so the screen can say what happened and what to do.
func (s *Store) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var ce *client.Error
	if errors.As(err, &ce) {
		return err
	}
	e := &client.Error{Kind: client.KindUnknown, Op: op, Path: s.path, Err: err}
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		e.Kind = client.KindUnavailable
		e.Message = "the database did not answer in time: " + err.Error()
		return e
	}
	switch sqliteCode(err) {
	case sqliteBusy, sqliteLocked:
		e.Kind = client.KindUnavailable
		e.Message = "the database is locked by another process (a run or server writing); try again"
	case sqliteReadOnly, sqlitePerm:
		e.Kind = client.KindReadOnly
		e.Message = "the database file cannot be written (read-only file, directory or mount); nothing was written"
	case sqliteCorrupt, sqliteNotADB:
		e.Kind = client.KindCorrupt
		e.Message = "the file is damaged or is not an SQLite database: " + err.Error()
	case sqliteCantOpen, sqliteIOErr:
		e.Kind = client.KindUnavailable
		e.Message = "cannot read the database file: " + err.Error()
	}
	return e
}

func invalid(op, format string, args ...any) error {
	return &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: fmt.Sprintf(format, args...)}
}

func notFound(op, format string, args ...any) error {
	return &client.Error{Kind: client.KindNotFound, Op: op, Code: "RESOURCE_DOES_NOT_EXIST", Message: fmt.Sprintf(format, args...)}
}
