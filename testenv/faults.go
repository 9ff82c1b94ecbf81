package testenv

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// FaultServer is the seed's server (PostgreSQL, `--workers 4`) on a cluster of its own, so a test
// may take the database down (Postgres.Down / Up) or kill a worker without disturbing other tests.
// Its one experiment holds Runs.Runs runs written by the Python client (manyruns.py seed).
type FaultServer struct {
	*TestServer
	Postgres *Postgres
	Runs     ManyRuns
}

// PostgresFaultServer starts a FaultServer with runs runs; both are stopped at cleanup.
func PostgresFaultServer(t testing.TB, runs int) *FaultServer {
	t.Helper()
	py := Venv(t)
	pg, err := StartPostgres(os.Getpid())
	var un errPGUnavailable
	if errors.As(err, &un) {
		unavailable(t, err)
	}
	if err != nil {
		t.Fatalf("starting PostgreSQL: %v", err)
	}
	t.Cleanup(pg.Stop)
	s, err := launchServer(filepath.Join(pg.Dir, "mlflow-server"), serverOptions{backend: pg.URI, workers: pgServerWorkers})
	if s != nil {
		t.Cleanup(s.Stop)
	}
	if err != nil {
		t.Fatalf("starting mlflow server on PostgreSQL: %v", err)
	}
	out, err := runScript(seedTimeout, pythonEnv(), py, Script("manyruns.py"), "seed", s.URL,
		"--experiment", "fault-runs", "--runs", strconv.Itoa(runs))
	f := &FaultServer{TestServer: s, Postgres: pg}
	if err == nil {
		err = json.Unmarshal([]byte(lastLine(out)), &f.Runs)
	}
	if err != nil {
		t.Fatalf("manyruns.py seed: %v", err)
	}
	return f
}

// Workers are the PIDs of the server's worker processes (uvicorn's or gunicorn's): the processes
// in its process group that serve requests, not the supervisor above them.
func (s *TestServer) Workers(t testing.TB) []int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.Dir, "server.pid"))
	if err != nil {
		t.Fatalf("the server's process group: %v", err)
	}
	pgid := strings.TrimSpace(string(b))
	procs, _ := filepath.Glob("/proc/[0-9]*/stat")
	var pids []int
	for _, p := range procs {
		stat, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// Fields after the parenthesised command: state ppid pgrp ...
		i := strings.LastIndexByte(string(stat), ')')
		f := strings.Fields(string(stat[i+1:]))
		if len(f) < 3 || f[2] != pgid {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join(filepath.Dir(p), "cmdline"))
		cl := strings.ReplaceAll(string(cmdline), "\x00", " ")
		if strings.Contains(cl, "multiprocessing.spawn") || strings.Contains(cl, "gunicorn: worker") {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
			pids = append(pids, pid)
		}
	}
	return pids
}

// connections counts, per PID, the established TCP connections it holds on the server's port:
// a worker holding one has a client's request, or its kept-alive connection.
func (s *TestServer) connections(pids []int) map[int]int {
	u, err := url.Parse(s.URL)
	if err != nil {
		return nil
	}
	port, _ := strconv.Atoi(u.Port())
	local := fmt.Sprintf(":%04X", port)
	established := map[string]bool{} // socket inodes
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		b, _ := os.ReadFile(f)
		for _, l := range strings.Split(string(b), "\n")[1:] {
			// sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
			c := strings.Fields(l)
			if len(c) > 9 && strings.HasSuffix(c[1], local) && c[3] == "01" {
				established[c[9]] = true
			}
		}
	}
	n := map[int]int{}
	for _, pid := range pids {
		fds, _ := filepath.Glob(fmt.Sprintf("/proc/%d/fd/*", pid))
		for _, fd := range fds {
			if l, err := os.Readlink(fd); err == nil && strings.HasPrefix(l, "socket:[") &&
				established[strings.TrimSuffix(strings.TrimPrefix(l, "socket:["), "]")] {
				n[pid]++
			}
		}
	}
	return n
}

// KillWorker kills one of the server's workers with SIGKILL, as the OOM killer would: the one
// holding the most client connections (so a request in flight is cut off). It returns the PID and
// how many connections it held.
func (s *TestServer) KillWorker(t testing.TB) (pid, conns int) {
	t.Helper()
	ws := s.Workers(t)
	if len(ws) == 0 {
		t.Fatalf("no worker processes found under the server in %s", s.Dir)
	}
	held := s.connections(ws)
	pid = ws[0]
	for _, w := range ws {
		if held[w] > held[pid] {
			pid = w
		}
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill worker %d: %v", pid, err)
	}
	return pid, held[pid]
}

// CreateRun makes one run named name in experiment expID through the Python client.
func CreateRun(t testing.TB, url, expID, name string) {
	t.Helper()
	Python(t, Script("manyruns.py"), "create", url, "--experiment-id", expID, "--name", name)
}
