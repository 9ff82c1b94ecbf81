package integration

import (
	"encoding/json"
	"strings"
	"testing"

	"mltui/client"
	"mltui/client/rest"
	"mltui/config"
	"mltui/promote"
	"mltui/testenv"
)

const model = "iris-classifier"

// openREST opens mltui's REST client on a test server as user ("" none).
func openREST(t *testing.T, url, user, password string) client.Store {
	t.Helper()
	env := map[string]string{"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0"}
	if user != "" {
		env["MLFLOW_TRACKING_USERNAME"], env["MLFLOW_TRACKING_PASSWORD"] = user, password
	}
	s, err := rest.OpenStore(url, func(k string) string { return env[k] }, t.TempDir())
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// pyState is what the MLflow Python client reports about iris-classifier.
type pyState struct {
	Aliases map[string]string            `json:"aliases"`
	Stages  map[string]string            `json:"stages"`
	Tags    map[string]map[string]string `json:"tags"`  // version → tags
	MTags   map[string]string            `json:"mtags"` // registered-model tags
}

const pyStateScript = `
import json, sys
from mlflow import MlflowClient
c = MlflowClient()
name = sys.argv[1]
m = c.get_registered_model(name)
vs = c.search_model_versions("name = '%s'" % name)
print(json.dumps({
    "aliases": {a: str(v) for a, v in m.aliases.items()},
    "stages": {v.version: v.current_stage for v in vs},
    "tags": {v.version: dict(v.tags) for v in vs},
    "mtags": dict(m.tags),
}))
`

// pythonState asks the Python client, as admin.
func pythonState(t *testing.T, srv *testenv.TestServer) pyState {
	t.Helper()
	out := testenv.PythonEnv(t, srv.Env(), "-c", pyStateScript, model)
	var st pyState
	if err := json.Unmarshal([]byte(lastLine(out)), &st); err != nil {
		t.Fatalf("python state %q: %v", out, err)
	}
	return st
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// python runs a snippet with the Python client as admin.
func python(t *testing.T, srv *testenv.TestServer, code string, args ...string) string {
	t.Helper()
	return testenv.PythonEnv(t, srv.Env(), append([]string{"-c", code}, args...)...)
}

func f(v float64) *float64 { return &v }

// articleGates are model_approval_workflow's: accuracy >= 0.90, f1_macro >= 0.85.
func articleGates() *config.Config {
	c := config.Defaults()
	c.Registry.Gates = []config.Gate{
		{Metric: "accuracy", Op: ">=", Threshold: f(0.90)},
		{Metric: "f1_macro", Op: ">=", Threshold: f(0.85)},
	}
	return &c
}

func service(s client.Store) *promote.Service { return promote.New(s, "integration-test") }
