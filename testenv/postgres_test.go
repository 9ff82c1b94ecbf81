package testenv

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestIntegrationPostgresStack starts the shared PostgreSQL stack and checks what it promises: the
// seed went into PostgreSQL through the server (not into some SQLite file), the cluster listens on
// 127.0.0.1 only, and the server runs several workers.
func TestIntegrationPostgresStack(t *testing.T) {
	srv := PostgresServer(t)
	tm := PostgresTimings()
	t.Logf("postgres %.1f s, mlflow server %.1f s, seed %.1f s (seed.py says %.1f s)",
		tm.Postgres.Seconds(), tm.Server.Seconds(), tm.Seed.Seconds(), srv.Summary.SeedSeconds)
	if srv.Summary.Small || srv.Summary.BigMetric == nil {
		t.Fatalf("the PostgreSQL seed is small: %+v", srv.Summary)
	}
	pg := SharedPostgres()
	if n := strings.TrimSpace(pg.Query(t, "SELECT count(*) FROM runs")); n == "" || n == "0" {
		t.Fatalf("runs in PostgreSQL: %q", n)
	}
	if got := strings.TrimSpace(pg.Query(t, "SHOW listen_addresses")); got != "127.0.0.1" {
		t.Fatalf("listen_addresses = %q", got)
	}
	big := srv.Summary.Run(t, "big_metric_run")
	n := strings.TrimSpace(pg.Query(t, "SELECT count(*) FROM metrics WHERE run_uuid = '"+big+"' AND key = '"+srv.Summary.BigMetric.Key+"'"))
	if n != strconv.FormatInt(srv.Summary.BigMetric.Steps, 10) {
		t.Fatalf("big metric rows in PostgreSQL: %s, want %d", n, srv.Summary.BigMetric.Steps)
	}
	pgid, err := os.ReadFile(srv.Dir + "/server.pid")
	if err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("ps", "-e", "-o", "pgid=,args=").Output()
	workers := 0
	for _, l := range strings.Split(string(out), "\n") {
		f := strings.Fields(l)
		if len(f) > 1 && f[0] == strings.TrimSpace(string(pgid)) && strings.Contains(l, "python") {
			workers++
		}
	}
	if workers < pgServerWorkers {
		t.Errorf("%d python processes in the server's group, want at least %d workers:\n%s", workers, pgServerWorkers, out)
	}
}

// TestIntegrationPostgresDiesWithParent starts a cluster watched by a stand-in parent process,
// kills that parent, and expects the postmaster gone and its directory removed, as when a test
// binary is killed by -timeout.
func TestIntegrationPostgresDiesWithParent(t *testing.T) {
	gate(t)
	parent := exec.Command("sleep", "300")
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	pg, err := StartPostgres(parent.Process.Pid)
	if err != nil {
		_ = parent.Process.Kill()
		if _, ok := err.(errPGUnavailable); ok {
			unavailable(t, err)
		}
		t.Fatal(err)
	}
	defer pg.Stop()
	pid := pg.cmd.Process.Pid
	_ = parent.Process.Kill()
	_ = parent.Wait()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-pg.done:
		default:
			time.Sleep(200 * time.Millisecond)
			continue
		}
		break
	}
	select {
	case <-pg.done:
	default:
		t.Fatalf("postgres (pid %d) still runs 30 s after its parent died", pid)
	}
	for time.Now().Before(deadline) && exists(pg.Dir) {
		time.Sleep(200 * time.Millisecond)
	}
	if exists(pg.Dir) {
		t.Errorf("%s not removed after the parent died", pg.Dir)
	}
	// Nothing of the group is left (backends, the watcher); zombies waiting for init don't count.
	for time.Now().Before(deadline) && groupAlive(pid) {
		time.Sleep(200 * time.Millisecond)
	}
	if groupAlive(pid) {
		out, _ := exec.Command("ps", "-e", "-o", "pid=,pgid=,stat=,args=").Output()
		t.Errorf("process group %d still has live members:\n%s", pid, out)
	}
}

func groupAlive(pgid int) bool {
	out, _ := exec.Command("ps", "-e", "-o", "pgid=,stat=").Output()
	for _, l := range strings.Split(string(out), "\n") {
		f := strings.Fields(l)
		if len(f) == 2 && f[0] == strconv.Itoa(pgid) && !strings.HasPrefix(f[1], "Z") {
			return true
		}
	}
	return false
}
