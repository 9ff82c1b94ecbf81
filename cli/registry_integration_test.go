package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mltui/testenv"
)

// registryCLI runs mltui with args against the given stdin; it returns
// stdout and the exit code.
func registryCLI(t *testing.T, stdin string, args ...string) (string, int) {
	t.Helper()
	var out bytes.Buffer
	a := &App{Getenv: func(string) string { return "" }, Cwd: t.TempDir(), Stdout: &out, Stderr: io.Discard}
	root := NewRoot(a)
	root.SetArgs(args)
	root.SetIn(strings.NewReader(stdin))
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	err := root.Execute()
	if err == nil {
		return out.String(), 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return out.String() + ee.Error(), ee.Code
	}
	return out.String() + err.Error(), -1
}

func gatesConfig(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "config.yaml")
	err := os.WriteFile(p, []byte("registry:\n  gates:\n    - metric: accuracy\n      op: \">=\"\n      threshold: 0.90\n    - metric: f1_macro\n      op: \">=\"\n      threshold: 0.85\n"), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// `mltui gate` exits 0 for the versions the seed's model_approval_workflow
// approves and 1 for the others (the seed records which); 2 for errors.
func TestGateCLIAgainstServer(t *testing.T) {
	srv := testenv.Shared(t)
	cfg := gatesConfig(t)
	ms := srv.Summary.Models["iris-classifier"]
	if len(ms.GatePass) == 0 || len(ms.GateFail) == 0 {
		t.Fatalf("seed summary has no gate expectations: %+v", ms)
	}
	for want, versions := range map[int][]string{0: ms.GatePass, 1: ms.GateFail} {
		for _, v := range versions {
			out, code := registryCLI(t, "", "--tracking-uri", srv.URL, "--config", cfg, "gate", "iris-classifier", v)
			if code != want {
				t.Errorf("gate v%s: exit %d, want %d\n%s", v, code, want, out)
			}
		}
	}
	if out, code := registryCLI(t, "", "--tracking-uri", srv.URL, "--config", cfg, "gate", "iris-classifier", "99"); code != 2 {
		t.Errorf("unknown version: exit %d\n%s", code, out)
	}
	out, code := registryCLI(t, "", "--tracking-uri", srv.URL, "--config", cfg, "models", "iris-classifier")
	if code != 0 || !strings.Contains(out, "challenger") || !strings.Contains(out, "rf-entropy-mss4") {
		t.Errorf("models: exit %d\n%s", code, out)
	}
}

// `mltui promote` refuses without --yes and no terminal, refuses a wrong
// --expect-current, honours --read-only, and then moves the alias.
func TestPromoteCLIAgainstServer(t *testing.T) {
	srv := testenv.Server(t)
	base := []string{"--tracking-uri", srv.URL, "--config", gatesConfig(t)}
	run := func(args ...string) (string, int) {
		return registryCLI(t, "", append(append([]string{}, base...), args...)...)
	}

	if out, code := run("promote", "iris-classifier", "4", "--alias", "champion"); code != 1 || !strings.Contains(out, "--yes") {
		t.Fatalf("no tty: exit %d\n%s", code, out)
	}
	if out, code := run("promote", "iris-classifier", "4", "--alias", "champion", "--expect-current", "2", "--yes"); code != 1 || !strings.Contains(out, "held by v3") {
		t.Fatalf("wrong expectation: exit %d\n%s", code, out)
	}
	if out, code := run("--read-only", "promote", "iris-classifier", "4", "--alias", "champion", "--yes"); code != 2 || !strings.Contains(out, "read-only") {
		t.Fatalf("read-only: exit %d\n%s", code, out)
	}
	out, code := run("promote", "iris-classifier", "4", "--alias", "champion", "--expect-current", "3", "--yes")
	if code != 0 || !strings.Contains(out, "iris-classifier: alias champion v3 → v4") {
		t.Fatalf("promote: exit %d\n%s", code, out)
	}
	got := testenv.PythonEnv(t, srv.Env(), "-c",
		`from mlflow import MlflowClient; print(MlflowClient().get_model_version_by_alias("iris-classifier", "champion").version)`)
	if v := strings.TrimSpace(got[strings.LastIndexByte(strings.TrimSpace(got), '\n')+1:]); v != "4" {
		t.Fatalf("python sees champion on %q", got)
	}
}
