package runs_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"mltui/config"
	"mltui/format"
	"mltui/internal/screentest"
)

// The system columns on the demo store's gpu-box runs: the mean GPU
// utilisation over every sample of every GPU and the peak GPU memory,
// equal to the same figures taken straight from MLflow's metrics table.
func TestGoldenRunsGPUColumns(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join("..", "..", "testdata", "demo", "mlflow.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(context.Background(), `SELECT r.name,
		(SELECT avg(value) FROM metrics m WHERE m.run_uuid = r.run_uuid AND m.key LIKE 'system/%gpu\_%\_utilization\_percentage' ESCAPE '\'),
		(SELECT max(value) FROM metrics m WHERE m.run_uuid = r.run_uuid AND m.key LIKE 'system/%gpu\_%\_memory\_usage\_megabytes' ESCAPE '\')
		FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id WHERE e.name = 'gpu-box'`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{}
	expID := ""
	for rows.Next() {
		var name string
		var util, mem float64
		if err := rows.Scan(&name, &util, &mem); err != nil {
			t.Fatal(err)
		}
		want[name] = [2]string{format.Reading(util) + "%", format.Reading(mem) + " MB"}
	}
	if len(want) != 2 {
		t.Fatalf("gpu-box runs in the demo store: %v", want)
	}
	_ = db.QueryRow("SELECT experiment_id FROM experiments WHERE name = 'gpu-box'").Scan(&expID)

	cfg := config.Defaults()
	cfg.Columns = map[string]config.Columns{expID: {Metrics: []string{"train_loss"}, System: []string{"gpu_util_mean", "gpu_mem_peak"}}}
	o := open("gpu-box")
	o.Config = &cfg
	s := screentest.Start(t, screentest.DemoStore(t), 120, 24, o)
	var texts []string
	for name, w := range want {
		texts = append(texts, name, w[0], w[1])
	}
	scr := s.WaitFor(append(texts, "GPU% MEAN", "GPU MEM PEAK")...)
	for name, w := range want {
		line := ""
		for _, l := range strings.Split(scr, "\n") {
			if strings.Contains(l, name) {
				line = l
			}
		}
		if !strings.Contains(line, w[0]) || !strings.Contains(line, w[1]) {
			t.Fatalf("%s: row %q lacks %v", name, line, w)
		}
	}
	s.Golden(scr)
}

// Sorting by a system column through the sort menu shows the column and
// orders the runs by its figure, highest first, then lowest first.
func TestRunsSortByGPUUtilisation(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join("..", "..", "testdata", "demo", "mlflow.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(context.Background(), `SELECT r.name FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id
		WHERE e.name = 'gpu-box' ORDER BY (SELECT avg(value) FROM metrics m WHERE m.run_uuid = r.run_uuid
		AND m.key LIKE 'system/%gpu\_%\_utilization\_percentage' ESCAPE '\') DESC`)
	if err != nil {
		t.Fatal(err)
	}
	var byUtil []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		byUtil = append(byUtil, n)
	}
	if len(byUtil) != 2 {
		t.Fatalf("gpu-box runs: %v", byUtil)
	}
	order := func(scr string) []string {
		var got []string
		for _, l := range strings.Split(scr, "\n") {
			for _, n := range byUtil {
				if strings.Contains(l, n) {
					got = append(got, n)
				}
			}
		}
		return got
	}
	s := screentest.Start(t, screentest.DemoStore(t), 120, 24, open("gpu-box"))
	s.WaitFor(byUtil...)
	s.Keys("o")
	s.Type("mean GPU")
	s.Keys("enter")
	scr := s.WaitFor("GPU% MEAN↓", "%")
	if got := order(scr); strings.Join(got, ",") != strings.Join(byUtil, ",") {
		t.Fatalf("sorted by mean GPU utilisation, highest first: %v, want %v\n%s", got, byUtil, scr)
	}
	s.Keys("o")
	s.Type("mean GPU")
	s.Keys("enter")
	scr = s.WaitFor("GPU% MEAN↑")
	if got := order(scr); got[0] != byUtil[1] {
		t.Fatalf("lowest first: %v\n%s", got, scr)
	}
}
