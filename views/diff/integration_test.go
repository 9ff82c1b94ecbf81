package diff

import (
	"math"
	"testing"

	"mltui/client"
	"mltui/client/rest"
	dt "mltui/diff"
	"mltui/format"
	"mltui/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// restStore opens the REST client on a real server with a clean environment.
func restStore(t *testing.T, url string) client.Store {
	t.Helper()
	s, err := rest.OpenStore(url, func(string) string { return "" }, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestRealServerMinMaxMatchPythonClient opens the screen on runs the seed
// wrote with the MLflow Python client (60-epoch curves, one run with NaN
// values) and checks latest, min and max of every metric against the full
// histories as the Python client reads them.
func TestRealServerMinMaxMatchPythonClient(t *testing.T) {
	srv := testenv.Shared(t)
	s := restStore(t, srv.URL)
	roles := []string{"mnist_adam", "mnist_sgd", "nan_run"}
	var runs []client.Run
	for _, role := range roles {
		r, err := s.GetRun(t.Context(), srv.Summary.Run(t, role))
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
	}
	m := open(t, runs, s, 160, 50)
	if m.statErr != nil || len(m.stats) != m.statTotal || m.statTotal == 0 {
		t.Fatalf("histories: %d of %d loaded, error %v", len(m.stats), m.statTotal, m.statErr)
	}
	dump := testenv.DumpAll(t, srv.URL) // one Python call for every history
	checked := 0
	for i, r := range runs {
		for _, lm := range r.Data.Metrics {
			hist := dump.Histories[r.Info.RunID][lm.Key]
			lo, hi := math.NaN(), math.NaN()
			for _, p := range hist {
				v := float64(p.Value)
				if math.IsNaN(v) {
					continue
				}
				if math.IsNaN(lo) || v < lo {
					lo = v
				}
				if math.IsNaN(hi) || v > hi {
					hi = v
				}
			}
			st := m.stats[dt.StatKey{RunID: r.Info.RunID, Key: lm.Key}]
			if st.Err != nil || st.Count != len(hist) {
				t.Errorf("%s/%s: %d points, err %v; the Python client reads %d", roles[i], lm.Key, st.Count, st.Err, len(hist))
				continue
			}
			if !same(st.Min, lo) || !same(st.Max, hi) {
				t.Errorf("%s/%s: min/max %v/%v, Python client %v/%v", roles[i], lm.Key, st.Min, st.Max, lo, hi)
			}
			// The rows show them unless the history is flat.
			if lo != hi {
				if c := findRow(t, m.table, lm.Key, dt.StatMin).Cells[i]; c.Text != format.Float(lo) {
					t.Errorf("%s/%s min cell %q, want %q", roles[i], lm.Key, c.Text, format.Float(lo))
				}
			}
			checked++
		}
	}
	if checked < 8 {
		t.Errorf("only %d histories compared", checked)
	}
}

func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
