package cli

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/client/rest"
)

const doctorSecret = "doctor-s3cret-pw"

// runDoctorCmd runs `mltui doctor ARGS` with env as the whole environment.
func runDoctorCmd(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runMain(t, env, append([]string{"doctor"}, args...)...)
}

func decodeReport(t *testing.T, s string) doctorReport {
	t.Helper()
	var rep doctorReport
	if err := json.Unmarshal([]byte(s), &rep); err != nil {
		t.Fatalf("doctor -o json printed %q: %v", s, err)
	}
	return rep
}

func findCheck(rep doctorReport, name string) doctorCheck {
	for _, c := range rep.Checks {
		if c.Name == name {
			return c
		}
	}
	return doctorCheck{}
}

func TestDoctorProxyLoginPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<!doctype html><html><head><title>Sign in - Corp SSO</title></head><body><form>login</form></body></html>"))
	}))
	defer srv.Close()
	uri := strings.Replace(srv.URL, "http://", "http://alice:"+doctorSecret+"@", 1)
	out, errOut, code := runDoctorCmd(t, map[string]string{"MLFLOW_TRACKING_URI": uri, "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0"}, "-o", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	rep := decodeReport(t, out)
	if rep.Healthy || rep.Kind != "rest" || rep.Source != "MLFLOW_TRACKING_URI" || rep.Auth != "basic (from tracking URI)" {
		t.Fatalf("report %+v", rep)
	}
	exp := findCheck(rep, "experiments")
	if exp.Status != checkFail || !strings.Contains(exp.Diagnosis, "got HTML from a proxy") || !strings.Contains(exp.Diagnosis, "Sign in - Corp SSO") {
		t.Fatalf("experiments check %+v", exp)
	}
	if strings.Contains(out+errOut, doctorSecret) {
		t.Fatal("the password appears in doctor's output")
	}
}

func TestDoctorUnauthenticated(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/health" {
			_, _ = w.Write([]byte("OK"))
			return
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="mlflow"`)
		w.WriteHeader(401)
		_, _ = w.Write([]byte("You are not authenticated."))
	}))
	defer srv.Close()
	out, _, code := runDoctorCmd(t, map[string]string{"MLFLOW_TRACKING_URI": srv.URL}, "-o", "json")
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	rep := decodeReport(t, out)
	if h := findCheck(rep, "health"); h.Status != checkOK || rep.LatencyMS == nil {
		t.Fatalf("health %+v latency %v", h, rep.LatencyMS)
	}
	for _, name := range []string{"version", "experiments", "registry"} {
		c := findCheck(rep, name)
		if c.Status != checkFail || !strings.HasPrefix(c.Diagnosis, "HTTP 401: set MLFLOW_TRACKING_USERNAME/PASSWORD") {
			t.Errorf("%s: %+v", name, c)
		}
	}

	// The text form says the same for a person.
	text, _, code := runDoctorCmd(t, map[string]string{"MLFLOW_TRACKING_URI": srv.URL})
	if code != 1 || !strings.Contains(text, "→ HTTP 401: set MLFLOW_TRACKING_USERNAME/PASSWORD") || !strings.Contains(text, "not healthy") {
		t.Fatalf("text output (exit %d):\n%s", code, text)
	}
}

func TestDoctorServerDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	start := time.Now()
	out, errOut, code := runDoctorCmd(t, map[string]string{"MLFLOW_TRACKING_URI": "http://" + addr, "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "0", "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER": "0"})
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if time.Since(start) > 20*time.Second {
		t.Fatalf("a closed port took %s", time.Since(start))
	}
	for _, want := range []string{"connection refused by " + addr, "→ the server cannot be reached from here", "skipped: the server cannot be reached"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(errOut, "retry 1/3") != 1 {
		t.Fatalf("retries are not shown on stderr: %q", errOut)
	}
}

func TestDoctorBadSettings(t *testing.T) {
	out, _, code := runDoctorCmd(t, map[string]string{
		"MLFLOW_TRACKING_URI":              "https://mlflow.example.com",
		"MLFLOW_TRACKING_INSECURE_TLS":     "true",
		"MLFLOW_TRACKING_SERVER_CERT_PATH": "/etc/ca.pem",
	}, "-o", "json")
	rep := decodeReport(t, out)
	if code != 1 || findCheck(rep, "settings").Status != checkFail || !strings.Contains(findCheck(rep, "settings").Detail, "both set") {
		t.Fatalf("exit %d report %+v", code, rep)
	}
	if len(rep.Checks) != 2 {
		t.Fatalf("doctor went on after a settings error: %+v", rep.Checks)
	}
}

func TestDoctorNothingToOpen(t *testing.T) {
	out, _, code := runDoctorCmd(t, nil, "-o", "json")
	rep := decodeReport(t, out)
	if code != 1 || findCheck(rep, "resolve").Status != checkFail {
		t.Fatalf("exit %d report %+v", code, rep)
	}
}

func TestDoctorRejectsUnknownOutput(t *testing.T) {
	if _, _, code := runDoctorCmd(t, nil, "-o", "yaml"); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
}

func TestDiagnose(t *testing.T) {
	basic := rest.Config{Auth: rest.AuthBasic, AuthSource: "MLFLOW_TRACKING_USERNAME/PASSWORD"}
	cases := []struct {
		err  error
		cfg  rest.Config
		want string
	}{
		{&client.Error{Kind: client.KindUnauthenticated, Status: 401}, rest.Config{}, "HTTP 401: set MLFLOW_TRACKING_USERNAME/PASSWORD"},
		{&client.Error{Kind: client.KindUnauthenticated, Status: 401}, basic, "HTTP 401: the server rejected the basic credentials from MLFLOW_TRACKING_USERNAME/PASSWORD"},
		{&client.Error{Kind: client.KindUnauthenticated, Status: 401, Snippet: "Login"}, basic, "HTTP 401 from a proxy login page"},
		{&client.Error{Kind: client.KindPermissionDenied, Status: 403}, basic, "HTTP 403: this user lacks permission"},
		{&client.Error{Kind: client.KindPermissionDenied, Status: 403}, rest.Config{}, "HTTP 403: no credentials were sent"},
		{&client.Error{Kind: client.KindNotMLflow, Status: 404}, basic, "HTTP 404: no MLflow API at this URL: wrong URL prefix?"},
		{&client.Error{Kind: client.KindNotMLflow, Status: 200, Message: "got an HTML page", Snippet: "Sign in"}, basic, `got HTML from a proxy ("Sign in")`},
		{&client.Error{Kind: client.KindUnavailable, Status: 502}, basic, "HTTP 502: a proxy cannot reach the MLflow server"},
		{&client.Error{Kind: client.KindUnavailable, Message: "connection refused by h:1: is the MLflow server running there?"}, basic, "the server cannot be reached from here"},
		{&client.Error{Kind: client.KindUnavailable, Message: "the TLS certificate of h:443 is not trusted"}, basic, "fix the TLS settings"},
		{&client.Error{Kind: client.KindUnavailable, Status: 503}, basic, "HTTP 503: the server is overloaded"},
		{&client.Error{Kind: client.KindRateLimited, Status: 429}, basic, "HTTP 429"},
		{&client.Error{Kind: client.KindInternal, Status: 500}, basic, "the server failed (HTTP 500)"},
		{context.DeadlineExceeded, basic, "no answer within 7s"},
	}
	for _, c := range cases {
		if got := diagnose(c.err, c.cfg, 7*time.Second); !strings.HasPrefix(got, c.want) {
			t.Errorf("diagnose(%v) = %q, want prefix %q", c.err, got, c.want)
		}
	}
}

func TestMedian(t *testing.T) {
	ms := func(n ...int) []time.Duration {
		var out []time.Duration
		for _, v := range n {
			out = append(out, time.Duration(v)*time.Millisecond)
		}
		return out
	}
	if m := median(ms(9, 1, 5, 200, 3)); m != 5*time.Millisecond {
		t.Errorf("odd: %s", m)
	}
	if m := median(ms(4, 1, 3, 2)); m != 2500*time.Microsecond {
		t.Errorf("even: %s", m)
	}
	if m := median(nil); m != 0 {
		t.Errorf("empty: %s", m)
	}
}
