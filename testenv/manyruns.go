package testenv

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// ManyRunsCount is how many runs PostgresManyRunsServer's experiment holds.
const ManyRunsCount = 10000

// ManyRuns is the experiment manyruns.py seeded: ManyRunsCount runs, three to each start
// millisecond, tags group=a|b, metric score.
type ManyRuns struct {
	ExperimentID string  `json:"experiment_id"`
	Runs         int     `json:"runs"`
	Seconds      float64 `json:"seconds"` // how long the Python client took to write them
}

var (
	pgMany     stackServer
	pgManyRuns ManyRuns
)

// PostgresManyRunsServer is the seed's server (PostgreSQL, `--workers 4`, artifacts proxied to the
// object server) in a database of its own holding one experiment of ManyRunsCount runs written by
// the Python client. Started on first use and shared by the test binary; tests may add runs to
// the experiment (new runs start now, after every seeded one) but should not change seeded ones.
func PostgresManyRunsServer(t testing.TB) (*TestServer, ManyRuns) {
	t.Helper()
	s := pgMany.get(t, "many", func(py, dir, uri string, store *ObjectStore) (*TestServer, error) {
		s, err := launchServer(dir, serverOptions{backend: uri, workers: pgServerWorkers,
			artifactDestination: store.ArtifactRoot("many"), env: store.Env()})
		if err != nil {
			s.Stop()
			return nil, err
		}
		out, err := runScript(seedTimeout, pythonEnv(), py, Script("manyruns.py"), "seed", s.URL,
			"--experiment", "many-runs", "--runs", strconv.Itoa(ManyRunsCount))
		if err == nil {
			err = json.Unmarshal([]byte(lastLine(out)), &pgManyRuns)
		}
		if err != nil {
			s.Stop()
			return nil, fmt.Errorf("manyruns.py seed: %w", err)
		}
		// Settle the fresh rows now: otherwise autovacuum and analyze pass over them
		// during whatever is measured first, and PostgreSQL's CPU is counted there.
		if _, err := pgShared.psql(context.Background(), "mltui_many", "VACUUM ANALYZE"); err != nil {
			s.Stop()
			return nil, fmt.Errorf("vacuum after seeding: %w", err)
		}
		return s, nil
	})
	return s, pgManyRuns
}

func pythonEnv() []string {
	return []string{"MLFLOW_DISABLE_TELEMETRY=true", "DO_NOT_TRACK=true", "GIT_PYTHON_REFRESH=quiet"}
}

// PythonWalk lists every run of experiment expID on url the way a notebook does
// (MlflowClient.search_runs page after page, 1,000 a page), repeat times; it returns the run IDs
// in the server's order and each walk's time (interpreter start-up and import excluded).
func PythonWalk(t testing.TB, url, expID, filter string, orderBy []string, repeat int) ([]string, []time.Duration) {
	t.Helper()
	args := []string{Script("manyruns.py"), "walk", url, "--experiment-id", expID, "--repeat", strconv.Itoa(repeat)}
	if filter != "" {
		args = append(args, "--filter", filter)
	}
	for _, o := range orderBy {
		args = append(args, "--order-by", o)
	}
	var res struct {
		RunIDs  []string  `json:"run_ids"`
		Seconds []float64 `json:"seconds"`
	}
	if err := json.Unmarshal([]byte(lastLine(Python(t, args...))), &res); err != nil {
		t.Fatalf("manyruns.py walk: %v", err)
	}
	var ds []time.Duration
	for _, s := range res.Seconds {
		ds = append(ds, time.Duration(s*float64(time.Second)))
	}
	return res.RunIDs, ds
}

// Inserter is the Python client creating runs in an experiment, one after another, until stopped.
type Inserter struct {
	cmd         *exec.Cmd
	done        chan error
	stop, count string
	once        sync.Once
}

// StartInserter starts adding runs (start time now) to expID on url and waits for the first; it
// is stopped at cleanup if the test does not stop it first.
func StartInserter(t testing.TB, url, expID string) *Inserter {
	t.Helper()
	dir := t.TempDir()
	in := &Inserter{stop: filepath.Join(dir, "stop"), count: filepath.Join(dir, "count"), done: make(chan error, 1)}
	in.cmd = exec.Command(Venv(t), Script("manyruns.py"), "insert", url, "--experiment-id", expID,
		"--stop", in.stop, "--count", in.count)
	in.cmd.Env = append(os.Environ(), pythonEnv()...)
	dieWithUs(in.cmd)
	var stderr strings.Builder
	in.cmd.Stderr = &stderr
	if err := in.cmd.Start(); err != nil {
		t.Fatalf("start manyruns.py insert: %v", err)
	}
	go func() { in.done <- in.cmd.Wait() }()
	t.Cleanup(func() { in.Stop(t) })
	deadline := time.Now().Add(2 * time.Minute)
	for in.Count() == 0 {
		select {
		case err := <-in.done:
			in.done <- err
			t.Fatalf("manyruns.py insert ended before its first run: %v\n%s", err, tail(stderr.String(), 2000))
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("manyruns.py insert made no run in two minutes")
		}
	}
	return in
}

// Count is how many runs the inserter has made so far.
func (in *Inserter) Count() int {
	b, err := os.ReadFile(in.count)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}

// Stop asks the inserter to finish its current run and waits; it returns how many it made.
func (in *Inserter) Stop(t testing.TB) int {
	t.Helper()
	in.once.Do(func() {
		if err := os.WriteFile(in.stop, nil, 0o600); err != nil {
			t.Errorf("stop the inserter: %v", err)
		}
		select {
		case err := <-in.done:
			if err != nil {
				t.Errorf("manyruns.py insert: %v", err)
			}
		case <-time.After(time.Minute):
			_ = in.cmd.Process.Kill()
			t.Errorf("manyruns.py insert did not stop within a minute")
		}
	})
	return in.Count()
}
