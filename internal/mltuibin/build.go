// Package mltuibin builds the mltui binary for tests that run it for real
// (in tmux, under ssh, as a served process). Before it, tui, views/diff and
// sshserve each had their own copy of the build, and they differed: tui built
// once per test binary but left cleanup to its TestMain, the others rebuilt
// for every test. Even with a warm build cache a build is a link of a ~30 MiB
// binary, several seconds on a small machine, so it is done once here.
package mltuibin

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

var (
	once   sync.Once
	master *os.File // the build, already unlinked
	size   int64
	errOf  error
)

// Build returns the path of a mltui binary built from the module holding
// the test's working directory, failing t if it cannot be built.
//
// It is built once per test binary, into a folder removed at once while
// the file is kept open, so the build outlives no test binary however it
// ends. Each call gets its own copy, removed when the caller's test ends
// as a per-test build was, so no test can remove or replace another's.
// The build adds no flags: go build reads GOFLAGS from the environment,
// so GOFLAGS=-race go test builds a race-enabled mltui too.
func Build(t testing.TB) string {
	t.Helper()
	once.Do(func() { master, size, errOf = build() })
	if errOf != nil {
		t.Fatalf("mltuibin: %v", errOf)
	}
	// Not t.TempDir: its path carries the test's name, and a subtest's
	// "mouse=true" makes the path read as an assignment to env(1), which
	// the tmux tests run the binary through.
	dir, err := os.MkdirTemp("", "mltuibin-")
	if err != nil {
		t.Fatalf("mltuibin: folder for the copy: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	bin := filepath.Join(dir, "mltui")
	if err := copyOut(bin); err != nil {
		t.Fatalf("mltuibin: %v", err)
	}
	return bin
}

// build runs go build at the module root and returns the binary open, its
// folder removed.
func build() (*os.File, int64, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, 0, err
	}
	dir, err := os.MkdirTemp("", "mltuibin-")
	if err != nil {
		return nil, 0, fmt.Errorf("temp folder for the build: %w", err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "mltui")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, 0, fmt.Errorf("go build in %s: %w\n%s", root, err, out)
	}
	f, err := os.Open(bin)
	if err != nil {
		return nil, 0, fmt.Errorf("open the build: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, 0, fmt.Errorf("stat the build: %w", err)
	}
	return f, fi.Size(), nil
}

// moduleRoot asks the go command which go.mod governs the working
// directory (a test runs in its package's folder), so it holds wherever
// the package sits in the tree.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("go env GOMOD: no go.mod governs the working directory (GOMOD=%q)", mod)
	}
	return filepath.Dir(mod), nil
}

// copyOut writes the build to path as an executable. ReadAt does not move
// the shared file offset, so parallel tests can copy at once. The write
// holds syscall.ForkLock for reading, as the syscall package asks of code
// creating descriptors: a child forked meanwhile by a parallel test would
// hold the write descriptor until its exec, and executing the copy then
// fails with ETXTBSY.
func copyOut(path string) error {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return fmt.Errorf("copy of the build: %w", err)
	}
	if _, err := io.Copy(f, io.NewSectionReader(master, 0, size)); err != nil {
		_ = f.Close()
		return fmt.Errorf("copy the build to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("copy the build to %s: %w", path, err)
	}
	return nil
}
