package system_test

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"mltui/client/store"
	"mltui/testenv"
	"mltui/views/system"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// For each system/ key of a run: sample count, mean, max and the value
// of the latest sample by time, as the MLflow Python client reads them.
const pySystem = `
import sys, json, mlflow
c = mlflow.MlflowClient(sys.argv[1])
run = c.get_run(sys.argv[2])
out = {}
for k in run.data.metrics:
    if not k.startswith("system/"):
        continue
    h = c.get_metric_history(sys.argv[2], k)
    vs = [m.value for m in h]
    last = max(h, key=lambda m: (m.timestamp, m.step))
    out[k] = {"n": len(vs), "mean": sum(vs) / len(vs), "max": max(vs), "current": last.value}
print(json.dumps(out))
`

type pyStat struct {
	N       int     `json:"n"`
	Mean    float64 `json:"mean"`
	Max     float64 `json:"max"`
	Current float64 `json:"current"`
}

// The seed's system-metrics runs (MLflow's real monitor; one run on one
// machine with a busy and an idle GPU, one run on two nodes), read by our
// REST client, our SQLite reader and our file-store reader, give the same
// series and figures as the Python client; the groups name each node.
func TestIntegrationSystemMetricsMatchPython(t *testing.T) {
	srv := testenv.Shared(t)
	sq := testenv.SQLiteCopy(t)
	fsc := testenv.FileStoreCopy(t)
	for _, b := range []struct {
		name string
		r    store.Resolution
		env  []string
		sum  testenv.Summary
	}{
		{"rest", store.Resolution{URI: srv.URL, Kind: store.KindREST, Source: "test"}, srv.Env(), srv.Summary},
		{"sqlite", store.Resolution{URI: sq.URI, Kind: store.KindSQLite, Path: sq.Path, Source: "test"}, nil, sq.Summary},
		{"file", store.Resolution{URI: fsc.URI, Kind: store.KindFile, Path: fsc.Path, Source: "test"}, nil, fsc.Summary},
	} {
		t.Run(b.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			s, err := store.Open(ctx, b.r, store.Options{ReadOnly: true, Getenv: func(string) string { return "" }, Home: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			for _, role := range []string{"sysmetrics_run", "two_node_run"} {
				id := b.sum.Run(t, role)
				lines := strings.Split(strings.TrimSpace(testenv.PythonEnv(t, b.env, "-c", pySystem, b.r.URI, id)), "\n")
				var want map[string]pyStat
				if err := json.Unmarshal([]byte(lines[len(lines)-1]), &want); err != nil {
					t.Fatalf("%v\n%s", err, lines[len(lines)-1])
				}
				run, err := s.GetRun(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				ss, err := system.Load(ctx, s, run)
				if err != nil {
					t.Fatal(err)
				}
				if len(ss) != len(want) || len(ss) < 10 {
					t.Fatalf("%s: %d series, Python has %d", role, len(ss), len(want))
				}
				groups := map[string]bool{}
				for _, sr := range ss {
					w, ok := want[sr.Key.Raw]
					if !ok {
						t.Fatalf("%s: %s is not one of the run's system metrics in Python", role, sr.Key.Raw)
					}
					near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
					if sr.Sum.N != w.N || !near(sr.Sum.Mean, w.Mean) || !near(sr.Sum.Max, w.Max) || !near(sr.Sum.Current, w.Current) {
						t.Fatalf("%s %s: ours %+v, Python %+v", role, sr.Key.Raw, sr.Sum, w)
					}
					groups[sr.Key.Group()] = true
				}
				wantGroups := []string{"CPU", "memory", "disk", "network", "GPU 0", "GPU 1"}
				if role == "two_node_run" {
					wantGroups = []string{"node_0 · CPU", "node_0 · GPU 0", "node_1 · CPU", "node_1 · memory", "node_1 · GPU 0"}
				}
				for _, g := range wantGroups {
					if !groups[g] {
						t.Fatalf("%s: no %q group in %v", role, g, groups)
					}
				}
			}
		})
	}
}
