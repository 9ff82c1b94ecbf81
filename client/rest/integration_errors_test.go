package rest

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/testenv"
)

// TestIntegrationBasicAuth runs against `mlflow server --app-name
// basic-auth`: who may read and write, how refusals come back, and that no
// error ever shows a password.
func TestIntegrationBasicAuth(t *testing.T) {
	srv := testenv.Server(t, testenv.BasicAuth())
	a := srv.Auth
	ctx := ctxT(t)
	secrets := []string{a.AdminPassword, a.ReaderPassword, a.EditorPassword}
	noSecret := func(err error) {
		t.Helper()
		for _, s := range secrets {
			if err != nil && strings.Contains(err.Error(), s) {
				t.Fatalf("password in error: %v", err)
			}
		}
	}
	as := func(user, pass string) *Client {
		return integrationClient(t, srv.URL, map[string]string{"MLFLOW_TRACKING_USERNAME": user, "MLFLOW_TRACKING_PASSWORD": pass})
	}

	// No credentials: /health is open, everything else is 401.
	anon := integrationClient(t, srv.URL, nil)
	if ok, err := anon.Health(ctx); !ok || err != nil {
		t.Fatalf("health without credentials: %v %v", ok, err)
	}
	_, err := anon.SearchExperiments(ctx, client.ExperimentQuery{})
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Kind != client.KindUnauthenticated || ce.Status != 401 ||
		!strings.Contains(ce.Message, "MLFLOW_TRACKING_USERNAME") {
		t.Fatalf("no credentials: %#v", err)
	}
	if _, err := anon.Describe(ctx); client.KindOf(err) != client.KindUnauthenticated {
		t.Fatalf("describe without credentials: %v", err)
	}

	// A wrong password is 401 too, and the message names where the
	// credentials came from, never what they were.
	wrong := as(a.ReaderUser, "not-"+a.ReaderPassword)
	_, err = wrong.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"1"}})
	if client.KindOf(err) != client.KindUnauthenticated || !strings.Contains(err.Error(), "MLFLOW_TRACKING_USERNAME/PASSWORD") {
		t.Fatalf("wrong password: %v", err)
	}
	noSecret(err)
	if strings.Contains(err.Error(), "not-"+a.ReaderPassword) {
		t.Fatalf("wrong password shown: %v", err)
	}

	// The reader reads everything and writes nothing.
	reader := as(a.ReaderUser, a.ReaderPassword)
	exps, err := client.AllExperiments(ctx, reader, client.ExperimentQuery{})
	if err != nil || len(exps) < 3 {
		t.Fatalf("reader lists %d experiments: %v", len(exps), err)
	}
	if u, ok, err := reader.CurrentUser(ctx); err != nil || !ok || u.Username != a.ReaderUser || u.IsAdmin {
		t.Fatalf("users/current as reader: %+v %v %v", u, ok, err)
	}
	if info, err := reader.Describe(ctx); err != nil || info.User != a.ReaderUser || info.Version != srv.Summary.MLflowVersion {
		t.Fatalf("describe as reader: %+v %v", info, err)
	}
	err = reader.SetAlias(ctx, iris, "reader-was-here", "1")
	if !errors.As(err, &ce) || ce.Kind != client.KindPermissionDenied || ce.Status != 403 {
		t.Fatalf("reader setting an alias: %#v", err)
	}
	noSecret(err)

	// The editor may set an alias on iris-classifier but not delete one
	// (that needs MANAGE), and the refused delete changes nothing.
	editor := as(a.EditorUser, a.EditorPassword)
	if err := editor.SetAlias(ctx, iris, "staging", "4"); err != nil {
		t.Fatalf("editor setting an alias: %v", err)
	}
	err = editor.DeleteAlias(ctx, iris, "staging")
	if client.KindOf(err) != client.KindPermissionDenied {
		t.Fatalf("editor deleting an alias: %v", err)
	}
	if v := testenv.AliasVersion(t, srv.URL, iris, "staging"); v != "4" {
		t.Fatalf("staging is at %q after the editor's set and refused delete, want 4", v)
	}
	if v := testenv.AliasVersion(t, srv.URL, iris, "reader-was-here"); v != "" {
		t.Fatalf("the reader's refused alias exists (v%s)", v)
	}

	// Credentials from ~/.mlflow/credentials work the same as the variables.
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".mlflow"), 0o700); err != nil {
		t.Fatal(err)
	}
	creds := "[mlflow]\nmlflow_tracking_username = " + a.AdminUser + "\nmlflow_tracking_password = " + a.AdminPassword + "\n"
	if err := os.WriteFile(filepath.Join(home, ".mlflow", "credentials"), []byte(creds), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := ConfigFromEnv(srv.URL, envMap(nil), home)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if u, ok, err := admin.CurrentUser(ctx); err != nil || !ok || u.Username != a.AdminUser || !u.IsAdmin {
		t.Fatalf("users/current with the credentials file: %+v %v %v", u, ok, err)
	}
	if err := admin.DeleteAlias(ctx, iris, "staging"); err != nil {
		t.Fatalf("admin deleting an alias: %v", err)
	}

	// Once the server is gone, calls fail fast as unavailable.
	srv.Stop()
	down := integrationClient(t, srv.URL, map[string]string{
		"MLFLOW_TRACKING_USERNAME": a.ReaderUser, "MLFLOW_TRACKING_PASSWORD": a.ReaderPassword,
		"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "1", "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER": "0"})
	start := time.Now()
	_, err = down.SearchExperiments(ctx, client.ExperimentQuery{})
	if client.KindOf(err) != client.KindUnavailable || !strings.Contains(err.Error(), strings.TrimPrefix(srv.URL, "http://")) {
		t.Fatalf("stopped server: %v", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("a stopped server took %s to report", el)
	}
	noSecret(err)
}

// TestIntegrationNotMLflow covers answers from things that are not the
// MLflow API: a wrong path prefix on a real server, a proxy's HTML login
// page, and a closed port.
func TestIntegrationNotMLflow(t *testing.T) {
	srv := testenv.Shared(t)
	ctx := ctxT(t)

	wrong := integrationClient(t, srv.URL+"/nope", nil)
	_, err := wrong.SearchExperiments(ctx, client.ExperimentQuery{})
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Kind != client.KindNotMLflow || ce.Status != 404 || !strings.Contains(ce.Message, "wrong URL prefix?") {
		t.Fatalf("wrong prefix: %#v", err)
	}
	if _, err := wrong.GetRun(ctx, srv.Summary.Run(t, "iris_baseline")); client.KindOf(err) != client.KindNotMLflow {
		t.Fatalf("wrong prefix, runs/get: %v", err)
	}

	// A real 404 from MLflow is "not found", not "not MLflow".
	right := integrationClient(t, srv.URL, nil)
	if _, err := right.GetRun(ctx, "0123456789abcdef0123456789abcdef"); client.KindOf(err) != client.KindNotFound {
		t.Fatalf("unknown run: %v", err)
	}
	if _, err := right.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"1"}, Filter: "metrics.acc >>> 1"}); client.KindOf(err) != client.KindInvalidParameter {
		t.Fatalf("malformed filter: %v", err)
	}

	login := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/oauth2/sign_in" {
			http.Redirect(w, r, "/oauth2/sign_in?rd="+r.URL.Path, http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign In</title>
<style>body{font-family:sans-serif}</style></head><body><section><div>
<p>Authenticate using <b>Corp SSO</b></p><form method="GET" action="/oauth2/start"><button type="submit">Sign in with Corp SSO</button></form>
</div></section></body></html>`))
	}))
	defer login.Close()
	proxied := integrationClient(t, login.URL, nil)
	_, err = proxied.SearchExperiments(ctx, client.ExperimentQuery{})
	if !errors.As(err, &ce) || ce.Kind != client.KindNotMLflow || ce.Status != 200 || !strings.HasPrefix(ce.Snippet, "Sign In") {
		t.Fatalf("proxy login page: %#v", err)
	}
	if _, err := proxied.Describe(ctx); client.KindOf(err) != client.KindNotMLflow {
		t.Fatalf("describe through the login page: %v", err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	closed := integrationClient(t, "http://"+addr, nil)
	start := time.Now()
	if _, err := closed.SearchExperiments(ctx, client.ExperimentQuery{}); client.KindOf(err) != client.KindUnavailable {
		t.Fatalf("closed port: %v", err)
	}
	// Three retries with the interactive backoff: a few seconds, not minutes.
	if el := time.Since(start); el > 10*time.Second {
		t.Fatalf("closed port took %s", el)
	}
}
