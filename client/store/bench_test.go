package store

import (
	"context"
	"os"
	"testing"

	"mltui/client"
)

// Local SQLite against a real mlflow server on the same database, same
// queries, same process. bench/local_stores.sh builds the database
// (bench/gen_bench_db.py), starts the server and sets these variables.
type benchEnv struct{ db, url, exp, run string }

func benchSetup(b *testing.B) benchEnv {
	e := benchEnv{os.Getenv("MLTUI_BENCH_DB"), os.Getenv("MLTUI_BENCH_URL"), os.Getenv("MLTUI_BENCH_EXP"), os.Getenv("MLTUI_BENCH_RUN")}
	if e.db == "" || e.url == "" || e.exp == "" || e.run == "" {
		b.Skip("MLTUI_BENCH_DB/URL/EXP/RUN not set: run bench/local_stores.sh")
	}
	return e
}

func (e benchEnv) open(b *testing.B, kind string) client.Store {
	r := Resolution{Kind: KindSQLite, Path: e.db, URI: "sqlite:///" + e.db}
	if kind == "rest" {
		r = Resolution{Kind: KindREST, URI: e.url}
	}
	s, err := Open(context.Background(), r, Options{ReadOnly: true, Getenv: noEnv, Home: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkCompareListRuns10k: open the store and list the 10,000 runs
// with their latest metrics, 1000 a page (MLflow's default page).
func BenchmarkCompareListRuns10k(b *testing.B) {
	e := benchSetup(b)
	ctx := context.Background()
	for _, kind := range []string{"sqlite", "rest"} {
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s := e.open(b, kind)
				runs, err := client.AllRuns(ctx, s, client.RunQuery{ExperimentIDs: []string{e.exp}, MaxResults: 1000})
				if err != nil {
					b.Fatal(err)
				}
				if len(runs) != 10000 || len(runs[9999].Data.Metrics) != 10 {
					b.Fatalf("%d runs", len(runs))
				}
				s.Close()
			}
		})
	}
}

// BenchmarkCompareFilteredRuns: one filtered, ordered page, as the runs
// screen asks after typing a filter.
func BenchmarkCompareFilteredRuns(b *testing.B) {
	e := benchSetup(b)
	ctx := context.Background()
	for _, kind := range []string{"sqlite", "rest"} {
		b.Run(kind, func(b *testing.B) {
			s := e.open(b, kind)
			defer s.Close()
			b.ReportAllocs()
			for b.Loop() {
				p, err := s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{e.exp}, Filter: "metrics.metric_3 > 0.5 AND tags.group = 'g3'", OrderBy: []string{"metrics.metric_7 DESC"}, MaxResults: 100})
				if err != nil || len(p.Items) == 0 {
					b.Fatalf("%d runs, %v", len(p.Items), err)
				}
			}
		})
	}
}

// BenchmarkCompareHistory1M: the full 1,000,000-point history in pages of
// 25,000 (what the REST path uses), and locally also in pages of 100,000.
func BenchmarkCompareHistory1M(b *testing.B) {
	e := benchSetup(b)
	ctx := context.Background()
	for _, c := range []struct {
		kind string
		page int
	}{{"sqlite", 25000}, {"sqlite", 100000}, {"rest", 25000}} {
		b.Run(c.kind+"/page"+itoa(c.page), func(b *testing.B) {
			s := e.open(b, c.kind)
			defer s.Close()
			b.ReportAllocs()
			for b.Loop() {
				n, tok := 0, ""
				for {
					p, err := s.MetricHistoryPage(ctx, client.HistoryQuery{RunID: e.run, Key: "loss", MaxResults: c.page, PageToken: tok})
					if err != nil {
						b.Fatal(err)
					}
					n += len(p.Items)
					if tok = p.NextPageToken; tok == "" {
						break
					}
				}
				if n != 1_000_000 {
					b.Fatalf("%d points", n)
				}
			}
		})
	}
}

// BenchmarkCompareSampled1M: the sampled first paint (2500 points).
func BenchmarkCompareSampled1M(b *testing.B) {
	e := benchSetup(b)
	ctx := context.Background()
	for _, kind := range []string{"sqlite", "rest"} {
		b.Run(kind, func(b *testing.B) {
			s := e.open(b, kind)
			defer s.Close()
			b.ReportAllocs()
			for b.Loop() {
				ms, err := s.SampledHistory(ctx, client.SampledQuery{RunIDs: []string{e.run}, Key: "loss"})
				if err != nil || len(ms) != 2500 {
					b.Fatalf("%d points, %v", len(ms), err)
				}
			}
		})
	}
}

func itoa(n int) string {
	if n >= 1000 && n%1000 == 0 {
		return itoa(n/1000) + "k"
	}
	s := ""
	for n > 0 || s == "" {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}
