package client

import (
	"errors"
	"fmt"
)

// ErrorKind classifies what went wrong so the UI can say what to do.
type ErrorKind int

const (
	KindUnknown          ErrorKind = iota
	KindNotFound                   // RESOURCE_DOES_NOT_EXIST, 404 with an MLflow body
	KindPermissionDenied           // 403 PERMISSION_DENIED
	KindUnauthenticated            // 401
	KindInvalidParameter           // 400 INVALID_PARAMETER_VALUE / BAD_REQUEST (malformed filter…)
	KindAlreadyExists              // RESOURCE_ALREADY_EXISTS / ALREADY_EXISTS
	KindRateLimited                // 429
	KindUnavailable                // 5xx, connection refused, timeout, locked SQLite
	KindNotMLflow                  // HTML from a proxy, plain text, wrong URL prefix
	KindReadOnly                   // --read-only, read-only profile or read-only file
	KindConflict                   // state changed since it was read (compare-and-set failed)
	KindCorrupt                    // a local store that cannot be understood
	KindInternal                   // 500 INTERNAL_ERROR with an MLflow body
	KindUnsupported                // something mltui cannot read yet (an artifact store scheme)
)

var kindNames = map[ErrorKind]string{
	KindUnknown:          "error",
	KindNotFound:         "not found",
	KindPermissionDenied: "permission denied",
	KindUnauthenticated:  "unauthenticated",
	KindInvalidParameter: "invalid parameter",
	KindAlreadyExists:    "already exists",
	KindRateLimited:      "rate limited",
	KindUnavailable:      "unavailable",
	KindNotMLflow:        "not an MLflow response",
	KindReadOnly:         "read-only",
	KindConflict:         "conflict",
	KindCorrupt:          "unreadable store",
	KindInternal:         "server error",
	KindUnsupported:      "not supported yet",
}

func (k ErrorKind) String() string { return kindNames[k] }

// Error is the one error type every backend returns. It never holds secrets:
// backends must redact URIs and headers before building one.
type Error struct {
	Kind    ErrorKind
	Op      string // what was attempted, e.g. "runs/search" or "open mlflow.db"
	Status  int    // HTTP status, 0 for local stores and transport errors
	Code    string // MLflow error_code, when the body had one
	Message string // the server's or store's message
	Snippet string // first bytes of a non-MLflow body, cleaned for display
	Path    string // the local file involved, if any
	Err     error  // underlying cause
}

func (e *Error) Error() string {
	msg := e.Kind.String()
	if e.Op != "" {
		msg = e.Op + ": " + msg
	}
	if e.Status != 0 {
		msg += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Code != "" && e.Code != e.Message {
		msg += " " + e.Code
	}
	if e.Path != "" {
		msg += " [" + e.Path + "]"
	}
	if e.Message != "" {
		msg += ": " + e.Message
	} else if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	if e.Snippet != "" {
		msg += fmt.Sprintf(" — server sent: %q", e.Snippet)
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is(err, client.ErrNotFound) match on kind.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Op == "" && t.Message == "" && t.Kind == e.Kind
}

// Sentinels for errors.Is; they compare by Kind only.
var (
	ErrNotFound         = &Error{Kind: KindNotFound}
	ErrPermissionDenied = &Error{Kind: KindPermissionDenied}
	ErrUnauthenticated  = &Error{Kind: KindUnauthenticated}
	ErrInvalidParameter = &Error{Kind: KindInvalidParameter}
	ErrAlreadyExists    = &Error{Kind: KindAlreadyExists}
	ErrRateLimited      = &Error{Kind: KindRateLimited}
	ErrUnavailable      = &Error{Kind: KindUnavailable}
	ErrNotMLflow        = &Error{Kind: KindNotMLflow}
	ErrReadOnly         = &Error{Kind: KindReadOnly}
	ErrConflict         = &Error{Kind: KindConflict}
	ErrCorrupt          = &Error{Kind: KindCorrupt}
)

// KindOf returns the kind of an error, KindUnknown if it is not an *Error.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindUnknown
}
