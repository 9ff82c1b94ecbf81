//go:build linux

package tui_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mltui/testenv"
)

// The hang-up tests below find the processes they started by a marker in
// their environment (every descendant inherits it), read from /proc, so
// they are Linux-only.

// newMarker is a NAME=VALUE pair no other process's environment holds;
// the processes holding it are killed when the test ends.
func newMarker(t *testing.T) string {
	t.Helper()
	if _, err := os.ReadFile("/proc/self/environ"); err != nil {
		if testenv.Required() {
			t.Fatalf("reading /proc/self/environ: %v", err)
		}
		t.Skipf("no /proc to find processes by their environment: %v", err)
	}
	marker := fmt.Sprintf("MLTUI_HANGUP_TEST=%d-%d", os.Getpid(), time.Now().UnixNano())
	// Whatever the test left running goes with it.
	t.Cleanup(func() {
		for pid := range markedProcesses(marker) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	return marker
}

// markedProcesses maps the pid of every live process whose environment
// holds marker to the path of its executable. A zombie has neither an
// environment nor an executable to read: it has ended and is left out.
func markedProcesses(marker string) map[int]string {
	out := map[int]string{}
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return out
	}
	want := []byte(marker)
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue
		}
		found := false
		for _, kv := range bytes.Split(env, []byte{0}) {
			if bytes.Equal(kv, want) {
				found = true
				break
			}
		}
		if !found {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil {
			continue
		}
		out[pid] = strings.TrimSuffix(exe, " (deleted)")
	}
	return out
}

// procSet is a selection of the marked processes: those whose executable
// is one of exes (full paths, or base names such as "make").
type procSet struct {
	marker string
	exes   []string
}

func (s procSet) is(exe string) bool {
	for _, x := range s.exes {
		if exe == x || (!strings.Contains(x, "/") && filepath.Base(exe) == x) {
			return true
		}
	}
	return false
}

// live lists the selected processes as "pid exe", sorted by pid.
func (s procSet) live() []string {
	var pids []int
	procs := markedProcesses(s.marker)
	for pid, exe := range procs {
		if s.is(exe) {
			pids = append(pids, pid)
		}
	}
	sort.Ints(pids)
	out := make([]string, len(pids))
	for i, pid := range pids {
		out[i] = fmt.Sprintf("%d %s", pid, procs[pid])
	}
	return out
}

// running requires one live process for each of exes.
func (s procSet) running(t *testing.T) {
	t.Helper()
	live := s.live()
	for _, x := range s.exes {
		one := procSet{marker: s.marker, exes: []string{x}}
		if len(one.live()) == 0 {
			t.Fatalf("no running %s found by the marker %s (found: %q)", x, s.marker, live)
		}
	}
}

// goneWithin fails unless every selected process has ended within d; any
// left are killed so that they do not outlive the test.
func (s procSet) goneWithin(t *testing.T, d time.Duration) {
	t.Helper()
	start := time.Now()
	for {
		live := s.live()
		if len(live) == 0 {
			t.Logf("all gone %s after the terminal was closed", time.Since(start).Round(time.Millisecond))
			return
		}
		if time.Since(start) > d {
			for _, l := range live {
				pid, _ := strconv.Atoi(strings.Fields(l)[0])
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
			t.Fatalf("still running %s after the terminal was gone: %q", d, live)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// repoRoot is the module's root directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// goEnv is what the go command needs in a clean environment whose HOME is
// a fresh directory: this go first on PATH, and the caches, module
// settings and go.env file of the go running the tests, so that a build
// inside the test reuses them instead of starting cold or downloading.
func goEnv(t *testing.T) []string {
	t.Helper()
	names := []string{"GOROOT", "GOCACHE", "GOMODCACHE", "GOPATH", "GOENV", "GOFLAGS", "GOTOOLCHAIN", "GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE"}
	out, err := exec.Command("go", append([]string{"env", "-json"}, names...)...).Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	var vals map[string]string
	if err := json.Unmarshal(out, &vals); err != nil {
		t.Fatalf("go env -json: %v", err)
	}
	env := []string{"PATH=" + filepath.Join(vals["GOROOT"], "bin") + string(os.PathListSeparator) + os.Getenv("PATH")}
	for _, n := range names[1:] {
		if v := vals[n]; v != "" {
			env = append(env, n+"="+v)
		}
	}
	return env
}

// withEnv is env with the entries of over replacing those of the same name.
func withEnv(env []string, over ...string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		replaced := false
		for _, o := range over {
			if on, _, _ := strings.Cut(o, "="); on == name {
				replaced = true
				break
			}
		}
		if !replaced {
			out = append(out, kv)
		}
	}
	return append(out, over...)
}

// shQuote quotes s for sh.
func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
