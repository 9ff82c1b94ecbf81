package testenv

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestServer is a real `mlflow server` on 127.0.0.1 serving a private copy of the golden seed.
// (The type is not called Server because Server is the constructor.)
type TestServer struct {
	URL     string // http://127.0.0.1:PORT, no trailing slash
	Dir     string // holds mlflow.db, artifacts/, server.log (and basic_auth.ini, auth.env)
	Summary Summary
	// Auth is nil unless started with BasicAuth().
	Auth *Credentials

	stopOnce sync.Once
}

// Credentials of a basic-auth server. Admin can do anything; Reader has READ on everything
// (default_permission=READ); Editor has EDIT on the registered model iris-classifier only
// (may set aliases and tags there; deleting an alias needs MANAGE).
type Credentials struct {
	AdminUser, AdminPassword   string
	ReaderUser, ReaderPassword string
	EditorUser, EditorPassword string
}

// Option configures Server.
type Option func(*serverOptions)

type serverOptions struct {
	basicAuth bool
	// The rest are server.sh's flags for the production-stack servers; zero values give the
	// SQLite default (DIR/mlflow.db, one worker, artifacts proxied from DIR/artifacts).
	backend             string   // --backend-store-uri
	workers             int      // --workers
	artifactDestination string   // --serve-artifacts --artifacts-destination
	defaultArtifactRoot string   // --no-serve-artifacts --default-artifact-root (clients read it)
	env                 []string // K=V added to the server's environment
}

// scriptArgs are server.sh start's flags after DIR.
func (o serverOptions) scriptArgs() []string {
	args := []string{"--parent-pid", strconv.Itoa(os.Getpid())}
	if o.basicAuth {
		args = append(args, "--basic-auth")
	}
	if o.backend != "" {
		args = append(args, "--backend", o.backend)
	}
	if o.workers > 0 {
		args = append(args, "--workers", strconv.Itoa(o.workers))
	}
	if o.artifactDestination != "" {
		args = append(args, "--artifacts-destination", o.artifactDestination)
	}
	if o.defaultArtifactRoot != "" {
		args = append(args, "--default-artifact-root", o.defaultArtifactRoot)
	}
	for _, kv := range o.env {
		args = append(args, "--env", kv)
	}
	return args
}

// BasicAuth starts the server with `--app-name basic-auth` and creates the users in Credentials.
func BasicAuth() Option { return func(o *serverOptions) { o.basicAuth = true } }

// Server copies the golden seed into t.TempDir(), starts a real mlflow server on it and stops it
// (the whole process group) in t.Cleanup, which also runs when the test fails or panics. Tests
// may write to it freely. Starting takes ~10 s; read-only tests should use Shared.
func Server(t testing.TB, opts ...Option) *TestServer {
	t.Helper()
	var o serverOptions
	for _, opt := range opts {
		opt(&o)
	}
	seed := Seeded(t)
	dir := t.TempDir()
	s, err := startServer(seed, dir, o)
	if s != nil {
		// Registered before checking err: a half-started server is stopped too.
		t.Cleanup(s.Stop)
	}
	if err != nil {
		t.Fatalf("starting mlflow server: %v", err)
	}
	return s
}

func startServer(seed *Seed, dir string, o serverOptions) (*TestServer, error) {
	if err := copyFile(seed.DB, filepath.Join(dir, "mlflow.db")); err != nil {
		return nil, fmt.Errorf("copy golden mlflow.db: %w", err)
	}
	if err := copyTree(seed.Artifacts, filepath.Join(dir, "artifacts")); err != nil {
		return nil, fmt.Errorf("copy golden artifacts: %w", err)
	}
	s, err := launchServer(dir, o)
	if s != nil {
		s.Summary = seed.Summary
	}
	return s, err
}

// launchServer runs server.sh start in dir with o. On error the returned server (if any) is
// half-started and should be stopped.
func launchServer(dir string, o serverOptions) (*TestServer, error) {
	s := &TestServer{Dir: dir}
	args := append([]string{Script("server.sh"), "start", dir}, o.scriptArgs()...)
	out, err := runScript(serverTimeout, nil, "bash", args...)
	if err != nil {
		return s, err
	}
	s.URL = lastLine(out)
	if o.basicAuth {
		env, err := readEnvFile(filepath.Join(dir, "auth.env"))
		if err != nil {
			return s, err
		}
		s.Auth = &Credentials{
			AdminUser: env["MLTUI_TEST_ADMIN_USER"], AdminPassword: env["MLTUI_TEST_ADMIN_PASSWORD"],
			ReaderUser: env["MLTUI_TEST_READER_USER"], ReaderPassword: env["MLTUI_TEST_READER_PASSWORD"],
			EditorUser: env["MLTUI_TEST_EDITOR_USER"], EditorPassword: env["MLTUI_TEST_EDITOR_PASSWORD"],
		}
		if s.Auth.AdminPassword == "" || s.Auth.ReaderPassword == "" {
			return s, fmt.Errorf("auth.env in %s lacks credentials", dir)
		}
		authServers.Store(s.URL, s.Auth)
	}
	return s, nil
}

// Stop stops the server (idempotent). Server registers it with t.Cleanup; call it directly only
// to test behaviour against a server that went away.
func (s *TestServer) Stop() {
	s.stopOnce.Do(func() {
		if s.URL != "" {
			authServers.Delete(s.URL)
		}
		if _, err := runScript(serverTimeout, nil, "bash", Script("server.sh"), "stop", s.Dir); err != nil {
			fmt.Fprintf(os.Stderr, "testenv: stopping mlflow server in %s: %v\n", s.Dir, err)
		}
	})
}

// Log returns the server's log so far (for failure messages).
func (s *TestServer) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "server.log"))
	return string(b)
}

// Env is the environment for an MLflow Python client talking to this server as admin.
func (s *TestServer) Env() []string {
	env := []string{"MLFLOW_TRACKING_URI=" + s.URL}
	if s.Auth != nil {
		env = append(env, "MLFLOW_TRACKING_USERNAME="+s.Auth.AdminUser, "MLFLOW_TRACKING_PASSWORD="+s.Auth.AdminPassword)
	}
	return env
}

// authServers maps the URL of each running basic-auth server to its credentials, so the dump
// helpers, given only a URI, can run the Python client as admin.
var authServers sync.Map

func credentialsEnv(uri string) []string {
	v, ok := authServers.Load(strings.TrimRight(uri, "/"))
	if !ok {
		return nil
	}
	c := v.(*Credentials)
	return []string{"MLFLOW_TRACKING_USERNAME=" + c.AdminUser, "MLFLOW_TRACKING_PASSWORD=" + c.AdminPassword}
}

func readEnvFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if ok && !strings.HasPrefix(k, "#") {
			out[k] = v
		}
	}
	return out, sc.Err()
}

// ------------------------------------------------------------------------------------ shared one

var (
	sharedMu  sync.Mutex
	sharedSrv *TestServer
	sharedErr error
	sharedDir string
)

// Shared returns one server per test process, started on first use, for tests that only read.
// Do not write to it (use Server for that). Packages using it should call Main from TestMain so
// it is stopped at exit; if they don't, a watcher still stops it when the test process exits.
func Shared(t testing.TB) *TestServer {
	t.Helper()
	seed := Seeded(t)
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if sharedSrv == nil && sharedErr == nil {
		sharedDir, sharedErr = os.MkdirTemp("", "mltui-shared-server-")
		if sharedErr == nil {
			var s *TestServer
			s, sharedErr = startServer(seed, sharedDir, serverOptions{})
			if sharedErr != nil && s != nil {
				s.Stop()
			} else {
				sharedSrv = s
			}
		}
	}
	if sharedErr != nil {
		t.Fatalf("starting the shared mlflow server: %v", sharedErr)
	}
	return sharedSrv
}

// Main runs the package's tests, then cleanups, then stops the shared server. Use it as
//
//	func TestMain(m *testing.M) { testenv.Main(m) }
func Main(m *testing.M, cleanups ...func()) {
	code := m.Run()
	for _, c := range cleanups {
		c()
	}
	StopShared()
	os.Exit(code)
}

// StopShared stops the shared server and removes its directory (Main calls it).
func StopShared() {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if sharedSrv != nil {
		sharedSrv.Stop()
		sharedSrv = nil
	}
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
		sharedDir = ""
	}
	sharedErr = nil
}
