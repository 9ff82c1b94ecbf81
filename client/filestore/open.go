// Package filestore reads MLflow's file store (./mlruns) directly and
// writes registry changes to it with MLflow's file-store semantics, one
// atomic file replacement at a time. It never needs MLflow itself, and
// keeps reading past a broken run or experiment (see Problems).
package filestore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sync"

	"mltui/client"
)

// Options adjust how a file store is opened.
type Options struct {
	ReadOnly bool
}

// Problem is something skipped while listing: a directory without a
// readable meta.yaml, or a metric line that cannot be read.
type Problem struct {
	Path string
	Err  string
}

// Store is an open mlruns directory.
type Store struct {
	root     string
	readOnly bool

	mu       sync.Mutex
	problems []Problem
	latest   map[string]latestEntry // metric file → its latest value, while unchanged
	stamp    stampState

	writeMu sync.Mutex // one registry write at a time from this process
}

var (
	_ client.Store                = (*Store)(nil)
	_ client.AliasSwapper         = (*Store)(nil)
	_ client.ChangeStamper        = (*Store)(nil)
	_ client.LoggedModelArtifacts = (*Store)(nil)
)

// OpenStore opens an MLflow file store at root (the mlruns directory).
func OpenStore(root string, readOnly bool) (client.Store, error) {
	s, err := Open(root, Options{ReadOnly: readOnly})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Open checks that root is a directory and opens it.
func Open(root string, o Options) (*Store, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("file store %s: %w", root, err)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &client.Error{Kind: client.KindNotFound, Op: "open file store", Path: abs, Message: "no such directory"}
	case err != nil:
		return nil, &client.Error{Kind: client.KindUnavailable, Op: "open file store", Path: abs, Err: err}
	case !fi.IsDir():
		return nil, &client.Error{Kind: client.KindCorrupt, Op: "open file store", Path: abs, Message: "not a directory (an MLflow file store is a directory such as ./mlruns)"}
	}
	if _, err := os.ReadDir(abs); err != nil {
		return nil, &client.Error{Kind: client.KindPermissionDenied, Op: "open file store", Path: abs, Err: err}
	}
	return &Store{root: abs, readOnly: o.ReadOnly, latest: map[string]latestEntry{}}, nil
}

// Root is the mlruns directory.
func (s *Store) Root() string { return s.root }

// Close releases nothing; the store holds no open files.
func (s *Store) Close() error { return nil }

// Describe reports the store kind and directory.
func (s *Store) Describe(ctx context.Context) (client.ServerInfo, error) {
	return client.ServerInfo{Kind: "file", URI: "file://" + s.root, StoreType: "FileStore"}, nil
}

// Problems returns what the last listings skipped (newest last).
func (s *Store) Problems() []Problem {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Problem(nil), s.problems...)
}

func (s *Store) noteProblem(path string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.problems {
		if p.Path == path && p.Err == err.Error() {
			return
		}
	}
	s.problems = append(s.problems, Problem{Path: path, Err: err.Error()})
	if len(s.problems) > 200 {
		s.problems = s.problems[len(s.problems)-200:]
	}
}

// MLflow's ID rules (mlflow/utils/validation.py): they also keep an ID
// from naming a path outside the store.
var (
	runIDRe = regexp.MustCompile(`^[a-zA-Z0-9][\w\-]{0,255}$`)
	expIDRe = regexp.MustCompile(`^[a-zA-Z0-9][\w\-]{0,63}$`)
)

func badID(op, what, id string) error {
	return &client.Error{Kind: client.KindInvalidParameter, Op: op, Code: "INVALID_PARAMETER_VALUE", Message: fmt.Sprintf("invalid %s %q", what, id)}
}

func notFound(op, format string, args ...any) error {
	return &client.Error{Kind: client.KindNotFound, Op: op, Code: "RESOURCE_DOES_NOT_EXIST", Message: fmt.Sprintf(format, args...)}
}

func invalid(op, format string, args ...any) error {
	return &client.Error{Kind: client.KindInvalidParameter, Op: op, Code: "INVALID_PARAMETER_VALUE", Message: fmt.Sprintf(format, args...)}
}

// ioError wraps a file-system failure, naming the path.
func ioError(op, path string, err error) error {
	var ce *client.Error
	if errors.As(err, &ce) {
		return err
	}
	kind := client.KindUnavailable
	switch {
	case errors.Is(err, fs.ErrNotExist):
		kind = client.KindNotFound
	case errors.Is(err, fs.ErrPermission):
		kind = client.KindPermissionDenied
	}
	return &client.Error{Kind: kind, Op: op, Path: path, Err: err}
}

func corrupt(op, path string, err error) error {
	return &client.Error{Kind: client.KindCorrupt, Op: op, Path: path, Message: err.Error(), Err: err}
}
