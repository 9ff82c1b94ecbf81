package testenv

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// This file runs the seed's production stack as a test peer: a private PostgreSQL cluster and a
// `mlflow server --workers 4` on it, seeded through the Python client like the SQLite golden store.
//
// Both are started at most once per test binary (PostgresServer) and die with it: each runs in its
// own process group under a bash watcher that stops the group (and removes the cluster's directory)
// when the test binary is gone, as server.sh does for the SQLite servers. Packages using them
// should call MainWithPostgres from TestMain so they are stopped before exit.

// Postgres is a private PostgreSQL cluster listening on 127.0.0.1 only.
type Postgres struct {
	Dir      string // holds data/, the unix socket and postgres.log; removed on Stop
	BinDir   string // where initdb and postgres were found
	Port     int
	User     string
	Password string
	Database string
	// URI is the SQLAlchemy URI of the database, postgresql+psycopg2://User:Password@127.0.0.1:Port/Database.
	// The driver is named: the venv's SQLAlchemy (2.1) reads a bare postgresql:// as psycopg 3.
	URI string

	id        pgIdentity
	parentPID int
	cmd       *exec.Cmd
	done      chan struct{} // closed when the postmaster has exited and been reaped
	stopOnce  sync.Once
}

// pgStartTimeout bounds initdb plus the first successful connection.
const pgStartTimeout = 2 * time.Minute

// errPGUnavailable marks "this machine cannot run PostgreSQL" (skip, or fail under
// MLTUI_INTEGRATION=1), as opposed to a cluster that was found but failed to start.
type errPGUnavailable struct{ error }

// PostgresBinDir finds the PostgreSQL server binaries: $MLTUI_PG_BIN, else the directory of initdb
// on PATH, else the newest /usr/lib/postgresql/N/bin (Debian keeps them off PATH).
func PostgresBinDir() (string, error) {
	if d := os.Getenv("MLTUI_PG_BIN"); d != "" {
		if !exists(filepath.Join(d, "initdb")) {
			return "", fmt.Errorf("MLTUI_PG_BIN=%s has no initdb", d)
		}
		return d, nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		// A link on PATH (e.g. /usr/local/bin/initdb) stands for the real directory, which has psql.
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		return filepath.Dir(p), nil
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(found, func(a, b int) bool { return pgMajor(found[a]) < pgMajor(found[b]) })
	if len(found) == 0 {
		return "", errors.New("no PostgreSQL server binaries (initdb): install postgresql (testenv/setup.sh does, as root) or set MLTUI_PG_BIN")
	}
	return filepath.Dir(found[len(found)-1]), nil
}

// pgMajor is N of /usr/lib/postgresql/N/bin/initdb.
func pgMajor(initdb string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(filepath.Dir(initdb))), 64)
	return v
}

// pgIdentity is who runs initdb and postgres: the current user, or the postgres system user when
// running as root (the server refuses to run as root).
type pgIdentity struct {
	asRoot   bool
	uid, gid int
}

func (id pgIdentity) command(name string, args ...string) []string {
	if !id.asRoot {
		return append([]string{name}, args...)
	}
	// setpriv execs the program itself (runuser would stay as its parent), so the postmaster is
	// the process the watcher and Stop signal.
	return append([]string{"setpriv", "--reuid=" + strconv.Itoa(id.uid), "--regid=" + strconv.Itoa(id.gid),
		"--clear-groups", "--", name}, args...)
}

func currentPGIdentity() (pgIdentity, error) {
	if os.Geteuid() != 0 {
		return pgIdentity{}, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return pgIdentity{}, fmt.Errorf("running as root, PostgreSQL needs the unprivileged postgres user: %w", err)
	}
	if _, err := exec.LookPath("setpriv"); err != nil {
		return pgIdentity{}, fmt.Errorf("running as root, setpriv is needed to run PostgreSQL as postgres: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return pgIdentity{asRoot: true, uid: uid, gid: gid}, nil
}

// pgLocale is C.UTF-8 where the system has it (the images here have no en_US.UTF-8), else C.
func pgLocale() string {
	out, err := exec.Command("locale", "-a").Output()
	if err == nil {
		for _, l := range strings.Fields(string(out)) {
			if strings.EqualFold(l, "C.utf8") || strings.EqualFold(l, "C.UTF-8") {
				return "C.UTF-8"
			}
		}
	}
	return "C"
}

// StartPostgres creates and starts a cluster in a new temporary directory. parentPID is the
// process whose death stops it (0: none). On error the half-started cluster is already stopped.
func StartPostgres(parentPID int) (*Postgres, error) {
	bin, err := PostgresBinDir()
	if err != nil {
		return nil, errPGUnavailable{err}
	}
	id, err := currentPGIdentity()
	if err != nil {
		return nil, errPGUnavailable{err}
	}
	dir, err := os.MkdirTemp("", "mltui-pg-")
	if err != nil {
		return nil, err
	}
	if id.asRoot {
		if err := os.Chown(dir, id.uid, id.gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	p := &Postgres{Dir: dir, BinDir: bin, User: "mltui", Database: "mltui", Password: "pw-" + randomHex(8)}
	if err := p.start(id, parentPID); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

func (p *Postgres) start(id pgIdentity, parentPID int) error {
	ctx, cancel := context.WithTimeout(context.Background(), pgStartTimeout)
	defer cancel()
	p.id, p.parentPID = id, parentPID
	// The cluster's own superuser is postgres whoever runs it; local (socket) logins are trusted,
	// TCP logins need the password.
	initdb := id.command(filepath.Join(p.BinDir, "initdb"), "-D", filepath.Join(p.Dir, "data"), "-U", "postgres", "-E", "UTF8",
		"--locale="+pgLocale(), "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync")
	if out, err := exec.CommandContext(ctx, initdb[0], initdb[1:]...).CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v\n%s", err, tail(string(out), 3000))
	}
	var lastErr error
	// A free port can be taken between probing and binding; retry a few times.
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return err
		}
		if lastErr = p.launch(ctx, port); lastErr == nil {
			break
		}
		p.kill()
		log, _ := os.ReadFile(filepath.Join(p.Dir, "postgres.log"))
		if !strings.Contains(string(log), "could not bind") && !strings.Contains(string(log), "already in use") {
			return lastErr
		}
	}
	if lastErr != nil {
		return lastErr
	}
	sql := []string{
		fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s'", p.User, p.Password),
		fmt.Sprintf("CREATE DATABASE %s OWNER %s ENCODING 'UTF8'", p.Database, p.User),
	}
	if _, err := p.psql(ctx, "postgres", sql...); err != nil {
		return err
	}
	p.URI = fmt.Sprintf("postgresql+psycopg2://%s:%s@127.0.0.1:%d/%s", p.User, p.Password, p.Port, p.Database)
	return nil
}

// launch starts the postmaster on the initialised data directory, listening on port, and waits
// until it accepts connections.
func (p *Postgres) launch(ctx context.Context, port int) error {
	logf, err := os.OpenFile(filepath.Join(p.Dir, "postgres.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	p.Port = port
	// Durability is not wanted in a throwaway cluster: fsync off makes seeding much faster.
	server := p.id.command(filepath.Join(p.BinDir, "postgres"), "-D", filepath.Join(p.Dir, "data"),
		"-c", "listen_addresses=127.0.0.1", "-c", "port="+strconv.Itoa(port),
		"-c", "unix_socket_directories="+p.Dir, "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=100")
	cmd := exec.Command("bash", append([]string{"-c", pgWatcher, "_", p.Dir, strconv.Itoa(p.parentPID)}, server...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	err = cmd.Start()
	logf.Close()
	if err != nil {
		return fmt.Errorf("starting postgres: %w", err)
	}
	p.cmd, p.done = cmd, make(chan struct{})
	go func(done chan struct{}) { _ = cmd.Wait(); close(done) }(p.done)
	return p.waitReady(ctx)
}

// Down shuts the postmaster down (fast shutdown: clients are disconnected) and keeps the data, so
// a test can see what its clients do while the database is gone; Up brings it back.
func (p *Postgres) Down(t testing.TB) {
	t.Helper()
	if p.cmd == nil || p.cmd.Process == nil {
		t.Fatal("postgres is not running")
	}
	_ = p.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		t.Fatal("postgres ignored a fast shutdown for 20 s")
	}
	p.cmd = nil
}

// Up starts the cluster again after Down, on the same port, with the same data.
func (p *Postgres) Up(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), pgStartTimeout)
	defer cancel()
	if err := p.launch(ctx, p.Port); err != nil {
		t.Fatalf("restarting postgres on port %d: %v", p.Port, err)
	}
}

// pgWatcher runs as `bash -c pgWatcher _ DIR PARENT CMD...`: it leads a new process group (Setsid)
// and execs CMD, the postmaster, after forking a watcher that, once PARENT is gone, asks for a fast
// shutdown (SIGINT), kills the postmaster if that takes over 10 s, and removes DIR. The watcher
// also ends when the postmaster does.
const pgWatcher = `
dir=$1 parent=$2; shift 2
if [ "$parent" != 0 ]; then
  (
    while kill -0 "$parent" 2>/dev/null && kill -0 $$ 2>/dev/null; do sleep 1; done
    if kill -0 "$parent" 2>/dev/null; then exit 0; fi
    kill -INT $$ 2>/dev/null
    for i in $(seq 1 50); do kill -0 $$ 2>/dev/null || break; sleep 0.2; done
    kill -KILL $$ 2>/dev/null
    sleep 1
    rm -rf "$dir"
  ) </dev/null >/dev/null 2>&1 &
fi
exec "$@"
`

// waitReady polls until the server accepts a connection, the postmaster exits, or ctx ends.
func (p *Postgres) waitReady(ctx context.Context) error {
	var err error
	for {
		if _, err = p.psql(ctx, "postgres", "SELECT 1"); err == nil {
			return nil
		}
		select {
		case <-p.done:
			log, _ := os.ReadFile(filepath.Join(p.Dir, "postgres.log"))
			return fmt.Errorf("postgres exited during startup; postgres.log:\n%s", tail(string(log), 3000))
		case <-ctx.Done():
			log, _ := os.ReadFile(filepath.Join(p.Dir, "postgres.log"))
			return fmt.Errorf("postgres did not accept connections within %s (last try: %v); postgres.log:\n%s", pgStartTimeout, err, tail(string(log), 3000))
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// psql runs statements (each its own -c, so CREATE DATABASE is outside a transaction) as the
// cluster's superuser over the unix socket, returning unaligned tuples-only output.
func (p *Postgres) psql(ctx context.Context, db string, statements ...string) (string, error) {
	args := []string{"-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", p.Dir, "-p", strconv.Itoa(p.Port),
		"-U", "postgres", "-d", db}
	for _, s := range statements {
		args = append(args, "-c", s)
	}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	psql := filepath.Join(p.BinDir, "psql")
	if !exists(psql) {
		psql = "psql"
	}
	out, err := exec.CommandContext(cctx, psql, args...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("psql %q: %v\n%s", statements, err, tail(string(out), 2000))
	}
	return string(out), nil
}

// Query runs one SQL statement in the test database as the superuser and returns psql's unaligned
// output (rows on lines, columns separated by |). For tests that look at what MLflow stored.
func (p *Postgres) Query(t testing.TB, sql string) string {
	t.Helper()
	out, err := p.psql(context.Background(), p.Database, sql)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// kill stops the process group at once and waits for the postmaster to be reaped.
func (p *Postgres) kill() { killGroup(p.cmd, p.done) }

// killGroup kills the process group cmd leads (started with Setsid) and waits up to 10 s for done,
// closed once cmd has been reaped.
func killGroup(cmd *exec.Cmd, done <-chan struct{}) {
	if cmd == nil || cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
	}
}

// Stop shuts the cluster down (fast shutdown, then KILL after 10 s), ends its watcher and removes
// its directory. Idempotent.
func (p *Postgres) Stop() {
	p.stopOnce.Do(func() {
		if p.cmd != nil && p.cmd.Process != nil {
			_ = p.cmd.Process.Signal(syscall.SIGINT)
			select {
			case <-p.done:
			case <-time.After(10 * time.Second):
				fmt.Fprintf(os.Stderr, "testenv: postgres in %s ignored a fast shutdown for 10 s; killing it\n", p.Dir)
			}
			// Also ends the watcher and any backend left behind.
			p.kill()
		}
		os.RemoveAll(p.Dir)
	})
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	f, err := os.Open("/dev/urandom")
	if err == nil {
		_, _ = f.Read(b)
		f.Close()
	} else {
		copy(b, strconv.FormatInt(time.Now().UnixNano(), 16))
	}
	return fmt.Sprintf("%x", b)
}

// ------------------------------------------------------------------------- the server on it

// pgServerWorkers is --workers for the PostgreSQL server: production runs several, SQLite one.
const pgServerWorkers = 4

// PGTimings records how long the shared PostgreSQL stack took to come up, for logs.
type PGTimings struct {
	Postgres, ObjectStore, Server, Seed time.Duration
}

var (
	pgOnce    sync.Once
	pgShared  *Postgres
	pgSrv     *TestServer
	pgErr     error
	pgTimings PGTimings
	s3Shared  *ObjectStore
)

// PostgresServer returns the test binary's one `mlflow server --workers 4` on a private PostgreSQL
// cluster, seeded by seed.py through the Python client (the full seed, big_metric included), with
// the same Summary fields as the SQLite harness. It is started on first use (see
// PostgresTimings) and shared: do not write to it. The first call's failure is every caller's.
func PostgresServer(t testing.TB) *TestServer {
	t.Helper()
	py := Venv(t)
	pgOnce.Do(func() { pgSrv, pgErr = startPostgresStack(py) })
	var un errPGUnavailable
	if errors.As(pgErr, &un) {
		unavailable(t, pgErr)
	}
	if pgErr != nil {
		t.Fatalf("starting the PostgreSQL test server: %v", pgErr)
	}
	return pgSrv
}

// PostgresTimings is how long the shared PostgreSQL stack took to start (zero before).
func PostgresTimings() PGTimings { return pgTimings }

// SharedPostgres is the cluster under PostgresServer (nil before it started).
func SharedPostgres() *Postgres { return pgShared }

// SharedObjectStore is the object server behind PostgresServer's artifacts (nil before it started).
func SharedObjectStore() *ObjectStore { return s3Shared }

func startPostgresStack(py string) (*TestServer, error) {
	t0 := time.Now()
	pg, err := StartPostgres(os.Getpid())
	if err != nil {
		return nil, err
	}
	pgShared = pg
	pgTimings.Postgres = time.Since(t0)

	t3 := time.Now()
	store, err := StartObjectStore(os.Getpid())
	if err != nil {
		return nil, fmt.Errorf("starting the object server: %w", err)
	}
	s3Shared = store
	pgTimings.ObjectStore = time.Since(t3)

	t1 := time.Now()
	// Inside the cluster's directory, so the cluster's watcher removes it too when the test binary
	// dies without stopping them. The seed's proxied mode: the server reads and writes S3.
	dir := filepath.Join(pg.Dir, "mlflow-server")
	s, err := launchServer(dir, serverOptions{backend: pg.URI, workers: pgServerWorkers,
		artifactDestination: store.ArtifactRoot(""), env: store.Env()})
	if err != nil {
		s.Stop()
		return nil, err
	}
	pgTimings.Server = time.Since(t1)

	t2 := time.Now()
	if err := seedServer(py, s, dir, nil); err != nil {
		s.Stop()
		return nil, err
	}
	pgTimings.Seed = time.Since(t2)
	return s, nil
}

// seedServer runs seed.py against s (args after the URL; env added to the client's) and reads
// its summary into s.Summary.
func seedServer(py string, s *TestServer, dir string, env []string, args ...string) error {
	summary := filepath.Join(dir, "summary.json")
	cmd := exec.Command(py, append([]string{Script("seed.py"), s.URL, "--out", summary}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "MLFLOW_DISABLE_TELEMETRY=true", "DO_NOT_TRACK=true",
		"GIT_PYTHON_REFRESH=quiet"), append(s.Env(), env...)...)
	logf, err := os.Create(filepath.Join(dir, "seed.log"))
	if err != nil {
		return err
	}
	cmd.Stderr = logf
	err = runWithTimeout(cmd, seedTimeout)
	logf.Close()
	if err != nil {
		b, _ := os.ReadFile(filepath.Join(dir, "seed.log"))
		return fmt.Errorf("seed.py against %s: %v\n%s\nserver.log:\n%s", s.URL, err, tail(string(b), 3000), tail(s.Log(), 2000))
	}
	return readJSON(summary, &s.Summary)
}

func runWithTimeout(cmd *exec.Cmd, timeout time.Duration) error {
	dieWithUs(cmd)
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		_ = cmd.Process.Kill()
		<-done
		return fmt.Errorf("timed out after %s", timeout)
	}
}

// StopPostgres stops the shared PostgreSQL server and cluster and removes their directory
// (MainWithPostgres calls it).
func StopPostgres() {
	stopStackServers()
	if pgSrv != nil {
		pgSrv.Stop()
	}
	if pgShared != nil {
		pgShared.Stop()
	}
	if s3Shared != nil {
		s3Shared.Stop()
	}
}

// MainWithPostgres is Main for packages that also use PostgresServer: it runs the tests, then
// stops the PostgreSQL stack and the shared SQLite server.
//
//	func TestMain(m *testing.M) { testenv.MainWithPostgres(m) }
func MainWithPostgres(m *testing.M) {
	code := m.Run()
	StopPostgres()
	StopShared()
	os.Exit(code)
}
