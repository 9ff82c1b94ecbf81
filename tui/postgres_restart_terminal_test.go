package tui_test

import (
	"strings"
	"testing"
	"time"

	"mltui/testenv"
)

// TestIntegrationTerminalPostgresRestart takes the seed's database down under a running dashboard
// (PostgreSQL fast shutdown behind mlflow server --workers 4) and brings it back: while it is down
// the screen says the server is unavailable and keeps its rows; once it is back the dashboard
// recovers by itself (the periodic refresh) and shows a run created after the restart.
func TestIntegrationTerminalPostgresRestart(t *testing.T) {
	needTmux(t)
	srv := testenv.PostgresFaultServer(t, 30)
	tm := startTerm(t, 120, 40, baseEnv(t), mltuiBinary(t), "--tracking-uri", srv.URL)
	tm.waitText(30*time.Second, "fault-runs")
	tm.keys(":")
	tm.typeText("runs fault-runs")
	tm.keys("Enter")
	tm.waitText(20*time.Second, "run-00029", "run-00010")

	srv.Postgres.Down(t)
	scr := tm.waitText(90*time.Second, "unavailable")
	t.Logf("database down:\n%s", scr)
	if !strings.Contains(scr, "run-00029") || !strings.Contains(scr, "run-00010") {
		t.Errorf("the rows went with the database:\n%s", scr)
	}

	srv.Postgres.Up(t)
	testenv.CreateRun(t, srv.URL, srv.Runs.ExperimentID, "after-restart")
	scr = tm.waitFor("the dashboard to recover", 90*time.Second, func(s string) bool {
		return strings.Contains(s, "after-restart") && !strings.Contains(s, "unavailable")
	})
	if !strings.Contains(scr, "run-00029") {
		t.Errorf("after recovery the seeded runs are missing:\n%s", scr)
	}
}
