package cli

import (
	"fmt"
	"strings"
	"testing"

	"mltui/testenv"
)

// TestIntegrationDoctorHealthyServer runs doctor against a real server.
func TestIntegrationDoctorHealthyServer(t *testing.T) {
	srv := testenv.Shared(t)
	out, errOut, code := runDoctorCmd(t, map[string]string{"MLFLOW_TRACKING_URI": srv.URL}, "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	rep := decodeReport(t, out)
	if !rep.Healthy || rep.Kind != "rest" || rep.URI != srv.URL || rep.Source != "MLFLOW_TRACKING_URI" ||
		rep.ServerVersion != srv.Summary.MLflowVersion || rep.StoreType != "SqlStore" || rep.Auth != "none" ||
		rep.TLS != "none (plain http)" || rep.LatencyMS == nil || *rep.LatencyMS <= 0 {
		t.Fatalf("report %+v", rep)
	}
	active := 0
	for role := range srv.Summary.Experiments {
		if role != "deleted" {
			active++
		}
	}
	if d := findCheck(rep, "experiments").Detail; d != fmt.Sprintf("can read; %d experiments visible", active) {
		t.Errorf("experiments check: %q (seed has %d active)", d, active)
	}
	if d := findCheck(rep, "registry").Detail; d != fmt.Sprintf("can read; %d registered models visible", len(srv.Summary.Models)) {
		t.Errorf("registry check: %q", d)
	}
	if c := findCheck(rep, "user"); c.Status != checkNA {
		t.Errorf("user check without the auth app: %+v", c)
	}

	// A wrong path prefix is diagnosed as such.
	out, _, code = runDoctorCmd(t, map[string]string{"MLFLOW_TRACKING_URI": srv.URL + "/nope"}, "-o", "json")
	rep = decodeReport(t, out)
	if code != 1 || !strings.Contains(findCheck(rep, "experiments").Diagnosis, "wrong URL prefix?") {
		t.Fatalf("wrong prefix: exit %d %+v", code, rep.Checks)
	}
}

// TestIntegrationDoctorBasicAuth: with the reader's credentials doctor is
// healthy and names the user; without them it says which variables to set.
func TestIntegrationDoctorBasicAuth(t *testing.T) {
	srv := testenv.Server(t, testenv.BasicAuth())
	a := srv.Auth
	out, errOut, code := runDoctorCmd(t, map[string]string{"MLFLOW_TRACKING_URI": srv.URL,
		"MLFLOW_TRACKING_USERNAME": a.ReaderUser, "MLFLOW_TRACKING_PASSWORD": a.ReaderPassword}, "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	rep := decodeReport(t, out)
	if rep.User != a.ReaderUser || rep.Auth != "basic (from MLFLOW_TRACKING_USERNAME/PASSWORD)" {
		t.Fatalf("report %+v", rep)
	}
	if strings.Contains(out+errOut, a.ReaderPassword) {
		t.Fatal("doctor printed the password")
	}

	text, _, code := runDoctorCmd(t, map[string]string{"MLFLOW_TRACKING_URI": srv.URL})
	if code != 1 || !strings.Contains(text, "→ HTTP 401: set MLFLOW_TRACKING_USERNAME/PASSWORD") {
		t.Fatalf("without credentials: exit %d\n%s", code, text)
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, " health ") && !strings.Contains(line, "ok") {
			t.Errorf("/health needs no credentials, yet: %q", line)
		}
	}
}

// TestIntegrationDoctorLocalStore checks a SQLite store through the
// client.Store interface alone.
func TestIntegrationDoctorLocalStore(t *testing.T) {
	local := testenv.SQLiteCopy(t)
	out, errOut, code := runDoctorCmd(t, map[string]string{"MLFLOW_TRACKING_URI": local.URI}, "-o", "json")
	rep := decodeReport(t, out)
	if code != 0 || rep.Kind != "sqlite" || rep.Path != local.Path {
		t.Fatalf("exit %d report %+v\n%s", code, rep, errOut)
	}
	for _, name := range []string{"open", "describe", "experiments", "registry"} {
		if c := findCheck(rep, name); c.Status != checkOK {
			t.Errorf("%s: %+v", name, c)
		}
	}
}
