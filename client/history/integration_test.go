package history_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	plot "mltui/chart"
	"mltui/client"
	"mltui/client/history"
	"mltui/client/rest"
	"mltui/client/sqlstore"
	"mltui/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// The 1M-step fixture: the golden seed plus one run whose metric "long"
// has steps 0..999,999, value 1 + 0.01·sin(step), and a spike of 100 at an
// odd step, logged by the MLflow Python client (bench/log_metric.py).
const (
	millionKey   = "long"
	millionSteps = 1_000_000
	millionSpike = 777_777
	spikeValue   = 100.0
)

func openREST(t testing.TB, url string) client.Store {
	t.Helper()
	s, err := rest.OpenStore(url, func(string) string { return "" }, t.TempDir())
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openSQLite(t testing.TB, path string) client.Store {
	t.Helper()
	s, err := sqlstore.OpenStore(context.Background(), path, true)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// spikeShown renders a series at a fixed size and reports whether the top
// plot row has a dot in the spike's column and the y axis reaches it.
func spikeShown(t testing.TB, sn history.Snapshot, spikeStep int64, spike float64) (bool, string) {
	t.Helper()
	p := plot.NewPlot(plot.Styles{})
	p.SetOptions(plot.Options{Width: 120, Height: 20, Title: sn.Metric})
	p.SetSeries([]*plot.Series{{ID: sn.RunID, Name: "run", Steps: sn.Points.Steps, Times: sn.Points.Times, Values: sn.Points.Values, Rev: sn.Rev}})
	out := p.Render()
	x, y, cols := p.Shown()
	if y.Hi != spike {
		return false, out
	}
	col := int(math.Floor((float64(spikeStep)-x.Lo)/(x.Hi-x.Lo)*float64(cols))) / 2
	top := strings.Split(out, "\n")[1]
	rs := []rune(top)
	for i, r := range rs {
		if r == '│' || r == '┤' {
			cell := rs[i+1+col]
			return cell > 0x2800 && cell <= 0x28FF, out
		}
	}
	return false, out
}

func hasStep(p history.Points, step int64) bool {
	for _, s := range p.Steps {
		if s == step {
			return true
		}
	}
	return false
}

// checkSpike runs the chart's data path on a store and checks the spike
// ends up drawn: after the sample (REST; usually missed) and after the
// refinement (always).
func checkSpike(t *testing.T, s client.Store, local bool, runID, key string, steps, spikeStep int64, spike float64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	c := history.New(s, history.Options{Local: local})
	run, err := s.GetRun(ctx, runID)
	if err != nil {
		t.Fatal(err)
	}
	if last, ok := run.Metric(key); ok {
		c.Hint(history.Key{RunID: runID, Metric: key}, last.Step) // as the screen does
	}
	start := time.Now()
	snaps, err := c.First(ctx, []string{runID}, key)
	if err != nil {
		t.Fatal(err)
	}
	first := snaps[0]
	t.Logf("first paint: %d points, %v, in %v", first.Points.Len(), first.Quality, time.Since(start))
	if local {
		// No sampling: the first page of every point, in order.
		if first.Quality != history.Exact && !first.Partial {
			t.Fatalf("a local store should show the start of every point, got a %v history", first.Quality)
		}
		for i, st := range first.Points.Steps {
			if st != int64(i) {
				t.Fatalf("point %d of the first page is step %d", i, st)
			}
		}
	} else {
		if first.Quality != history.Sampled || first.Points.Len() > 2500 {
			t.Fatalf("first paint over REST should be a sample of ≤ 2500 points, got %d (%v)", first.Points.Len(), first.Quality)
		}
		// Evenly spaced rows land on multiples of steps/2500 (plus the
		// last): an odd spike step is not one of them, which is why the
		// chart refines.
		if hasStep(first.Points, spikeStep) {
			t.Logf("note: this server's sample happens to include step %d", spikeStep)
		} else if ok, _ := spikeShown(t, first, spikeStep, spike); ok {
			t.Fatal("the spike is drawn from a sample that lacks it")
		}
	}
	start = time.Now()
	pages := 0
	snap, err := c.Refine(ctx, first.Key, func(history.Snapshot) { pages++ })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("refined: %d points in %d more pages, %v", snap.Points.Len(), pages+1, time.Since(start))
	first = snap
	if first.Quality != history.Exact || int64(first.Points.Len()) != steps {
		t.Fatalf("exact history has %d points (%v), want %d", first.Points.Len(), first.Quality, steps)
	}
	ok, out := spikeShown(t, first, spikeStep, spike)
	if !ok {
		t.Fatalf("the spike at step %d is not drawn at the top of its column:\n%s", spikeStep, out)
	}
}

func TestIntegrationSpikeOfSeedBigMetricOverREST(t *testing.T) {
	srv := testenv.Shared(t)
	bm := srv.Summary.BigMetric
	if bm == nil {
		t.Fatal("the seed has no big_metric (seeded with --small)")
	}
	checkSpike(t, openREST(t, srv.URL), false, srv.Summary.Run(t, "big_metric_run"), bm.Key, bm.Steps, bm.SpikeStep, bm.SpikeValue)
}

func TestIntegrationSpikeOfSeedBigMetricOnLocalStore(t *testing.T) {
	cp := testenv.SQLiteCopy(t)
	bm := cp.Summary.BigMetric
	checkSpike(t, openSQLite(t, cp.Path), true, cp.Summary.Run(t, "big_metric_run"), bm.Key, bm.Steps, bm.SpikeStep, bm.SpikeValue)
}

func TestIntegrationSpikeOfMillionSteps(t *testing.T) {
	db, runID := millionFixture(t)
	t.Run("rest", func(t *testing.T) {
		url := serveCopy(t, db)
		checkSpike(t, openREST(t, url), false, runID, millionKey, millionSteps, millionSpike, spikeValue)
	})
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		if err := copyFile(db, filepath.Join(dir, "mlflow.db")); err != nil {
			t.Fatal(err)
		}
		checkSpike(t, openSQLite(t, filepath.Join(dir, "mlflow.db")), true, runID, millionKey, millionSteps, millionSpike, spikeValue)
	})
}

// millionFixture returns a cached mlflow.db holding the golden seed plus the
// 1M-step run, building it the first time: logging a million points with the
// MLflow client takes 5–15 minutes on a small machine (SQLAlchemy inserts
// about a row a millisecond), so it is built once per machine and seed.
func millionFixture(t testing.TB) (db, runID string) {
	t.Helper()
	seed := testenv.Seeded(t)
	script := filepath.Join(testenv.Dir(), "..", "bench", "log_metric.py")
	b, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(append(b, []byte(filepath.Base(seed.Dir)+strconv.Itoa(millionSteps)+strconv.Itoa(millionSpike))...))
	dir := filepath.Join(testenv.CacheDir(), "chart-1m-"+hex.EncodeToString(h[:8]))
	db = filepath.Join(dir, "mlflow.db")
	var meta struct {
		RunID string `json:"run_id"`
	}
	if b, err := os.ReadFile(filepath.Join(dir, "run.json")); err == nil && json.Unmarshal(b, &meta) == nil && meta.RunID != "" {
		return db, meta.RunID
	}
	tmp := dir + ".tmp." + strconv.Itoa(os.Getpid())
	os.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	if err := copyFile(seed.DB, filepath.Join(tmp, "mlflow.db")); err != nil {
		t.Fatal(err)
	}
	t.Logf("building the 1M-step fixture in %s (once; minutes)", dir)
	var line string
	meta.RunID, line = logMillionLine(t, "sqlite:///"+filepath.Join(tmp, "mlflow.db"))
	if err := os.WriteFile(filepath.Join(tmp, "run.json"), []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(dir)
	if err := os.Rename(tmp, dir); err != nil {
		t.Fatal(err)
	}
	return db, meta.RunID
}

// serveCopy starts a real mlflow server (testenv/server.sh) on a private
// copy of db and stops it when the test ends.
// logMillion logs the 1M-step metric (spike included) into a new run of the store at uri (a
// database URI: the client writes it directly) with the MLflow client and returns the run's ID.
func logMillion(t testing.TB, uri string) string {
	t.Helper()
	id, _ := logMillionLine(t, uri)
	return id
}

// logMillionLine is logMillion, also returning log_metric.py's JSON line.
func logMillionLine(t testing.TB, uri string) (runID, line string) {
	t.Helper()
	script := filepath.Join(testenv.Dir(), "..", "bench", "log_metric.py")
	// Not testenv.Python: its 5-minute limit is too short for a million rows.
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Minute)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, testenv.Venv(t), script, uri, "--key", millionKey,
		"--steps", strconv.Itoa(millionSteps), "--spike-step", strconv.Itoa(millionSpike),
		"--spike-value", fmt.Sprint(spikeValue), "--run-name", "million-steps")
	cmd.Env = append(os.Environ(), "MLFLOW_DISABLE_TELEMETRY=true", "GIT_PYTHON_REFRESH=quiet")
	outb, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("log_metric.py: %v\n%s", err, stderr)
	}
	lines := strings.Split(strings.TrimSpace(string(outb)), "\n")
	line = lines[len(lines)-1]
	var meta struct {
		RunID string `json:"run_id"`
	}
	if err := json.Unmarshal([]byte(line), &meta); err != nil || meta.RunID == "" {
		t.Fatalf("log_metric.py printed %q: %v", outb, err)
	}
	t.Logf("logged %d points in %s", millionSteps, time.Since(start).Round(time.Second))
	return meta.RunID, line
}

func serveCopy(t testing.TB, db string) string {
	t.Helper()
	dir := t.TempDir()
	if err := copyFile(db, filepath.Join(dir, "mlflow.db")); err != nil {
		t.Fatal(err)
	}
	script := testenv.Script("server.sh")
	t.Cleanup(func() { exec.Command("bash", script, "stop", dir).Run() })
	out, err := exec.Command("bash", script, "start", dir, "--parent-pid", strconv.Itoa(os.Getpid())).Output()
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		t.Fatalf("start mlflow server: %v\n%s", err, log)
	}
	return strings.TrimSpace(string(out))
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
