package experiments_test

import (
	"context"
	"strings"
	"testing"

	"mltui/client"
	"mltui/internal/screentest"
)

// asServer is the demo store described as a tracking server.
type asServer struct{ client.Store }

func (s asServer) Describe(ctx context.Context) (client.ServerInfo, error) {
	info, err := s.Store.Describe(ctx)
	info.Kind = "rest"
	return info, err
}

// A local store counts every experiment's runs, one after another; a
// server counts only the selected one, each count there being a search of
// up to 1,000 runs.
func TestRunCountsLocalAllServerSelected(t *testing.T) {
	// counted reads the RUNS column of name's row (a number, or … while
	// counting).
	counted := func(frame, name string) bool {
		lines := strings.Split(frame, "\n")
		end := -1
		for _, l := range lines {
			if i := strings.Index(l, "RUNS"); i >= 0 && strings.Contains(l, "NAME") {
				end = len([]rune(l[:i])) + len("RUNS")
			}
		}
		for _, l := range lines {
			if r := []rune(l); strings.HasPrefix(l, " "+name+" ") && end > 0 && len(r) >= end {
				return strings.TrimSpace(string(r[end-6:end])) != ""
			}
		}
		t.Fatalf("no %s row or RUNS column:\n%s", name, frame)
		return false
	}
	local := screentest.Start(t, screentest.DemoStore(t), 80, 24, screentest.Options{})
	f := local.WaitMatch(`^ Default +0 +\S+ +0\s`)
	for _, name := range []string{"gpu-box", "hparam-sweep", "edge-cases", "mnist-mlp", "iris-classification"} {
		if !counted(f, name) {
			t.Errorf("local store: %s has no run count:\n%s", name, f)
		}
	}

	srv := screentest.Start(t, asServer{screentest.DemoStore(t)}, 80, 24, screentest.Options{})
	srv.WaitMatch(`^ gpu-box +6 +\S+ +2\s`)
	srv.Keys("j")
	// The frame that shows the second count is the one a third would have
	// started in.
	f = srv.WaitMatch(`^ hparam-sweep +5 +\S+ +82\s`)
	for _, name := range []string{"edge-cases", "mnist-mlp", "iris-classification", "Default"} {
		if counted(f, name) {
			t.Errorf("server: %s was counted without being selected:\n%s", name, f)
		}
	}
}
