package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mltui/testenv"
)

// boundaryScript loads two versions of the iris classifier through the MLflow client and finds
// flowers the two classify differently (so an answer tells which version a server is serving); it
// prints the /invocations body and each version's predictions for it, and each version's
// predictions for its own logged input example.
const boundaryScript = `
import json, sys
import numpy as np, pandas as pd, mlflow
name, a, b = sys.argv[1], sys.argv[2], sys.argv[3]
ma = mlflow.pyfunc.load_model(f"models:/{name}/{a}")
mb = mlflow.pyfunc.load_model(f"models:/{name}/{b}")
cols = [c.name for c in ma.metadata.get_input_schema().inputs]
rng = np.random.default_rng(7)
pts = pd.DataFrame(rng.uniform([4, 2, 1, 0.1], [8, 4.5, 7, 2.5], size=(20000, 4)), columns=cols)
diff = pts[ma.predict(pts) != mb.predict(pts)].head(3)
assert len(diff) > 0, "the two versions agree everywhere sampled"
def example(v):
    local = mlflow.artifacts.download_artifacts(f"models:/{name}/{v}")
    return mlflow.models.Model.load(local).load_input_example(local)
print(json.dumps({
  "body": {"dataframe_split": {"columns": cols, "data": diff.values.tolist()}},
  "a": ma.predict(diff).tolist(), "b": mb.predict(diff).tolist(),
  "a_example": ma.predict(example(a)).tolist(), "b_example": mb.predict(example(b)).tolist(),
}))
`

type boundary struct {
	Body json.RawMessage `json:"body"`
	A    []int           `json:"a"`
	B    []int           `json:"b"`
	AEx  []int           `json:"a_example"`
	BEx  []int           `json:"b_example"`
}

// The seed's deployment after a promotion: `mlflow models serve -m models:/iris-classifier@champion`
// answers, mltui's check sends the champion's own input example and prints the answer; after mltui
// moves champion and the endpoint restarts, the check names the new version and the endpoint's
// answer is the new version's; a stopped endpoint exits 1.
func TestIntegrationServingCheck(t *testing.T) {
	srv := testenv.Server(t)
	seed := testenv.Seeded(t)
	champ, chall := seed.Summary.Models["iris-classifier"].Aliases["champion"], seed.Summary.Models["iris-classifier"].Aliases["challenger"]
	out := testenv.PythonEnv(t, srv.Env(), "-c", boundaryScript, "iris-classifier", champ, chall)
	var bd boundary
	if err := json.Unmarshal([]byte(out), &bd); err != nil {
		t.Fatalf("boundary script: %v\n%s", err, out)
	}
	payload := filepath.Join(t.TempDir(), "boundary.json")
	if err := os.WriteFile(payload, bd.Body, 0o600); err != nil {
		t.Fatal(err)
	}

	ms := testenv.ServeModel(t, srv, "models:/iris-classifier@champion")
	env := map[string]string{"MLFLOW_TRACKING_URI": srv.URL}
	check := func(what string, want int, args ...string) string {
		t.Helper()
		stdout, stderr, code := runMain(t, env, append([]string{"serving", "check", ms.URL}, args...)...)
		t.Logf("%s: exit %d\n%s%s", what, code, stdout, stderr)
		if code != want {
			t.Fatalf("%s: exit %d, want %d\n%s%s\nscoring server log:\n%s", what, code, want, stdout, stderr, ms.Log())
		}
		assertInert(t, what, stdout+stderr)
		return stdout
	}
	asJSON := func(v []int) string { b, _ := json.Marshal(v); return strings.ReplaceAll(string(b), ",", ", ") }

	// The champion's own example, and the answer the Python client's model gives for it.
	got := check("champion", 0, "--model", "iris-classifier@champion")
	for _, want := range []string{"models:/iris-classifier@champion → version " + champ, "✓ /health 200 · MLflow 3.",
		"example   serving_input_example.json of logged model m-", "schema    tensor int64 (-1)",
		"healthy · answers " + asJSON(bd.AEx) + " for the input example · p50 "} {
		if !strings.Contains(got, want) {
			t.Errorf("champion check lacks %q:\n%s", want, got)
		}
	}
	// Flowers on which the two versions disagree: the endpoint answers as the champion.
	if got := check("boundary, before", 0, "--input", payload); !strings.Contains(got, "answer    "+asJSON(bd.A)) {
		t.Errorf("before the promotion the endpoint should answer %v (version %s):\n%s", bd.A, champ, got)
	}

	// A request the model's schema rejects: the server's message verbatim, with the request.
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"dataframe_split": {"columns": ["petal colour"], "data": [["blue"]]}}`), 0o600)
	got = check("schema error", 1, "--input", bad)
	for _, want := range []string{"answer    ✗ HTTP 400 INVALID_PARAMETER_VALUE: ", "Model is missing inputs ['sepal length (cm)'", "request   POST /invocations {\"dataframe_split\": {\"columns\": [\"petal colour\"]",
		"unhealthy: the endpoint is up but does not answer the example"} {
		if !strings.Contains(got, want) {
			t.Errorf("schema error lacks %q:\n%s", want, got)
		}
	}

	// mltui moves champion; until the endpoint restarts it still serves the old version.
	if stdout, stderr, code := runMain(t, env, "promote", "iris-classifier", chall, "--alias", "champion", "--expect-current", champ, "--yes"); code != 0 {
		t.Fatalf("promote: exit %d\n%s%s", code, stdout, stderr)
	}
	got = check("champion moved, endpoint not restarted", 0, "--model", "iris-classifier@champion", "--input", payload)
	if !strings.Contains(got, "→ version "+chall) || !strings.Contains(got, "answer    "+asJSON(bd.A)) {
		t.Errorf("after the move the check should name version %s while the endpoint still answers %v:\n%s", chall, bd.A, got)
	}
	ms.Restart(t)
	got = check("restarted", 0, "--input", payload)
	if !strings.Contains(got, "answer    "+asJSON(bd.B)) {
		t.Errorf("after the restart the endpoint should answer %v (version %s):\n%s", bd.B, chall, got)
	}
	got = check("restarted, own example", 0, "--model", "iris-classifier@champion", "-o", "json")
	var rep []map[string]any
	if err := json.Unmarshal([]byte(got), &rep); err != nil || len(rep) != 1 {
		t.Fatalf("json: %v\n%s", err, got)
	}
	if rep[0]["version"] != chall || rep[0]["ok"] != true || rep[0]["example_from"] != "serving_input_example.json" {
		t.Errorf("json report: %v", rep[0])
	}
	if p, _ := json.Marshal(rep[0]["predictions"]); string(p) != strings.ReplaceAll(asJSON(bd.BEx), " ", "") {
		t.Errorf("json predictions %s, want %v", p, bd.BEx)
	}

	// The endpoint stopped: unhealthy, exit 1, one clear line.
	ms.Stop()
	got = check("stopped", 1, "--model", "iris-classifier@champion")
	if !strings.Contains(got, "health    ✗ /health: nothing is listening at "+ms.URL+" (connection refused)") {
		t.Errorf("stopped endpoint:\n%s", got)
	}
}
