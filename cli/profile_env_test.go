package cli

import (
	"os"
	"path/filepath"
	"testing"

	"mltui/client/rest"
	"mltui/client/store"
	"mltui/config"
)

// profileConfig builds the REST config the profile's options would give.
func profileConfig(t *testing.T, p config.Profile, env map[string]string, home string) rest.Config {
	t.Helper()
	o, err := profileOptions(store.Options{Getenv: func(k string) string { return env[k] }, Home: home}, p)
	if err != nil {
		t.Fatal(err)
	}
	if o.NoCredentialsFile {
		home = ""
	}
	c, err := rest.ConfigFromEnv("http://127.0.0.1:5000", o.Getenv, home)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestProfileAuthSource(t *testing.T) {
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, ".mlflow"), 0o700)
	os.WriteFile(filepath.Join(home, ".mlflow", "credentials"),
		[]byte("[mlflow]\nmlflow_tracking_username = fileuser\nmlflow_tracking_password = filepass-123456\n"), 0o600)
	envOnlyToken := map[string]string{"MLFLOW_TRACKING_TOKEN": "tok-abc"}

	// Default: both sources; the file's basic auth wins over the env token, as in MLflow.
	if c := profileConfig(t, config.Profile{}, envOnlyToken, home); c.Auth != rest.AuthBasic || c.AuthSource != "~/.mlflow/credentials" {
		t.Fatalf("default: %s", c.AuthSummary())
	}
	// auth: env ignores the file, so only the token is left.
	if c := profileConfig(t, config.Profile{Auth: "env"}, envOnlyToken, home); c.Auth != rest.AuthBearer {
		t.Fatalf("auth: env gave %s, want the bearer token", c.AuthSummary())
	}
	// auth: credentials ignores env secrets, so the file's basic auth is used.
	if c := profileConfig(t, config.Profile{Auth: "credentials"}, envOnlyToken, home); c.Auth != rest.AuthBasic || c.AuthSource != "~/.mlflow/credentials" {
		t.Fatalf("auth: credentials gave %s, want basic from the file", c.AuthSummary())
	}
	if c := profileConfig(t, config.Profile{Auth: "credentials"}, envOnlyToken, t.TempDir()); c.Auth != rest.AuthNone {
		t.Fatalf("auth: credentials with no file gave %s, want none (the env token must be ignored)", c.AuthSummary())
	}
	if _, err := profileOptions(store.Options{Getenv: os.Getenv}, config.Profile{Auth: "vault"}); err == nil {
		t.Fatal("an unknown auth source must be refused")
	}
}

func TestProfileWorkspace(t *testing.T) {
	env := map[string]string{"MLFLOW_WORKSPACE": "from-env"}
	if got := profileConfig(t, config.Profile{Workspace: "team-a"}, env, "").Workspace; got != "team-a" {
		t.Fatalf("workspace = %q, want the profile's", got)
	}
	if got := profileConfig(t, config.Profile{}, env, "").Workspace; got != "from-env" {
		t.Fatalf("workspace = %q, want the env's when the profile names none", got)
	}
}
