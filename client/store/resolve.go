// Package store chooses and opens an MLflow backend for a tracking URI,
// following MLflow's own resolution order.
package store

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"mltui/client/rest"
)

// Kinds of backend.
const (
	KindREST   = "rest"
	KindSQLite = "sqlite"
	KindFile   = "file"
)

// Resolution is the store mltui will open and why.
type Resolution struct {
	URI    string // as given (may hold credentials: never print it; use Display)
	Kind   string // rest, sqlite or file
	Path   string // absolute local path for sqlite and file stores
	Source string // "--tracking-uri", "MLFLOW_TRACKING_URI", "profile NAME", "./mlruns", "./mlflow.db", "demo store"
	Why    string // one sentence for `mltui doctor` and the status bar
}

// Display is the URI without user info, safe to show.
func (r Resolution) Display() string { return Redact(r.URI) }

// Inputs are everything resolution looks at, so it is testable without the
// process environment.
type Inputs struct {
	FlagURI     string // --tracking-uri
	EnvURI      string // MLFLOW_TRACKING_URI
	ProfileName string
	ProfileURI  string // the profile's tracking_uri, if a profile applies
	Cwd         string
	// DemoPath, when set, is opened if nothing else is found (make run);
	// otherwise resolution fails with a message saying what was looked for.
	DemoPath string
}

// Resolve applies MLflow's order: flag > env > profile > ./mlruns holding
// experiments > ./mlflow.db, then the demo store if one is offered.
func Resolve(in Inputs) (Resolution, error) {
	switch {
	case in.FlagURI != "":
		return parse(in.FlagURI, in.Cwd, "--tracking-uri", "given with --tracking-uri")
	case in.EnvURI != "":
		return parse(in.EnvURI, in.Cwd, "MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_URI is set")
	case in.ProfileURI != "":
		return parse(in.ProfileURI, in.Cwd, "profile "+in.ProfileName, "from config profile "+in.ProfileName)
	}
	mlruns := filepath.Join(in.Cwd, "mlruns")
	if HoldsExperiments(mlruns) {
		return Resolution{URI: "file://" + mlruns, Kind: KindFile, Path: mlruns, Source: "./mlruns",
			Why: "no URI configured; ./mlruns holds experiments (MLflow's default file store)"}, nil
	}
	db := filepath.Join(in.Cwd, "mlflow.db")
	if fi, err := os.Stat(db); err == nil && !fi.IsDir() {
		return Resolution{URI: "sqlite:///" + db, Kind: KindSQLite, Path: db, Source: "./mlflow.db",
			Why: "no URI configured; ./mlflow.db exists (MLflow's default since 3.7)"}, nil
	}
	if in.DemoPath != "" {
		return Resolution{URI: "sqlite:///" + in.DemoPath, Kind: KindSQLite, Path: in.DemoPath, Source: "demo store",
			Why: "no URI configured and no ./mlruns or ./mlflow.db here; opened a copy of the bundled demo store"}, nil
	}
	return Resolution{}, fmt.Errorf("no MLflow store found: set --tracking-uri or MLFLOW_TRACKING_URI, or run in a directory with ./mlruns or ./mlflow.db (looked in %s)", in.Cwd)
}

// HoldsExperiments reports whether dir looks like a file store with data:
// some all-digit subdirectory holding a meta.yaml, as MLflow checks.
func HoldsExperiments(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !allDigits(e.Name()) {
			continue
		}
		// MLflow's scandir is_dir() follows symlinks; lexists does not.
		if fi, err := os.Stat(filepath.Join(dir, e.Name())); err != nil || !fi.IsDir() {
			continue
		}
		if _, err := os.Lstat(filepath.Join(dir, e.Name(), "meta.yaml")); err == nil {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// parse turns a URI or path into a Resolution.
func parse(raw, cwd, source, why string) (Resolution, error) {
	r := Resolution{URI: raw, Source: source, Why: why}
	lower := strings.ToLower(raw)
	switch {
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"):
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			return Resolution{}, fmt.Errorf("tracking URI %q (%s): not a valid http(s) URL", Redact(raw), source)
		}
		r.Kind = KindREST
		return r, nil
	case strings.HasPrefix(lower, "sqlite://"):
		// sqlite:///rel.db is relative, sqlite:////abs.db is absolute (SQLAlchemy form).
		p := raw[len("sqlite://"):]
		if !strings.HasPrefix(p, "/") {
			return Resolution{}, fmt.Errorf("tracking URI %q (%s): expected sqlite:///relative.db or sqlite:////absolute.db", raw, source)
		}
		p = p[1:]
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		if u, err := url.PathUnescape(p); err == nil { // SQLAlchemy unquotes the path
			p = u
		}
		if p == "" {
			return Resolution{}, fmt.Errorf("tracking URI %q (%s): no database file", raw, source)
		}
		if p == ":memory:" {
			return Resolution{}, fmt.Errorf("tracking URI %q (%s): an in-memory database holds no runs to show", raw, source)
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(cwd, p)
		}
		r.Kind, r.Path = KindSQLite, filepath.Clean(p)
		return r, nil
	case strings.HasPrefix(lower, "file:"):
		u, err := url.Parse(raw)
		if err != nil {
			return Resolution{}, fmt.Errorf("tracking URI %q (%s): %w", raw, source, err)
		}
		if u.Host != "" && u.Host != "localhost" {
			return Resolution{}, fmt.Errorf("tracking URI %q (%s): file URIs name a local path; use file:///path (host %q is not this machine)", raw, source, u.Host)
		}
		p := u.Path
		if p == "" {
			p = u.Opaque
		}
		if p == "" {
			return Resolution{}, fmt.Errorf("tracking URI %q (%s): no directory", raw, source)
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(cwd, p)
		}
		r.Kind, r.Path = KindFile, filepath.Clean(p)
		return r, nil
	case strings.HasPrefix(lower, "databricks"), strings.HasPrefix(lower, "postgresql:"), strings.HasPrefix(lower, "postgres:"), strings.HasPrefix(lower, "mysql"), strings.HasPrefix(lower, "mssql"):
		return Resolution{}, fmt.Errorf("tracking URI %q (%s): mltui cannot open this store directly; point it at the tracking server (http(s)://…) that serves it", Redact(raw), source)
	case strings.Contains(raw, "://"):
		return Resolution{}, fmt.Errorf("tracking URI %q (%s): unsupported scheme", Redact(raw), source)
	}
	// A plain path: a directory is a file store, an SQLite file (by its
	// header, or by a .db/.sqlite name when it does not exist yet) a
	// database.
	p := raw
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, p[2:])
		}
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(cwd, p)
	}
	p = filepath.Clean(p)
	if fi, err := os.Stat(p); err == nil {
		if fi.IsDir() {
			r.Kind, r.Path = KindFile, p
			return r, nil
		}
		if isSQLiteFile(p) {
			r.Kind, r.Path = KindSQLite, p
			return r, nil
		}
		return Resolution{}, fmt.Errorf("tracking URI %q (%s): %s is a file but not an SQLite database; give an mlruns directory, an MLflow .db file or a server URL", raw, source, p)
	}
	if strings.HasSuffix(lower, ".db") || strings.HasSuffix(lower, ".sqlite") || strings.HasSuffix(lower, ".sqlite3") {
		r.Kind, r.Path = KindSQLite, p
		return r, nil
	}
	return Resolution{}, fmt.Errorf("tracking URI %q (%s): no such directory or database file", raw, source)
}

// isSQLiteFile reports whether p starts with the SQLite header.
func isSQLiteFile(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	hdr := make([]byte, 16)
	n, _ := f.Read(hdr)
	return n == 16 && string(hdr) == "SQLite format 3\x00"
}

// Redact removes user info and obvious secret query parameters from a URI;
// it is client/rest's Redact, so one rule covers both (including URIs too
// malformed to parse, which still hide their user info).
func Redact(raw string) string { return rest.Redact(raw) }
