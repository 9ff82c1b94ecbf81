// Package testenv runs mltui's integration tests against a real MLflow: a pinned mlflow (see
// setup.sh) in a virtualenv under ${MLTUI_CACHE:-~/.cache/mltui}, a golden store seeded once by the
// MLflow Python client (seed.py through seeded.sh), and real `mlflow server` processes started on
// copies of it (server.sh).
//
// Integration tests are plain `go test` tests that call these helpers. Skip policy: with
// MLTUI_INTEGRATION=1 (make test, .ci/run) every failure to install, seed or start is a test
// failure. Without it, a machine that cannot install MLflow skips the test with a message carrying
// SkipMarker, which .ci/run treats as a failure; -short skips as well.
package testenv

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// EnvIntegration, when "1", turns every environment problem into a test failure.
const EnvIntegration = "MLTUI_INTEGRATION"

// SkipMarker starts every skip message of this package so CI can grep for it.
const SkipMarker = "MLTUI-INTEGRATION-SKIPPED"

// Script timeouts: a fresh venv install downloads ~150 MB; seeding takes one to two minutes.
const (
	setupTimeout  = 15 * time.Minute
	seedTimeout   = 10 * time.Minute
	serverTimeout = 4 * time.Minute
	pythonTimeout = 5 * time.Minute
)

// Required reports whether MLTUI_INTEGRATION=1, i.e. skipping is not allowed.
func Required() bool { return os.Getenv(EnvIntegration) == "1" }

// CacheDir is where the venv and golden seeds live (MLTUI_CACHE or ~/.cache/mltui).
func CacheDir() string {
	if d := os.Getenv("MLTUI_CACHE"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "mltui-cache")
	}
	return filepath.Join(home, ".cache", "mltui")
}

// Dir is the testenv source directory holding the scripts.
func Dir() string {
	scriptDirOnce.Do(func() { scriptDir = findScriptDir() })
	return scriptDir
}

// Script is the path of one of the scripts (setup.sh, seed.py, dump.py, ...).
func Script(name string) string { return filepath.Join(Dir(), name) }

var (
	scriptDirOnce sync.Once
	scriptDir     string
)

func findScriptDir() string {
	// The source file's own directory, unless built with -trimpath.
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		d := filepath.Dir(file)
		if exists(filepath.Join(d, "setup.sh")) {
			return d
		}
	}
	// Otherwise walk up from the test's working directory (its package directory) to the module.
	wd, _ := os.Getwd()
	for d := wd; ; d = filepath.Dir(d) {
		if exists(filepath.Join(d, "testenv", "setup.sh")) {
			return filepath.Join(d, "testenv")
		}
		if filepath.Dir(d) == d {
			return filepath.Join(wd, "testenv")
		}
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// ---------------------------------------------------------------------------------------- policy

// unavailable handles "MLflow cannot be installed here": skip loudly, or fail under
// MLTUI_INTEGRATION=1.
func unavailable(t testing.TB, err error) {
	t.Helper()
	if Required() {
		t.Fatalf("MLflow test environment could not be set up and %s=1 forbids skipping: %v", EnvIntegration, err)
	}
	msg := fmt.Sprintf("%s: MLflow test environment unavailable, this integration test did NOT run: %v "+
		"(install with `bash testenv/setup.sh`; `make test` sets %s=1 and fails instead)", SkipMarker, err, EnvIntegration)
	loudOnce.Do(func() { fmt.Fprintf(os.Stderr, "\n!!!!! %s\n\n", msg) })
	t.Skip(msg)
}

var loudOnce sync.Once

// gate is called first by every helper that needs MLflow.
func gate(t testing.TB) {
	t.Helper()
	if testing.Short() && !Required() {
		t.Skipf("%s: integration test skipped in -short mode", SkipMarker)
	}
}

// ------------------------------------------------------------------------------------------ venv

var (
	venvOnce sync.Once
	venvPy   string
	venvErr  error
)

// Venv ensures the pinned MLflow virtualenv exists (installing it the first time) and returns its
// python. A failure to install skips the test, or fails it under MLTUI_INTEGRATION=1.
func Venv(t testing.TB) string {
	t.Helper()
	gate(t)
	venvOnce.Do(func() {
		var out string
		out, venvErr = runScript(setupTimeout, nil, "bash", Script("setup.sh"))
		venvPy = lastLine(out)
		if venvErr == nil && !exists(venvPy) {
			venvErr = fmt.Errorf("setup.sh printed %q, which does not exist", venvPy)
		}
	})
	if venvErr != nil {
		unavailable(t, venvErr)
	}
	return venvPy
}

// -------------------------------------------------------------------------------------- commands

// runScript runs a command with the caller's environment plus env, returning stdout; the error
// carries stderr so failures explain themselves.
func runScript(timeout time.Duration, env []string, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	dieWithUs(cmd)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	// Don't hang on a grandchild that kept stderr open after a kill.
	cmd.WaitDelay = 10 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out after %s", timeout)
	}
	if err != nil {
		return stdout.String(), fmt.Errorf("%s %s: %w\n%s", filepath.Base(name), strings.Join(shortArgs(args), " "),
			err, tail(stderr.String(), 4000))
	}
	return stdout.String(), nil
}

func shortArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if strings.HasPrefix(a, Dir()) {
			a = "testenv/" + strings.TrimPrefix(a, Dir()+"/")
		}
		out[i] = a
	}
	return out
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[i+1:])
	}
	return s
}

// Python runs the venv's python with args (e.g. a script path and its arguments) and returns
// stdout. A non-zero exit fails the test with stderr.
func Python(t testing.TB, args ...string) string {
	t.Helper()
	return PythonEnv(t, nil, args...)
}

// PythonEnv is Python with extra environment variables ("KEY=value").
func PythonEnv(t testing.TB, env []string, args ...string) string {
	t.Helper()
	py := Venv(t)
	env = append([]string{"MLFLOW_DISABLE_TELEMETRY=true", "DO_NOT_TRACK=true", "GIT_PYTHON_REFRESH=quiet",
		"MLFLOW_ALLOW_FILE_STORE=true"}, env...)
	out, err := runScript(pythonTimeout, env, py, args...)
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	return out
}

// PythonWriter starts the venv's python with args as a background writer (a training loop
// logging to a server) and returns the first line it prints, its run id. The process is killed
// when the test ends.
func PythonWriter(t testing.TB, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(Venv(t), args...)
	cmd.Env = append(append(os.Environ(), "MLFLOW_DISABLE_TELEMETRY=true", "DO_NOT_TRACK=true", "GIT_PYTHON_REFRESH=quiet"), env...)
	cmd.Stderr = os.Stderr
	dieWithUs(cmd)
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start python writer: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(pipe).ReadString('\n')
	if err != nil {
		t.Fatalf("the python writer printed no run id: %v", err)
	}
	return strings.TrimSpace(line)
}

// ---------------------------------------------------------------------------------------- copies

// copyTree copies a directory recursively (regular files and directories only).
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
