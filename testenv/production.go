package testenv

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The seed's production stack in its other shapes, each on the shared PostgreSQL cluster and object
// server (PostgresServer starts them) in a database of its own, started on first use, seeded small
// (no 100k-step run) and stopped by MainWithPostgres.

// stackServer is one lazily started server of the stack.
type stackServer struct {
	once sync.Once
	srv  *TestServer
	err  error
}

var (
	pgDirect stackServer
	pgAuth   stackServer
)

// PostgresDirectServer is the seed's direct mode: `--no-serve-artifacts --default-artifact-root
// s3://mlflow-artifacts/experiments/direct`, so runs hold s3:// URIs that clients read and write
// themselves. seed.py wrote its artifacts to the object server with the keys in
// SharedObjectStore().Env(), which a reader needs too.
func PostgresDirectServer(t testing.TB) *TestServer {
	t.Helper()
	return pgDirect.get(t, "direct", func(py, dir, uri string, store *ObjectStore) (*TestServer, error) {
		return launchAndSeed(py, dir, serverOptions{backend: uri, workers: pgServerWorkers,
			defaultArtifactRoot: store.ArtifactRoot("direct")}, store.Env())
	})
}

// PostgresAuthServer is the basic-auth app on PostgreSQL with artifacts proxied to the object
// server (the seed's proxied mode behind a login); Auth holds its users.
func PostgresAuthServer(t testing.TB) *TestServer {
	t.Helper()
	return pgAuth.get(t, "auth", func(py, dir, uri string, store *ObjectStore) (*TestServer, error) {
		// Seeding through the login costs a password hash per request (two minutes here), so the
		// seed goes in through a server without it, which then makes way for the basic-auth one
		// on the same database and bucket.
		o := serverOptions{backend: uri, workers: pgServerWorkers, artifactDestination: store.ArtifactRoot("auth"), env: store.Env()}
		seeded, err := launchAndSeed(py, dir+"-seed", o, nil)
		if err != nil {
			return nil, err
		}
		seeded.Stop()
		o.basicAuth = true
		s, err := launchServer(dir, o)
		if err != nil {
			s.Stop()
			return nil, err
		}
		s.Summary = seeded.Summary
		return s, nil
	})
}

func (ss *stackServer) get(t testing.TB, name string, start func(py, dir, uri string, store *ObjectStore) (*TestServer, error)) *TestServer {
	t.Helper()
	PostgresServer(t) // the cluster and the object server
	py := Venv(t)
	ss.once.Do(func() {
		uri, err := pgShared.CreateDatabase("mltui_" + name)
		if err != nil {
			ss.err = err
			return
		}
		dir := filepath.Join(pgShared.Dir, "mlflow-server-"+name)
		ss.srv, ss.err = start(py, dir, uri, s3Shared)
	})
	if ss.err != nil {
		t.Fatalf("starting the PostgreSQL %s server: %v", name, ss.err)
	}
	return ss.srv
}

func (ss *stackServer) stop() {
	if ss.srv != nil {
		ss.srv.Stop()
	}
}

// launchAndSeed starts a server and seeds it small; seedEnv is added to the Python client's
// environment (the object server's keys, in direct mode).
func launchAndSeed(py, dir string, o serverOptions, seedEnv []string) (*TestServer, error) {
	s, err := launchServer(dir, o)
	if err != nil {
		s.Stop()
		return nil, err
	}
	if err := seedServer(py, s, dir, seedEnv, "--small"); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// CreateDatabase creates a database owned by the test user and returns its SQLAlchemy URI.
func (p *Postgres) CreateDatabase(name string) (string, error) {
	if strings.ContainsFunc(name, func(r rune) bool { return !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) {
		return "", fmt.Errorf("database name %q: only a-z, 0-9 and _", name)
	}
	if _, err := p.psql(context.Background(), "postgres",
		fmt.Sprintf("CREATE DATABASE %s OWNER %s ENCODING 'UTF8'", name, p.User)); err != nil {
		return "", err
	}
	return strings.TrimSuffix(p.URI, "/"+p.Database) + "/" + name, nil
}

// stopStackServers stops the servers above (StopPostgres calls it before the cluster goes).
func stopStackServers() {
	pgDirect.stop()
	pgAuth.stop()
	pgMany.stop()
}
