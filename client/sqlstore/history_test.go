package sqlstore

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"mltui/client"
)

func TestMetricHistoryPages(t *testing.T) {
	f := newFixture(t)
	seed(f)
	// Same timestamp and step twice, and out-of-order timestamps, to pin the order.
	f.metric("r2", "h", 3, 50, 2)
	f.metric("r2", "h", 1, 10, 5)
	f.metric("r2", "h", 2, 50, 2)
	f.metric("r2", "h", math.NaN(), 50, 2)
	f.metric("r2", "h", math.Inf(-1), 20, 0)
	s := f.open(Options{})
	ctx := context.Background()
	var got []client.Metric
	tok := ""
	for {
		p, err := s.MetricHistoryPage(ctx, client.HistoryQuery{RunID: "r2", Key: "h", MaxResults: 2, PageToken: tok})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.Items...)
		if p.NextPageToken == "" {
			break
		}
		tok = p.NextPageToken
	}
	type pt struct {
		ts, step int64
		v        float64
	}
	var seq []pt
	for _, m := range got {
		v := m.Value
		if math.IsNaN(v) {
			v = -999
		}
		seq = append(seq, pt{m.Timestamp, m.Step, v})
	}
	want := []pt{{10, 5, 1}, {20, 0, math.Inf(-1)}, {50, 2, -999}, {50, 2, 2}, {50, 2, 3}}
	if !reflect.DeepEqual(seq, want) {
		t.Errorf("history order\n got %v\nwant %v", seq, want)
	}
	// MLflow's plain offset tokens work too.
	p, err := s.MetricHistoryPage(ctx, client.HistoryQuery{RunID: "r2", Key: "h", MaxResults: 2, PageToken: "eyJvZmZzZXQiOiAzfQ=="})
	if err != nil || len(p.Items) != 2 || p.Items[0].Value != 2 {
		t.Errorf("offset token: %+v %v", p.Items, err)
	}
	all, err := client.MetricHistory(ctx, s, "c1", "loss")
	if err != nil || len(all) != 101 || !math.IsNaN(all[100].Value) || all[0].Value != 1 {
		t.Errorf("c1 loss: %d points, %v", len(all), err)
	}
	_, err = s.MetricHistoryPage(ctx, client.HistoryQuery{RunID: "nope", Key: "h"})
	wantKind(t, err, client.KindNotFound)
	empty, err := s.MetricHistoryPage(ctx, client.HistoryQuery{RunID: "r1", Key: "nothing"})
	if err != nil || len(empty.Items) != 0 || empty.NextPageToken != "" {
		t.Errorf("missing key: %+v %v", empty, err)
	}
}

type row struct {
	v     float64
	ts    int64
	step  int64
	isNaN bool
}

// refSample is MLflow 3.18's SQL sampling written out by hand: NTILE(max)
// over rows sorted by (step, timestamp, value, is_nan), larger groups
// first; the first row of each group; then the last row added, replacing
// the final sample when there are already max.
func refSample(rows []row, maxN int) []row {
	slices.SortFunc(rows, func(a, b row) int {
		switch {
		case a.step != b.step:
			return int(a.step - b.step)
		case a.ts != b.ts:
			return int(a.ts - b.ts)
		case a.v != b.v:
			if a.v < b.v {
				return -1
			}
			return 1
		case a.isNaN != b.isNaN:
			if !a.isNaN {
				return -1
			}
			return 1
		}
		return 0
	})
	if len(rows) == 0 {
		return nil
	}
	var out []row
	q, r := len(rows)/maxN, len(rows)%maxN
	i := 0
	for g := 0; g < maxN && i < len(rows); g++ {
		out = append(out, rows[i])
		size := q
		if g < r {
			size++
		}
		i += size
	}
	last := rows[len(rows)-1]
	if out[len(out)-1] != last {
		if len(out) >= maxN {
			out[len(out)-1] = last
		} else {
			out = append(out, last)
		}
	}
	return out
}

func TestSampledHistoryMatchesReference(t *testing.T) {
	f := newFixture(t)
	f.experiment(1, "e", "active", 1)
	rng := rand.New(rand.NewPCG(7, 9))
	var runs [][]row
	for i := 0; i < 6; i++ {
		id := "s" + string(rune('a'+i))
		f.run(runRow{id: id, name: id, exp: 1, start: int64(i)})
		var rows []row
		n := []int{0, 1, 5, 37, 400, 1200}[i]
		f.exec("BEGIN")
		seen := map[[3]int64]bool{}
		for j := 0; j < n; j++ {
			r := row{v: float64(rng.IntN(20)), ts: int64(rng.IntN(50)), step: int64(rng.IntN(300)) - 10}
			if rng.IntN(20) == 0 {
				r.v, r.isNaN = 0, true
			}
			k := [3]int64{r.ts, r.step, int64(r.v)}
			if seen[k] {
				continue
			}
			seen[k] = true
			v := r.v
			if r.isNaN {
				v = math.NaN()
			}
			f.metric(id, "m", v, r.ts, r.step)
			rows = append(rows, r)
		}
		f.exec("COMMIT")
		runs = append(runs, rows)
	}
	s := f.open(Options{})
	ids := []string{"sa", "sb", "sc", "sd", "se", "sf"}
	for _, maxN := range []int{1, 2, 3, 10, 100, 2500} {
		for _, rng := range [][2]int64{{0, 0}, {0, 50}, {-5, 1000}, {100, 101}} {
			q := client.SampledQuery{RunIDs: ids, Key: "m", MaxResults: maxN}
			if rng != [2]int64{0, 0} {
				lo, hi := rng[0], rng[1]
				q.StartStep, q.EndStep = &lo, &hi
			}
			got, err := s.SampledHistory(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			var want []client.Metric
			for i, rows := range runs {
				var in []row
				for _, r := range rows {
					if q.StartStep == nil || (r.step >= *q.StartStep && r.step <= *q.EndStep) {
						in = append(in, r)
					}
				}
				for _, r := range refSample(in, maxN) {
					v := r.v
					if r.isNaN {
						v = math.NaN()
					}
					want = append(want, client.Metric{Key: "m", Value: v, Timestamp: r.ts, Step: r.step, RunID: ids[i]})
				}
			}
			if len(got) != len(want) {
				t.Fatalf("max %d range %v: %d points, want %d", maxN, rng, len(got), len(want))
			}
			for i := range got {
				g, w := got[i], want[i]
				if g.RunID != w.RunID || g.Step != w.Step || g.Timestamp != w.Timestamp || !(g.Value == w.Value || math.IsNaN(g.Value) && math.IsNaN(w.Value)) {
					t.Fatalf("max %d range %v point %d: got %+v want %+v", maxN, rng, i, g, w)
				}
			}
		}
	}
	_, err := s.SampledHistory(context.Background(), client.SampledQuery{RunIDs: []string{"sa", "missing"}, Key: "m"})
	wantKind(t, err, client.KindNotFound, "missing")
	_, err = s.SampledHistory(context.Background(), client.SampledQuery{RunIDs: []string{"sa"}, Key: "m", MaxResults: 3000})
	wantKind(t, err, client.KindInvalidParameter, "2500")
}

// sqlNTILE is MLflow's own sampling query (NTILE and ROW_NUMBER window
// functions, as SQLAlchemy renders it for SQLite), run by SQLite itself: a
// second reference, independent of the hand-written one above.
func sqlNTILE(t *testing.T, s *Store, run, key string, maxN int, lo, hi *int64) []row {
	t.Helper()
	where := "run_uuid = ? AND key = ?"
	args := []any{maxN, run, key}
	if lo != nil {
		where += " AND step >= ? AND step <= ?"
		args = append(args, *lo, *hi)
	}
	q := "SELECT value, timestamp, step, is_nan FROM (SELECT value, timestamp, step, is_nan, ROW_NUMBER() OVER (PARTITION BY bucket ORDER BY step, timestamp, value, is_nan) AS rn FROM (" +
		"SELECT value, timestamp, step, is_nan, NTILE(?) OVER (ORDER BY step, timestamp, value, is_nan) AS bucket FROM metrics WHERE " + where + ")) WHERE rn = 1 ORDER BY step, timestamp, value, is_nan"
	rs, err := s.db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.v, &r.ts, &r.step, &r.isNaN); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	lastQ := "SELECT value, timestamp, step, is_nan FROM metrics WHERE " + where + " ORDER BY step DESC, timestamp DESC, value DESC, is_nan DESC LIMIT 1"
	var last row
	if err := s.db.QueryRow(lastQ, args[1:]...).Scan(&last.v, &last.ts, &last.step, &last.isNaN); err != nil {
		return out
	}
	if len(out) == 0 || out[len(out)-1] != last {
		if len(out) >= maxN {
			out[len(out)-1] = last
		} else {
			out = append(out, last)
		}
	}
	return out
}

func TestSampledHistoryMatchesSQLiteNTILE(t *testing.T) {
	f := newFixture(t)
	f.experiment(1, "e", "active", 1)
	f.run(runRow{id: "x", name: "x", exp: 1, start: 1})
	rng := rand.New(rand.NewPCG(3, 4))
	f.exec("BEGIN")
	for j := 0; j < 3000; j++ {
		v := float64(rng.IntN(1000))
		if rng.IntN(50) == 0 {
			v = math.NaN()
		}
		f.metric("x", "m", v, int64(j/3), int64(rng.IntN(2000))-100)
	}
	f.exec("COMMIT")
	s := f.open(Options{})
	for _, maxN := range []int{1, 2, 7, 64, 999, 2500} {
		for _, r := range [][2]int64{{1, 0}, {0, 500}, {-100, -50}, {1500, 5000}} {
			var lo, hi *int64
			if r[0] <= r[1] {
				lo, hi = &r[0], &r[1]
			}
			got, err := s.SampledHistory(context.Background(), client.SampledQuery{RunIDs: []string{"x"}, Key: "m", MaxResults: maxN, StartStep: lo, EndStep: hi})
			if err != nil {
				t.Fatal(err)
			}
			want := sqlNTILE(t, s, "x", "m", maxN, lo, hi)
			if len(got) != len(want) {
				t.Fatalf("max %d range %v: %d points, SQLite's NTILE gives %d", maxN, r, len(got), len(want))
			}
			for i := range got {
				w := want[i]
				if got[i].Step != w.step || got[i].Timestamp != w.ts || (!w.isNaN && got[i].Value != w.v) || w.isNaN != math.IsNaN(got[i].Value) {
					t.Fatalf("max %d range %v point %d: %+v, SQLite %+v", maxN, r, i, got[i], w)
				}
			}
		}
	}
}

func num(v float64) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
