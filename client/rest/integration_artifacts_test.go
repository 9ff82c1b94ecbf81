package rest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"sort"
	"strings"
	"testing"

	"mltui/client"
	"mltui/testenv"
)

// pyArtifacts walks a run's artifacts with MlflowClient.list_artifacts and
// downloads each file with mlflow.artifacts.download_artifacts, printing
// {path: [size, sha256]} for files and the folder paths.
const pyArtifacts = `
import hashlib, json, os, sys, tempfile
import mlflow
from mlflow import MlflowClient
uri, run_id = sys.argv[1], sys.argv[2]
mlflow.set_tracking_uri(uri)
c = MlflowClient(uri)
files, dirs = {}, []
def walk(path):
    for f in c.list_artifacts(run_id, path):
        if f.is_dir:
            dirs.append(f.path)
            walk(f.path)
        else:
            with tempfile.TemporaryDirectory() as d:
                local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path=f.path, dst_path=d)
                data = open(local, "rb").read()
            files[f.path] = [len(data), hashlib.sha256(data).hexdigest()]
walk(None)
print(json.dumps({"files": files, "dirs": sorted(dirs)}))
`

type pyArtifactTree struct {
	Files map[string][2]any `json:"files"`
	Dirs  []string          `json:"dirs"`
}

// artifactServers are the servers in each artifact mode: proxied to local
// disk (SQLite), proxied to S3, direct S3 (the client reads the bucket with
// the AWS settings), and proxied S3 behind basic auth.
var artifactServers = []struct {
	name   string
	get    func(testing.TB) *testenv.TestServer
	direct bool
}{
	{"sqlite-proxied-local", testenv.Shared, false},
	{"postgres-proxied-s3", testenv.PostgresServer, false},
	{"postgres-direct-s3", testenv.PostgresDirectServer, true},
	{"postgres-basic-auth-s3", testenv.PostgresAuthServer, false},
}

// artifactClient opens the client as mltui does, with the object server's
// MLFLOW_S3_ENDPOINT_URL and AWS keys in its environment (only direct mode
// needs them) and the server's login where it has one.
func artifactClient(t *testing.T, srv *testenv.TestServer, direct bool) (*Client, []string) {
	t.Helper()
	env := map[string]string{}
	var pyEnv []string
	if srv.Auth != nil {
		env["MLFLOW_TRACKING_USERNAME"], env["MLFLOW_TRACKING_PASSWORD"] = srv.Auth.AdminUser, srv.Auth.AdminPassword
		pyEnv = append(pyEnv, "MLFLOW_TRACKING_USERNAME="+srv.Auth.AdminUser, "MLFLOW_TRACKING_PASSWORD="+srv.Auth.AdminPassword)
	}
	if direct {
		for _, kv := range testenv.SharedObjectStore().Env() {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
			pyEnv = append(pyEnv, kv)
		}
	}
	s, err := OpenStore(srv.URL, envMap(env), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s.(*Client), pyEnv
}

// TestIntegrationArtifactsMatchPython reads every artifact of a seeded run
// in each artifact mode and expects the same tree and byte-identical files
// as the Python client's list_artifacts and download_artifacts, and ranged
// reads that are exactly the slice asked for.
func TestIntegrationArtifactsMatchPython(t *testing.T) {
	for _, as := range artifactServers {
		t.Run(as.name, func(t *testing.T) {
			srv := as.get(t)
			c, pyEnv := artifactClient(t, srv, as.direct)
			ctx := ctxT(t)
			run := srv.Summary.Run(t, "champion_run")
			root, err := c.artifactRoot(ctx, run)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("artifact_uri %s", root)

			out := testenv.PythonEnv(t, pyEnv, "-c", pyArtifacts, srv.URL, run)
			var want pyArtifactTree
			if err := json.Unmarshal([]byte(out), &want); err != nil {
				t.Fatalf("python: %v\n%s", err, out)
			}
			if len(want.Files) < 2 {
				t.Fatalf("python sees only %d files under run %s", len(want.Files), run)
			}

			got := map[string][]byte{}
			var dirs []string
			var walk func(path string)
			walk = func(path string) {
				entries, err := c.ListArtifacts(ctx, run, path)
				if err != nil {
					t.Fatalf("list %q: %v", path, err)
				}
				for _, e := range entries {
					if e.IsDir {
						dirs = append(dirs, e.Path)
						walk(e.Path)
						continue
					}
					f, err := c.OpenArtifact(ctx, run, e.Path, 0, -1)
					if err != nil {
						t.Fatalf("open %s: %v", e.Path, err)
					}
					b, err := io.ReadAll(f)
					f.Close()
					if err != nil {
						t.Fatalf("read %s: %v", e.Path, err)
					}
					if f.Size >= 0 && f.Size != int64(len(b)) {
						t.Errorf("%s: size %d, read %d bytes", e.Path, f.Size, len(b))
					}
					if e.FileSize != 0 && e.FileSize != int64(len(b)) {
						t.Errorf("%s: listed size %d, read %d bytes", e.Path, e.FileSize, len(b))
					}
					got[e.Path] = b
				}
			}
			walk("")
			sort.Strings(dirs)
			noDiff(t, "artifact folders", dirs, want.Dirs)
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

			// Ranged reads: a slice in the middle, the tail, and nothing.
			var name string
			for p, b := range got {
				if len(b) > 40 && (name == "" || p < name) {
					name = p
				}
			}
			if name == "" {
				t.Fatal("no artifact over 40 bytes to read ranges of")
			}
			whole := got[name]
			for _, r := range []struct{ off, n int64 }{{7, 20}, {int64(len(whole)) - 5, -1}, {0, 0}} {
				f, err := c.OpenArtifact(ctx, run, name, r.off, r.n)
				if err != nil {
					t.Fatalf("open %s [%d,+%d): %v", name, r.off, r.n, err)
				}
				b, _ := io.ReadAll(f)
				f.Close()
				end := int64(len(whole))
				if r.n >= 0 {
					end = r.off + r.n
				}
				if !bytes.Equal(b, whole[r.off:end]) || (f.Size >= 0 && f.Size != int64(len(whole))) {
					t.Errorf("%s [%d,+%d): got %q (size %d), want %q", name, r.off, r.n, b, f.Size, whole[r.off:end])
				}
			}
			if _, err := c.OpenArtifact(ctx, run, "no/such/file.txt", 0, -1); client.KindOf(err) != client.KindNotFound {
				t.Errorf("a missing artifact: %v (kind %s), want not found", err, client.KindOf(err))
			}
		})
	}
}
