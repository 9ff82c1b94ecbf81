package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// clockTicks is USER_HZ, the unit of the CPU times in /proc/PID/stat; it is
// 100 on every Linux architecture Go runs on.
const clockTicks = 100

// groupCPU is the CPU time (user and system, with that of children already
// reaped) used so far by the processes in process group pgid. Benchmarks
// take its difference across a walk to see where a 2-core machine's time
// went: a server that spends more CPU than the walk has wall time × cores
// is the floor, whatever the client does.
func groupCPU(pgid int) (time.Duration, error) {
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(stats) == 0 {
		return 0, fmt.Errorf("reading CPU times: no /proc here")
	}
	var ticks int64
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // the process ended while we looked
		}
		// After the parenthesised command: state(0) ppid pgrp ... utime(11) stime cutime cstime.
		i := strings.LastIndexByte(string(b), ')')
		f := strings.Fields(string(b[i+1:]))
		if len(f) < 15 || f[2] != strconv.Itoa(pgid) {
			continue
		}
		for _, s := range f[11:15] {
			n, _ := strconv.ParseInt(s, 10, 64)
			ticks += n
		}
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// CPU is the CPU time the server's processes (the supervisor and its
// workers) have used so far.
func (s *TestServer) CPU(t testing.TB) time.Duration {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.Dir, "server.pid"))
	if err != nil {
		t.Fatalf("the server's process group: %v", err)
	}
	pgid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("the server's process group: %v", err)
	}
	d, err := groupCPU(pgid)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// CPU is the CPU time the cluster (the postmaster and its backends) has
// used so far.
func (p *Postgres) CPU(t testing.TB) time.Duration {
	t.Helper()
	if p.cmd == nil || p.cmd.Process == nil {
		t.Fatal("PostgreSQL is not running")
	}
	d, err := groupCPU(p.cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
