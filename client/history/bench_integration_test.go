package history_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	plot "mltui/chart"
	"mltui/client"
	"mltui/client/history"
	"mltui/testenv"
)

// BenchmarkIntegrationChart measures the chart's data path through a real
// mlflow server (one server over the 1M fixture, which also holds the whole
// seed): time to first chart (sample + render), time until exact (every
// point + render), and the MLflow Python client reading the same full
// history from the same server. Run with -benchtime 1x -count N (see
// bench/chart.sh for medians).
func BenchmarkIntegrationChart(b *testing.B) {
	db, millionRun := millionFixture(b)
	url := serveCopy(b, db)
	sum := testenv.Seeded(b).Summary
	cases := []struct {
		name, run, key string
	}{
		{"60steps", sum.Runs["mnist_adam"], "train_loss"},
		{"100ksteps", sum.Runs["big_metric_run"], "big_metric"},
		{"1Msteps", millionRun, millionKey},
	}
	s := openREST(b, url)
	for _, c := range cases {
		benchChart(b, url, s, c.name, c.run, c.key)
	}
}

// BenchmarkIntegrationChartPostgres is the 1M-point chart on the seed's production server
// (PostgreSQL, --workers 4) beside the SQLite server, in the same run: first chart, the bare
// sample request, until exact and the Python client's full read. The PostgreSQL copy of the
// metric is logged by the MLflow client straight into the database (minutes, every run); see
// bench/chart_postgres.sh.
func BenchmarkIntegrationChartPostgres(b *testing.B) {
	db, millionRun := millionFixture(b)
	sqliteURL := serveCopy(b, db)
	pg := testenv.PostgresFaultServer(b, 0)
	pgRun := logMillion(b, pg.Postgres.URI)
	sqlite, postgres := openREST(b, sqliteURL), openREST(b, pg.URL)
	// Repetitions inside one call (MLTUI_BENCH_REPS), not -count: the million points are logged
	// into PostgreSQL once. Go names the repeats name#01, name#02, ...
	reps, _ := strconv.Atoi(os.Getenv("MLTUI_BENCH_REPS"))
	for range max(reps, 1) {
		benchChart(b, sqliteURL, sqlite, "sqlite/1Msteps", millionRun, millionKey)
		benchChart(b, pg.URL, postgres, "postgres/1Msteps", pgRun, millionKey)
	}
}

// benchChart is the chart's sub-benchmarks for one metric of one run on the server at url.
func benchChart(b *testing.B, url string, s client.Store, name, runID, key string) {
	// The runs table hands the chart its runs, latest metrics included.
	run, err := s.GetRun(context.Background(), runID)
	if err != nil {
		b.Fatal(err)
	}
	last, _ := run.Metric(key)
	b.Run(name+"/first-chart", func(b *testing.B) {
		for range b.N {
			firstChart(b, history.New(s, history.Options{}), runID, key, last.Step)
		}
	})
	// The same sample request as a bare HTTP GET (what curl would do):
	// the server's share of the first chart.
	b.Run(name+"/raw-http-sample", func(b *testing.B) {
		u := url + "/api/2.0/mlflow/metrics/get-history-bulk-interval?max_results=2500&run_ids=" + runID + "&metric_key=" + key
		for range b.N {
			resp, err := http.Get(u)
			if err != nil {
				b.Fatal(err)
			}
			n, _ := io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || n == 0 {
				b.Fatalf("HTTP %d, %d bytes", resp.StatusCode, n)
			}
		}
	})
	b.Run(name+"/until-exact", func(b *testing.B) {
		for range b.N {
			cache := history.New(s, history.Options{})
			snaps := firstChart(b, cache, runID, key, last.Step)
			if snaps.Quality != history.Exact {
				sn, err := cache.Refine(context.Background(), snaps.Key, nil)
				if err != nil {
					b.Fatal(err)
				}
				render(sn)
			}
		}
	})
	b.Run(name+"/python-full-history", func(b *testing.B) {
		script := filepath.Join(testenv.Dir(), "..", "bench", "python_history.py")
		total := 0.0
		for range b.N {
			out := testenv.Python(b, script, url, runID, key)
			var r struct {
				Seconds []float64 `json:"seconds"`
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil || len(r.Seconds) == 0 {
				b.Fatalf("python_history.py: %q %v", out, err)
			}
			total += r.Seconds[0]
		}
		// Interpreter start-up is left out: the script times only the read.
		b.ReportMetric(total/float64(b.N)*1e3, "ms-in-python/op")
	})
}

// firstChart is what the screen does on open: the sampled history (exact
// when short), drawn once.
func firstChart(b *testing.B, c *history.Cache, run, key string, lastStep int64) history.Snapshot {
	b.Helper()
	c.Hint(history.Key{RunID: run, Metric: key}, lastStep)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	snaps, err := c.First(ctx, []string{run}, key)
	if err != nil {
		b.Fatal(err)
	}
	render(snaps[0])
	return snaps[0]
}

func render(sn history.Snapshot) string {
	p := plot.NewPlot(plot.Styles{})
	p.SetOptions(plot.Options{Width: 200, Height: 50, Title: sn.Metric})
	p.SetSeries([]*plot.Series{{ID: sn.RunID, Steps: sn.Points.Steps, Times: sn.Points.Times, Values: sn.Points.Values, Rev: sn.Rev}})
	return p.Render()
}
