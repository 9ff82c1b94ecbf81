package testenv_test

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mltui/testenv"
)

func TestMain(m *testing.M) { testenv.MainWithPostgres(m) }

var httpClient = &http.Client{Timeout: 30 * time.Second}

type reply struct {
	code int
	body string
}

func call(t *testing.T, method, url, user, pass string, body any) reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, string(b)}
}

func want(t *testing.T, what string, r reply, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("%s: HTTP %d, want %d: %.300s", what, r.code, code, r.body)
	}
}

func TestFloatDecodesMLflowSpellings(t *testing.T) {
	var v []testenv.Float
	if err := json.Unmarshal([]byte(`[1.5, "NaN", "Infinity", "-Infinity", 1e308]`), &v); err != nil {
		t.Fatal(err)
	}
	if v[0] != 1.5 || !math.IsNaN(float64(v[1])) || !math.IsInf(float64(v[2]), 1) ||
		!math.IsInf(float64(v[3]), -1) || v[4] != 1e308 {
		t.Fatalf("got %v", v)
	}
	if err := json.Unmarshal([]byte(`"nan"`), &v[0]); err == nil {
		t.Fatal(`"nan" should be rejected: MLflow writes "NaN"`)
	}
}

func TestIntegrationHarnessServer(t *testing.T) {
	var pgid int
	started := false
	t.Run("start", func(t *testing.T) {
		s := testenv.Server(t)
		started = true
		want(t, "GET /health", call(t, "GET", s.URL+"/health", "", "", nil), 200)
		v := call(t, "GET", s.URL+"/version", "", "", nil)
		want(t, "GET /version", v, 200)
		if strings.TrimSpace(v.body) != s.Summary.MLflowVersion || s.Summary.MLflowVersion != "3.18.0" {
			t.Errorf("/version = %q, summary says %q, want 3.18.0", v.body, s.Summary.MLflowVersion)
		}

		for _, role := range testenv.RunRoles {
			if role == "big_metric_run" && s.Summary.Small {
				continue
			}
			s.Summary.Run(t, role)
		}
		for _, role := range []string{"default", "iris", "mnist", "edge", "deleted"} {
			s.Summary.Experiment(t, role)
		}
		iris := s.Summary.Models["iris-classifier"]
		if len(iris.Versions) < 5 || iris.Aliases["champion"] != "3" || iris.Aliases["challenger"] != "4" ||
			iris.Stages["2"] != "Production" || len(iris.GateFail) == 0 {
			t.Errorf("iris-classifier summary: %+v", iris)
		}
		if f3, f4 := iris.Metrics["3"]["f1_macro"], iris.Metrics["4"]["f1_macro"]; f4 < f3+0.01 {
			t.Errorf("challenger f1 %v does not beat champion f1 %v by 0.01", f4, f3)
		}
		if bm := s.Summary.BigMetric; bm == nil || bm.Steps != 100000 || bm.SpikeValue <= bm.MaxOther {
			t.Errorf("big metric summary: %+v", bm)
		}

		// The copy serves the seeded data over REST.
		r := call(t, "GET", s.URL+"/api/2.0/mlflow/runs/get?run_id="+s.Summary.Run(t, "running_run"), "", "", nil)
		want(t, "runs/get running_run", r, 200)
		if !strings.Contains(r.body, `"status": "RUNNING"`) && !strings.Contains(r.body, `"status":"RUNNING"`) {
			t.Errorf("running_run is not RUNNING: %.300s", r.body)
		}
		// Artifacts were copied with the store and are served through the proxy.
		r = call(t, "GET", s.URL+"/api/2.0/mlflow/artifacts/list?run_id="+s.Summary.Run(t, "iris_baseline")+"&path=eval", "", "", nil)
		want(t, "artifacts/list", r, 200)
		if !strings.Contains(r.body, "confusion_matrix.json") {
			t.Errorf("artifacts/list eval: %.300s", r.body)
		}

		// The Python client reads the same server (NaN survives the JSON round trip).
		if got := testenv.AliasVersion(t, s.URL, "iris-classifier", "champion"); got != "3" {
			t.Errorf("python: champion = %q, want 3", got)
		}
		var run testenv.DumpRun
		if err := json.Unmarshal(testenv.DumpCmd(t, s.URL, "run", s.Summary.Run(t, "nan_run")), &run); err != nil {
			t.Fatal(err)
		}
		if m, ok := run.Metric("grad_norm"); !ok || !math.IsNaN(float64(m.Value)) {
			t.Errorf("nan_run grad_norm latest = %+v, want NaN", m)
		}

		b, err := os.ReadFile(filepath.Join(s.Dir, "server.pid"))
		if err != nil {
			t.Fatal(err)
		}
		pgid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	})
	if !started && !t.Failed() {
		t.Skip("the server subtest skipped, so there is no process group to check")
	}
	// t.Cleanup of the subtest stopped the whole process group.
	if pgid <= 0 {
		t.Fatal("no server pid recorded")
	}
	if groupAlive(pgid) {
		syscall.Kill(-pgid, syscall.SIGKILL)
		t.Fatalf("process group %d still alive after the test's cleanup", pgid)
	}
}

// groupAlive reports whether a non-zombie process of group pgid exists (kill(-pgid, 0) also
// succeeds for zombies, which init reaps at its own pace).
func groupAlive(pgid int) bool {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may contain spaces, so split after the last ')'.
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 2 && f[2] == strconv.Itoa(pgid) && f[0] != "Z" {
			return true
		}
	}
	return false
}

func TestIntegrationHarnessBasicAuth(t *testing.T) {
	s := testenv.Server(t, testenv.BasicAuth())
	a := s.Auth
	if a == nil || a.AdminPassword == "" || a.ReaderPassword == "" || a.EditorPassword == "" {
		t.Fatalf("credentials: %+v", a)
	}
	api := s.URL + "/api/2.0/mlflow/"
	setAlias := map[string]string{"name": "iris-classifier", "alias": "staging", "version": "4"}
	delAlias := map[string]string{"name": "iris-classifier", "alias": "staging"}

	want(t, "GET /health without credentials", call(t, "GET", s.URL+"/health", "", "", nil), 200)
	want(t, "GET /version without credentials", call(t, "GET", s.URL+"/version", "", "", nil), 401)
	want(t, "read without credentials", call(t, "GET", api+"registered-models/get?name=iris-classifier", "", "", nil), 401)
	want(t, "wrong password", call(t, "GET", api+"registered-models/get?name=iris-classifier", a.ReaderUser, "wrong-password-123", nil), 401)

	want(t, "reader reads", call(t, "GET", api+"registered-models/get?name=iris-classifier", a.ReaderUser, a.ReaderPassword, nil), 200)
	want(t, "reader sets alias", call(t, "POST", api+"registered-models/alias", a.ReaderUser, a.ReaderPassword, setAlias), 403)

	want(t, "editor sets alias", call(t, "POST", api+"registered-models/alias", a.EditorUser, a.EditorPassword, setAlias), 200)
	want(t, "editor deletes alias (needs MANAGE)", call(t, "DELETE", api+"registered-models/alias", a.EditorUser, a.EditorPassword, delAlias), 403)
	want(t, "admin deletes alias", call(t, "DELETE", api+"registered-models/alias", a.AdminUser, a.AdminPassword, delAlias), 200)

	// dump.py runs as admin against a basic-auth server started here.
	if got := testenv.Aliases(t, s.URL, "iris-classifier"); got["champion"] != "3" || got["staging"] != "" {
		t.Errorf("aliases after delete: %v", got)
	}
}

func TestIntegrationHarnessShared(t *testing.T) {
	a := testenv.Shared(t)
	b := testenv.Shared(t)
	if a != b || a.URL == "" {
		t.Fatalf("Shared returned %p %q and %p %q", a, a.URL, b, b.URL)
	}
	want(t, "shared /health", call(t, "GET", a.URL+"/health", "", "", nil), 200)
}

func TestIntegrationHarnessLocalStores(t *testing.T) {
	c := testenv.SQLiteCopy(t)
	if fi, err := os.Stat(c.Path); err != nil || fi.Size() == 0 {
		t.Fatalf("sqlite copy: %v", err)
	}
	if !strings.HasPrefix(c.URI, "sqlite:////") {
		t.Errorf("sqlite URI %q is not absolute", c.URI)
	}

	f := testenv.SeededFileStore(t)
	if _, err := os.Stat(filepath.Join(f.MLruns, f.Summary.Experiment(t, "iris"), "meta.yaml")); err != nil {
		t.Errorf("file store iris experiment: %v", err)
	}
	for _, role := range testenv.RunRoles {
		if role != "big_metric_run" || !f.Summary.Small {
			f.Summary.Run(t, role)
		}
	}
	d := testenv.DumpAll(t, f.URI, "--no-history")
	run, ok := d.Run(f.Summary.Run(t, "inf_run"))
	if !ok {
		t.Fatal("inf_run missing from the file store dump")
	}
	if m, _ := run.Metric("train_loss"); !math.IsInf(float64(m.Value), 1) {
		t.Errorf("file store keeps +Inf; got %v", m.Value)
	}
	if len(d.ModelVersions["iris-classifier"]) != 5 || len(d.LoggedModels) != 11 { // 8 + hparam-sweep's 3 checkpoints
		t.Errorf("file store dump: %d iris versions, %d logged models", len(d.ModelVersions["iris-classifier"]), len(d.LoggedModels))
	}
}
