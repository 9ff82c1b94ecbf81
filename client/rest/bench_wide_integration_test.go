package rest

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"mltui/client"
	"mltui/testenv"
)

// BenchmarkIntegrationWideRuns lists every run of a 10,000-run experiment on the seed's server
// (PostgreSQL, --workers 4, three runs to each start millisecond), side by side in one run:
// mltui page after page, mltui going wide (four searches at once, the default), the MLflow Python
// client's search_runs walk, and curl fetching the same pages by token. Run with -benchtime 1x
// -count N; bench/runs_wide.sh prints the medians.
//
// Each also reports the CPU the server side (mlflow's processes and PostgreSQL) and the client
// used per walk: on a small machine their sum over the cores is a floor no client gets under.
func BenchmarkIntegrationWideRuns(b *testing.B) {
	srv, many := testenv.PostgresManyRunsServer(b)
	pg := testenv.SharedPostgres()
	meter := func(b *testing.B, who int, walk func()) {
		server0, client0 := srv.CPU(b)+pg.CPU(b), processCPU(b, who)
		walk()
		server, client := srv.CPU(b)+pg.CPU(b)-server0, processCPU(b, who)-client0
		b.ReportMetric(float64(server.Milliseconds())/float64(b.N), "server-cpu-ms/op")
		b.ReportMetric(float64(client.Milliseconds())/float64(b.N), "client-cpu-ms/op")
	}
	c := integrationClient(b, srv.URL, nil)
	q := client.RunQuery{ExperimentIDs: []string{many.ExperimentID}}
	walk := func(b *testing.B, opt client.WideOptions) {
		b.Helper()
		meter(b, syscall.RUSAGE_SELF, func() { mltuiWalks(b, c, q, opt, many.Runs) })
	}
	b.Run("mltui-pages", func(b *testing.B) { walk(b, client.WideOptions{Concurrency: 1}) })
	b.Run("mltui-wide", func(b *testing.B) { walk(b, client.WideFor(c, 4)) })
	b.Run("python-search-runs", func(b *testing.B) {
		var ids []string
		var times []time.Duration
		// The client's CPU includes the interpreter's start-up and the mlflow import.
		meter(b, syscall.RUSAGE_CHILDREN, func() {
			ids, times = testenv.PythonWalk(b, srv.URL, many.ExperimentID, "", nil, b.N)
		})
		if len(ids) != many.Runs {
			b.Fatalf("the Python client listed %d runs, want %d", len(ids), many.Runs)
		}
		var total time.Duration
		for _, d := range times {
			total += d
		}
		// Interpreter start-up and the mlflow import are left out: the script times the walk.
		b.ReportMetric(float64(total.Milliseconds())/float64(len(times)), "ms-in-python/op")
	})
	b.Run("curl-pages", func(b *testing.B) {
		if _, err := exec.LookPath("curl"); err != nil {
			b.Fatalf("curl: %v", err)
		}
		meter(b, syscall.RUSAGE_CHILDREN, func() {
			for range b.N {
				if n := curlWalk(b, srv.URL, many.ExperimentID); n != many.Runs {
					b.Fatalf("curl listed %d runs, want %d", n, many.Runs)
				}
			}
		})
	})
}

// mltuiWalks lists q b.N times through the client, checking the count each time.
func mltuiWalks(b *testing.B, c *Client, q client.RunQuery, opt client.WideOptions, want int) {
	for range b.N {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		runs, err := client.WalkRuns(ctx, c, q, opt)
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		if len(runs) != want {
			b.Fatalf("listed %d runs, want %d", len(runs), want)
		}
	}
}

// processCPU is the user and system CPU of this process (RUSAGE_SELF) or of its children that
// have ended (RUSAGE_CHILDREN).
func processCPU(b *testing.B, who int) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		b.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// curlWalk fetches every page of the experiment's runs with curl, as a shell script would, and
// counts the runs; decoding keeps only the count and the next token.
func curlWalk(b *testing.B, url, expID string) int {
	n, token := 0, ""
	for {
		body, _ := json.Marshal(map[string]any{"experiment_ids": []string{expID}, "max_results": 1000, "page_token": token})
		out, err := exec.Command("curl", "-sS", "--fail", "-X", "POST", "-H", "Content-Type: application/json",
			"--data-binary", string(body), url+"/api/2.0/mlflow/runs/search").Output()
		if err != nil {
			b.Fatalf("curl runs/search: %v", err)
		}
		var page struct {
			Runs  []json.RawMessage `json:"runs"`
			Token string            `json:"next_page_token"`
		}
		if err := json.Unmarshal(out, &page); err != nil {
			b.Fatalf("curl runs/search: %v: %s", err, fmt.Sprintf("%.200s", out))
		}
		n += len(page.Runs)
		if page.Token == "" {
			return n
		}
		token = page.Token
	}
}
