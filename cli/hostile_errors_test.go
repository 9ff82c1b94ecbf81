package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/fang/v2"

	"mltui/client"
	"mltui/internal/screentest"
)

// runMain runs the command line the way main does (cobra through fang, the
// top-level error handler), with env as the whole environment and buffers
// for stdout and stderr. It returns both and the exit code.
func runMain(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	home := t.TempDir()
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["HOME"]; !ok {
		env["HOME"] = home
	}
	var out, errb bytes.Buffer
	a := &App{Getenv: func(k string) string { return env[k] }, Cwd: t.TempDir(), Stdout: &out, Stderr: &errb,
		ConfigPath: filepath.Join(home, "none.yaml")}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	code = a.execute(ctx, args)
	return out.String(), errb.String(), code
}

// assertInert fails if out holds anything a terminal acts on or hides
// (screentest.OnlyStyling), styling included: the CLI writes none into a
// buffer.
func assertInert(t *testing.T, what, out string) {
	t.Helper()
	if err := screentest.OnlyStyling(out); err != nil {
		t.Errorf("%s: %v:\n%q", what, err, out)
	} else if i := strings.IndexByte(out, 0x1b); i >= 0 {
		t.Errorf("%s holds styling at byte %d:\n%q", what, i, out)
	}
}

// The final error print shows store and server text visibly; line breaks
// stay line breaks, the chain of wrapped errors is untouched.
func TestPrintErrorShowsStoreTextVisibly(t *testing.T) {
	cause := &client.Error{Kind: client.KindUnavailable, Op: "runs/search", Message: "db \x1b[2J locked\r\nsee \u202ethe log"}
	err := fmt.Errorf("search runs of %s: %w", evilName, cause)
	var b strings.Builder
	printError(&b, fang.Styles{}, err)
	want := "mltui: search runs of evil␛]0;PWNED-TITLE␇␛[2J␛[Hname: runs/search: unavailable: db ␛[2J locked␍\nsee ⟨U+202E⟩the log\n"
	if b.String() != want {
		t.Errorf("printed\n%q\nwant\n%q", b.String(), want)
	}
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Message != cause.Message {
		t.Error("the error itself keeps the exact message")
	}
}

// A server's error message reaches stderr through the top-level handler
// visibly: here MLflow's 404 for an experiment quotes hostile text.
func TestServerErrorMessagePrintsVisibly(t *testing.T) {
	msg := "Could not find experiment with name 'x\x1b]0;x\x07\u202eyz'"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_ = json.NewEncoder(w).Encode(map[string]string{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": msg})
	}))
	defer srv.Close()
	out, errOut, code := runMain(t, nil, "--tracking-uri", srv.URL, "runs", "x")
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	assertInert(t, "stderr", errOut)
	want := `mltui: no experiment named "x": experiments/get-by-name: not found (HTTP 404) RESOURCE_DOES_NOT_EXIST: ` +
		"Could not find experiment with name 'x␛]0;x␇⟨U+202E⟩yz'\n"
	if errOut != want {
		t.Errorf("stderr\n%q\nwant\n%q", errOut, want)
	}
}

// doctor's text report shows what the server says (version, store type,
// user, error messages) visibly; -o json keeps it exact.
func TestDoctorShowsServerTextVisibly(t *testing.T) {
	const (
		version   = "3.18.0\x1b]0;owned\x07"
		storeType = "Sql\x1b[5mStore"
		user      = "al\u202eice"
		denied    = "denied \x1b[2J\x1b[H by policy"
		internal  = "boom \x1b]52;c;ZXZpbA==\x07"
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/health":
			_, _ = w.Write([]byte("OK"))
		case p == "/version":
			_, _ = w.Write([]byte(version))
		case strings.HasSuffix(p, "/server-info"):
			_ = json.NewEncoder(w).Encode(map[string]any{"store_type": storeType})
		case strings.HasSuffix(p, "/users/current"):
			_ = json.NewEncoder(w).Encode(map[string]any{"user": map[string]any{"id": 1, "username": user}})
		case strings.Contains(p, "/experiments/"):
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(denied))
		default:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_ = json.NewEncoder(w).Encode(map[string]string{"error_code": "INTERNAL_ERROR", "message": internal})
		}
	}))
	defer srv.Close()
	env := map[string]string{"MLFLOW_TRACKING_URI": srv.URL, "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0"}

	text, errOut, code := runMain(t, env, "doctor")
	if code != 1 {
		t.Fatalf("exit %d\n%s\n%s", code, text, errOut)
	}
	assertInert(t, "doctor", text)
	assertInert(t, "doctor stderr", errOut)
	for _, want := range []string{
		"server   3.18.0␛]0;owned␇ Sql␛[5mStore\n",
		"user     al⟨U+202E⟩ice\n",
		"MLflow 3.18.0␛]0;owned␇\n",
		"backend Sql␛[5mStore\n",
		"denied ␛[2J␛[H by policy",
		"boom ␛]52;c;ZXZpbA==␇",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("doctor does not show %q:\n%s", want, text)
		}
	}

	out, _, _ := runMain(t, env, "doctor", "-o", "json")
	rep := decodeReport(t, out)
	if rep.ServerVersion != version || rep.StoreType != storeType || rep.User != user ||
		!strings.Contains(findCheck(rep, "experiments").Detail, denied) || !strings.Contains(findCheck(rep, "registry").Detail, internal) {
		t.Errorf("doctor -o json changed what the server said: %#v", rep)
	}
}
