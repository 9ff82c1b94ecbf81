package rest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeCreds(t *testing.T, home, content string) {
	t.Helper()
	dir := filepath.Join(home, ".mlflow")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "credentials"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestConfigBaseURL(t *testing.T) {
	cases := []struct{ uri, base string }{
		{"http://host:5000", "http://host:5000"},
		{"http://host:5000/", "http://host:5000"},
		{"http://host:5000/prefix", "http://host:5000/prefix"},
		{"http://host:5000/prefix/", "http://host:5000/prefix"},
		{"https://u:p@host/a/b?x=1#frag", "https://host/a/b"},
		{"HTTP://Host:5000/p", "http://Host:5000/p"},
	}
	for _, c := range cases {
		cfg, err := ConfigFromEnv(c.uri, envMap(nil), t.TempDir())
		if err != nil {
			t.Fatalf("%s: %v", c.uri, err)
		}
		if cfg.BaseURL != c.base {
			t.Errorf("%s: base %q, want %q", c.uri, cfg.BaseURL, c.base)
		}
	}
	for _, bad := range []string{"ftp://host", "http://", "sqlite:///x.db", "://nope"} {
		if _, err := ConfigFromEnv(bad, envMap(nil), ""); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

func TestConfigDefaultsAreInteractive(t *testing.T) {
	cfg, err := ConfigFromEnv("http://h", envMap(nil), "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MaxRetries != 3 || cfg.BackoffFactor != 500*time.Millisecond || cfg.BackoffMax != 5*time.Second ||
		cfg.Timeout != 30*time.Second || !cfg.RespectRetryAfter || !cfg.AllowRedirects || cfg.Auth != AuthNone {
		t.Fatalf("unexpected defaults: %+v", cfg)
	}
	// Worst case with defaults: 0.5+1+2 s of backoff plus jitter stays well
	// under ten seconds, not MLflow's four minutes.
	total := time.Duration(0)
	for n := 0; n < cfg.MaxRetries; n++ {
		total += backoffDelay(cfg.BackoffFactor, cfg.BackoffMax, cfg.BackoffJitter, n, 0.999)
	}
	if total > 5*time.Second {
		t.Fatalf("default backoff totals %s", total)
	}
}

func TestConfigCredentialPrecedence(t *testing.T) {
	home := t.TempDir()
	writeCreds(t, home, "[default]\nmlflow_tracking_username = wrong\n\n[mlflow]\n# saved by mlflow login\nmlflow_tracking_username = fileuser\nMLFLOW_TRACKING_PASSWORD: filepass\n")
	noCreds := t.TempDir()

	cases := []struct {
		name                   string
		uri                    string
		env                    map[string]string
		home                   string
		auth                   AuthKind
		user, pass, token, src string
	}{
		{name: "none", uri: "http://h", home: noCreds, auth: AuthNone},
		{name: "token only", uri: "http://h", home: noCreds, env: map[string]string{"MLFLOW_TRACKING_TOKEN": "tok123"},
			auth: AuthBearer, token: "tok123", src: "MLFLOW_TRACKING_TOKEN"},
		{name: "basic beats token", uri: "http://h", home: noCreds,
			env:  map[string]string{"MLFLOW_TRACKING_USERNAME": "u", "MLFLOW_TRACKING_PASSWORD": "p", "MLFLOW_TRACKING_TOKEN": "tok"},
			auth: AuthBasic, user: "u", pass: "p", src: "MLFLOW_TRACKING_USERNAME/PASSWORD"},
		{name: "user without password falls to token", uri: "http://h", home: noCreds,
			env:  map[string]string{"MLFLOW_TRACKING_USERNAME": "u", "MLFLOW_TRACKING_TOKEN": "tok"},
			auth: AuthBearer, token: "tok", src: "MLFLOW_TRACKING_TOKEN"},
		{name: "file", uri: "http://h", home: home, auth: AuthBasic, user: "fileuser", pass: "filepass", src: "~/.mlflow/credentials"},
		{name: "env beats file", uri: "http://h", home: home,
			env:  map[string]string{"MLFLOW_TRACKING_USERNAME": "envuser", "MLFLOW_TRACKING_PASSWORD": "envpass"},
			auth: AuthBasic, user: "envuser", pass: "envpass", src: "MLFLOW_TRACKING_USERNAME/PASSWORD"},
		{name: "env and file merge per key", uri: "http://h", home: home,
			env:  map[string]string{"MLFLOW_TRACKING_PASSWORD": "envpass"},
			auth: AuthBasic, user: "fileuser", pass: "envpass", src: "MLFLOW_TRACKING_USERNAME/PASSWORD and ~/.mlflow/credentials"},
		{name: "file basic beats token", uri: "http://h", home: home, env: map[string]string{"MLFLOW_TRACKING_TOKEN": "tok"},
			auth: AuthBasic, user: "fileuser", pass: "filepass", src: "~/.mlflow/credentials"},
		{name: "uri userinfo", uri: "http://alice:s3cr%40t@h:5000/p", home: home,
			env:  map[string]string{"MLFLOW_TRACKING_USERNAME": "envuser", "MLFLOW_TRACKING_PASSWORD": "envpass"},
			auth: AuthBasic, user: "alice", pass: "s3cr@t", src: "tracking URI"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := ConfigFromEnv(c.uri, envMap(c.env), c.home)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Auth != c.auth || cfg.Username != c.user || cfg.Password != c.pass || cfg.Token != c.token || cfg.AuthSource != c.src {
				t.Fatalf("got auth=%s user=%q pass=%q token=%q src=%q", cfg.Auth, cfg.Username, cfg.Password, cfg.Token, cfg.AuthSource)
			}
		})
	}
}

func TestConfigStringHidesSecrets(t *testing.T) {
	cfg, err := ConfigFromEnv("http://alice:hunter22@h", envMap(map[string]string{"MLFLOW_TRACKING_TOKEN": "tok-abcdef"}), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{cfg.String(), cfg.GoString(), cfg.AuthSummary()} {
		if strings.Contains(s, "hunter22") || strings.Contains(s, "tok-abcdef") {
			t.Fatalf("secret in %q", s)
		}
	}
	if !strings.Contains(cfg.AuthSummary(), "basic") {
		t.Fatalf("summary %q does not name the auth kind", cfg.AuthSummary())
	}
}

func TestConfigTLSOptions(t *testing.T) {
	_, err := ConfigFromEnv("https://h", envMap(map[string]string{
		"MLFLOW_TRACKING_INSECURE_TLS": "true", "MLFLOW_TRACKING_SERVER_CERT_PATH": "/ca.pem"}), "")
	if err == nil || !strings.Contains(err.Error(), "MLFLOW_TRACKING_INSECURE_TLS") {
		t.Fatalf("insecure + CA: err = %v", err)
	}
	_, err = ConfigFromEnv("https://h", envMap(map[string]string{"MLFLOW_TRACKING_INSECURE_TLS": "yes"}), "")
	if err == nil || !strings.Contains(err.Error(), "true, false, 1 or 0") {
		t.Fatalf("bad bool: err = %v", err)
	}
	cfg, err := ConfigFromEnv("https://h", envMap(map[string]string{"MLFLOW_TRACKING_INSECURE_TLS": "TRUE"}), "")
	if err != nil || !cfg.InsecureTLS || !strings.HasPrefix(cfg.TLSMode(), "insecure") {
		t.Fatalf("insecure: %v %+v", err, cfg)
	}
	cfg, err = ConfigFromEnv("https://h", envMap(map[string]string{
		"MLFLOW_TRACKING_SERVER_CERT_PATH": "/ca.pem", "MLFLOW_TRACKING_CLIENT_CERT_PATH": "/me.pem"}), "")
	if err != nil || cfg.TLSMode() != "custom CA /ca.pem, client cert /me.pem" {
		t.Fatalf("ca+client: %v %q", err, cfg.TLSMode())
	}
	// The files are read when the client is built, with a clear error.
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "MLFLOW_TRACKING_SERVER_CERT_PATH") {
		t.Fatalf("missing CA file: err = %v", err)
	}
	cfg, _ = ConfigFromEnv("https://h", envMap(nil), "")
	if cfg.TLSMode() != "verify (system CAs)" {
		t.Fatalf("default TLS mode %q", cfg.TLSMode())
	}
}

func TestConfigRetrySettings(t *testing.T) {
	cfg, err := ConfigFromEnv("http://h", envMap(map[string]string{
		"MLFLOW_HTTP_REQUEST_MAX_RETRIES":        "10",
		"MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR":     "2",
		"MLFLOW_HTTP_REQUEST_BACKOFF_JITTER":     "0.5",
		"MLFLOW_HTTP_REQUEST_TIMEOUT":            "120",
		"MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER": "false",
		"MLFLOW_ALLOW_HTTP_REDIRECTS":            "no",
		"MLFLOW_WORKSPACE":                       " team-a ",
	}), "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MaxRetries != 10 || cfg.BackoffFactor != 2*time.Second || cfg.BackoffMax != 120*time.Second ||
		cfg.BackoffJitter != 500*time.Millisecond || cfg.Timeout != 120*time.Second || cfg.RespectRetryAfter ||
		cfg.AllowRedirects || cfg.Workspace != "team-a" {
		t.Fatalf("env not applied: %+v", cfg)
	}
	bad := map[string]string{
		"MLFLOW_HTTP_REQUEST_MAX_RETRIES":        "11",
		"MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR":     "121",
		"MLFLOW_HTTP_REQUEST_BACKOFF_JITTER":     "-1",
		"MLFLOW_HTTP_REQUEST_TIMEOUT":            "0",
		"MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER": "maybe",
	}
	for k, v := range bad {
		_, err := ConfigFromEnv("http://h", envMap(map[string]string{k: v}), "")
		if err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: err = %v", k, v, err)
		}
	}
	if _, err := ConfigFromEnv("http://h", envMap(map[string]string{"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "-1"}), ""); err == nil {
		t.Error("negative retries accepted")
	}
	if _, err := ConfigFromEnv("http://h", envMap(map[string]string{"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "two"}), ""); err == nil {
		t.Error("non-integer retries accepted")
	}
}

func TestCredentialsFileUnreadable(t *testing.T) {
	home := t.TempDir()
	// A directory where the file should be cannot be read: that is an
	// error, unlike a missing file.
	if err := os.MkdirAll(filepath.Join(home, ".mlflow", "credentials"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := ConfigFromEnv("http://h", envMap(nil), home); err == nil {
		t.Fatal("want an error for an unreadable credentials file")
	}
}

func TestRedact(t *testing.T) {
	cases := map[string]string{
		"http://alice:pw@h:5000/p": "http://***@h:5000/p",
		"http://h/p?token=abc&x=1": "http://h/p?token=%2A%2A%2A&x=1",
		"http://h:5000":            "http://h:5000",
		"http://alice:p w@h%zz/":   "http://***@h%zz/",
		"/local/path":              "/local/path",
	}
	for in, want := range cases {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
