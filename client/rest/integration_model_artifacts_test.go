package rest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"testing"

	"mltui/client"
	"mltui/testenv"
)

// pyModelArtifacts downloads a whole model by its models:/ URI with
// mlflow.artifacts.download_artifacts and prints {path: [size, sha256]} and
// the version the URI named.
const pyModelArtifacts = `
import hashlib, json, os, sys, tempfile
import mlflow
from mlflow import MlflowClient
uri, model = sys.argv[1], sys.argv[2]
mlflow.set_tracking_uri(uri)
name, alias = model[len("models:/"):].split("@")
version = MlflowClient(uri).get_model_version_by_alias(name, alias).version
files = {}
with tempfile.TemporaryDirectory() as d:
    root = mlflow.artifacts.download_artifacts(model, dst_path=d)
    for dirpath, _, names in os.walk(root):
        for n in names:
            p = os.path.join(dirpath, n)
            data = open(p, "rb").read()
            files[os.path.relpath(p, root)] = [len(data), hashlib.sha256(data).hexdigest()]
print(json.dumps({"files": files, "version": version}))
`

// TestIntegrationModelArtifactsMatchPython resolves models:/iris-classifier@champion as MLflow does
// (the alias, the version, its MLflow 3 logged model) and reads every file of the model in each
// artifact mode — the proxy, S3 directly, behind basic auth — byte-identical to what the Python
// client downloads, plus a ranged read of MLmodel.
func TestIntegrationModelArtifactsMatchPython(t *testing.T) {
	const model = "models:/iris-classifier@champion"
	for _, as := range artifactServers {
		t.Run(as.name, func(t *testing.T) {
			srv := as.get(t)
			c, pyEnv := artifactClient(t, srv, as.direct)
			ctx := ctxT(t)
			out := testenv.PythonEnv(t, pyEnv, "-c", pyModelArtifacts, srv.URL, model)
			var want struct {
				Files   map[string][2]any `json:"files"`
				Version string            `json:"version"`
			}
			if err := json.Unmarshal([]byte(out), &want); err != nil {
				t.Fatalf("python: %v\n%s", err, out)
			}
			if _, ok := want.Files["serving_input_example.json"]; !ok || len(want.Files) < 5 {
				t.Fatalf("python downloaded %v: the seed should log the model with its input example", want.Files)
			}
			ref, err := client.ParseModelURI(model)
			if err != nil {
				t.Fatal(err)
			}
			mv, files, err := client.ResolveModel(ctx, c, ref)
			if err != nil {
				t.Fatal(err)
			}
			if mv.Version != want.Version || files.LoggedModelID == "" {
				t.Fatalf("resolved version %s (%s), Python %s", mv.Version, files, want.Version)
			}
			root, err := c.loggedModelRoot(ctx, files.LoggedModelID)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s → version %s, %s at %s", model, mv.Version, files, root)

			got := map[string][]byte{}
			var walk func(path string)
			walk = func(path string) {
				entries, err := files.List(ctx, c, path)
				if err != nil {
					t.Fatalf("list %q: %v", path, err)
				}
				for _, e := range entries {
					if e.IsDir {
						walk(e.Path)
						continue
					}
					f, err := files.Open(ctx, c, e.Path, 0, -1)
					if err != nil {
						t.Fatalf("open %s: %v", e.Path, err)
					}
					b, err := io.ReadAll(f)
					f.Close()
					if err != nil {
						t.Fatalf("read %s: %v", e.Path, err)
					}
					got[e.Path] = b
				}
			}
			walk("")
			for p, w := range want.Files {
				b, ok := got[p]
				if !ok {
					t.Errorf("python has %s, Go does not", p)
					continue
				}
				sum := sha256.Sum256(b)
				if hex.EncodeToString(sum[:]) != w[1].(string) || float64(len(b)) != w[0].(float64) {
					t.Errorf("%s: Go read %d bytes (sha256 %x), Python %v", p, len(b), sum[:6], w)
				}
			}
			for p := range got {
				if _, ok := want.Files[p]; !ok {
					t.Errorf("Go has %s, Python does not", p)
				}
			}
			f, err := files.Open(ctx, c, "MLmodel", 5, 10)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(f)
			f.Close()
			if string(b) != string(got["MLmodel"][5:15]) {
				t.Errorf("MLmodel [5,+10): %q, want %q", b, got["MLmodel"][5:15])
			}
			if _, err := files.Open(ctx, c, "no/such/file", 0, -1); client.KindOf(err) != client.KindNotFound {
				t.Errorf("a missing model file: %v (kind %s), want not found", err, client.KindOf(err))
			}
		})
	}
}
