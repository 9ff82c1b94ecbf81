// Package sqlstore reads an MLflow SQLite tracking database directly
// (pure Go, no cgo) and writes registry changes to it the way MLflow's
// SQLAlchemy store does. Reads use a read-only pool; each write opens a
// short read-write connection, runs one IMMEDIATE transaction and closes.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"mltui/client"
)

// busyTimeout is how long a statement waits for another writer's lock.
// MLflow uses 20 s; a dashboard should give up sooner and say so.
const busyTimeout = 5 * time.Second

// Options adjust how a database is opened.
type Options struct {
	ReadOnly  bool   // refuse every write
	Workspace string // MLflow workspace; "" means MLFLOW_WORKSPACE or "default"
}

// Store is an open MLflow SQLite database.
type Store struct {
	path      string
	readOnly  bool
	workspace string
	db        *sql.DB // read-only pool
	sch       *schemaInfo
}

var (
	_ client.Store                = (*Store)(nil)
	_ client.AliasSwapper         = (*Store)(nil)
	_ client.ChangeStamper        = (*Store)(nil)
	_ client.LoggedModelArtifacts = (*Store)(nil)
)

// OpenStore opens an MLflow SQLite database read-only for reading; writes
// are allowed unless readOnly. The workspace comes from MLFLOW_WORKSPACE.
func OpenStore(ctx context.Context, path string, readOnly bool) (client.Store, error) {
	s, err := Open(ctx, path, Options{ReadOnly: readOnly, Workspace: os.Getenv("MLFLOW_WORKSPACE")})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// dsn builds a SQLite URI for path. The path is escaped so names holding
// '?', '#' or '%' open the right file.
func dsn(path string, params url.Values) string {
	u := url.URL{Scheme: "file", Path: path, RawQuery: params.Encode()}
	return u.String()
}

// Open opens and checks an MLflow SQLite database.
func Open(ctx context.Context, path string, o Options) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	s := &Store{path: abs, readOnly: o.ReadOnly, workspace: o.Workspace}
	if s.workspace == "" {
		s.workspace = "default"
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &client.Error{Kind: client.KindNotFound, Op: "open database", Path: abs, Message: "no such file (MLflow creates it on first use; check the path)"}
	case err != nil:
		return nil, &client.Error{Kind: client.KindUnavailable, Op: "open database", Path: abs, Err: err}
	case fi.IsDir():
		return nil, &client.Error{Kind: client.KindCorrupt, Op: "open database", Path: abs, Message: "this is a directory, not an SQLite file"}
	}
	if err := checkHeader(abs, fi.Size()); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "query_only(1)")
	// MLflow turns this on so LIKE is case-sensitive, as on other databases.
	q.Add("_pragma", "case_sensitive_like(1)")
	db, err := sql.Open("sqlite", dsn(abs, q))
	if err != nil {
		return nil, s.wrap("open database", err)
	}
	db.SetMaxOpenConns(4)
	db.SetConnMaxIdleTime(time.Minute)
	s.db = db
	sch, err := readSchema(ctx, db)
	if err != nil {
		db.Close()
		return nil, s.wrap("open database", err)
	}
	if missing := sch.missingCore(); missing != "" {
		db.Close()
		return nil, &client.Error{Kind: client.KindCorrupt, Op: "open database", Path: abs,
			Message: "not an MLflow tracking database: it has no " + missing + " table"}
	}
	s.sch = sch
	return s, nil
}

// checkHeader tells an empty, truncated or non-SQLite file apart before the
// driver gives a vaguer message.
func checkHeader(path string, size int64) error {
	if size == 0 {
		return &client.Error{Kind: client.KindCorrupt, Op: "open database", Path: path, Message: "the file is empty, not an MLflow database"}
	}
	f, err := os.Open(path)
	if err != nil {
		kind := client.KindUnavailable
		if errors.Is(err, fs.ErrPermission) {
			kind = client.KindPermissionDenied
		}
		return &client.Error{Kind: kind, Op: "open database", Path: path, Err: err}
	}
	defer f.Close()
	hdr := make([]byte, 100)
	n, _ := f.ReadAt(hdr, 0)
	if n < 16 || string(hdr[:16]) != "SQLite format 3\x00" {
		return &client.Error{Kind: client.KindCorrupt, Op: "open database", Path: path, Message: "not an SQLite database file"}
	}
	if n < 100 {
		return &client.Error{Kind: client.KindCorrupt, Op: "open database", Path: path, Message: "the file is truncated (shorter than an SQLite header)"}
	}
	pageSize := int64(hdr[16])<<8 | int64(hdr[17])
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(hdr[28])<<24 | int64(hdr[29])<<16 | int64(hdr[30])<<8 | int64(hdr[31])
	// The header's page count is valid when the version-valid-for number
	// matches the change counter (SQLite ≥ 3.7.0 writers).
	valid := string(hdr[92:96]) == string(hdr[24:28])
	if valid && pageSize >= 512 && pages > 0 && size < pages*pageSize {
		return &client.Error{Kind: client.KindCorrupt, Op: "open database", Path: path,
			Message: fmt.Sprintf("the file is truncated: %d bytes, but its header says %d pages of %d bytes; restore it from a backup or copy it again", size, pages, pageSize)}
	}
	return nil
}

// Close releases the database.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Describe reports the store kind, file and schema revision.
func (s *Store) Describe(ctx context.Context) (client.ServerInfo, error) {
	info := client.ServerInfo{Kind: "sqlite", URI: "sqlite:///" + s.path, StoreType: "SqlStore", Version: s.sch.revision}
	if s.sch.workspaces {
		info.Workspace = s.workspace
	}
	return info, nil
}
