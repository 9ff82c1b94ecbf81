package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"mltui/testenv"
)

// putArtifact writes an artifact file of the run straight into the object server, where the
// run's artifact_uri (s3:// or the proxy's mlflow-artifacts:/) puts it.
func putArtifact(t *testing.T, o *testenv.ObjectStore, runURI, rel string, body []byte) {
	t.Helper()
	var key string
	if p, ok := strings.CutPrefix(runURI, "s3://"+o.Bucket+"/"); ok {
		key = p
	} else if p, ok := strings.CutPrefix(runURI, "mlflow-artifacts:/"); ok {
		key = testenv.ArtifactPrefix + "/" + strings.TrimLeft(p, "/")
	} else {
		t.Fatalf("the run's artifact_uri %q is neither in the bucket nor proxied", runURI)
	}
	if _, err := o.Client().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(o.Bucket),
		Key: aws.String(key + "/" + rel), Body: bytes.NewReader(body)}); err != nil {
		t.Fatal(err)
	}
}

// TestIntegrationArtifactsGetObjectServerStopped saves artifacts with `mltui artifacts get`
// from a real object server, then crashes it (SIGKILL): in the middle of a 256 MB download read
// from S3 directly, and before a download through the server's proxy. Each time the command
// fails saying nothing was saved, and nothing is left where the user asked to save, not even the
// temporary file.
func TestIntegrationArtifactsGetObjectServerStopped(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 16<<20) // 256 MB
	small := []byte("accuracy: 0.97\n")
	for _, mode := range []string{"direct", "proxied"} {
		t.Run(mode, func(t *testing.T) {
			o := testenv.NewObjectStore(t)
			var srv *testenv.TestServer
			var expID string
			if mode == "direct" {
				srv = testenv.Server(t)
				expID = createExperiment(t, srv.URL, "get-direct", o.ArtifactRoot("get"))
			} else {
				srv = testenv.Server(t, testenv.ProxyArtifactsTo(o))
				expID = createExperiment(t, srv.URL, "get-proxied", "")
			}
			// After the server started: it would inherit the emptied AWS_PROFILE, which boto3 rejects.
			isolateAWS(t)
			runID, runURI := createRun(t, srv.URL, expID)
			t.Logf("run %s, artifact_uri %s", runID, runURI)
			putArtifact(t, o, runURI, "metrics.yaml", small)
			putArtifact(t, o, runURI, "weights/big.bin", big)
			env := s3Env(t, o, srv.URL)
			for k, v := range env {
				if strings.HasPrefix(k, "AWS_") || strings.HasPrefix(k, "MLFLOW_S3") {
					t.Setenv(k, v) // the AWS SDK reads the process environment too
				}
			}
			dir := t.TempDir()
			get := func(args ...string) (string, int) {
				_, errOut, code := runMain(t, env, append([]string{"artifacts", "get"}, args...)...)
				return errOut, code
			}

			out, errOut, code := runMain(t, env, "artifacts", "ls", runID)
			if code != 0 || !strings.Contains(out, "metrics.yaml") || !strings.Contains(out, "weights/") {
				t.Fatalf("artifacts ls: exit %d: %s%s", code, out, errOut)
			}
			// While the object server is up: the exact bytes, and no overwrite unasked.
			dest := filepath.Join(dir, "metrics.yaml")
			if errOut, code := get("runs:/"+runID+"/metrics.yaml", "-o", dest); code != 0 {
				t.Fatalf("get: exit %d: %s\nserver log:\n%s", code, errOut, tailOf(srv.Log(), 3000))
			}
			if b, _ := os.ReadFile(dest); !bytes.Equal(b, small) {
				t.Fatalf("saved %q, want %q", b, small)
			}
			if errOut, code := get(runID, "metrics.yaml", "-o", dest); code != 2 || !strings.Contains(errOut, "already exists") {
				t.Fatalf("a second get over the file: exit %d: %s", code, errOut)
			}

			bigDest := filepath.Join(dir, "big.bin")
			type result struct {
				errOut string
				code   int
			}
			done := make(chan result, 1)
			var crashedAt int64 = -1
			if mode == "proxied" {
				// The proxy reads the whole object before it answers, so the object server can
				// only be lost before the download.
				o.Crash()
				crashedAt = 0
			}
			go func() {
				errOut, code := get(runID, "weights/big.bin", "-o", bigDest)
				done <- result{errOut, code}
			}()
			var r result
			deadline := time.After(3 * time.Minute)
		wait:
			for {
				select {
				case r = <-done:
					break wait
				case <-deadline:
					t.Fatal("the download neither finished nor failed in 3 minutes")
				case <-time.After(2 * time.Millisecond):
				}
				if crashedAt >= 0 {
					continue
				}
				parts, _ := filepath.Glob(filepath.Join(dir, ".big.bin.part-*"))
				if len(parts) == 1 {
					if fi, err := os.Stat(parts[0]); err == nil && fi.Size() >= 8<<20 {
						o.Crash()
						crashedAt = fi.Size()
					}
				}
			}
			if crashedAt < 0 {
				t.Fatalf("the download ended (exit %d) before the object server could be crashed: %s", r.code, r.errOut)
			}
			t.Logf("object server crashed with %d bytes at the target's temporary file; mltui said: %s", crashedAt, strings.TrimSpace(r.errOut))
			if r.code != 2 {
				t.Fatalf("exit %d after the object server died: %s", r.code, r.errOut)
			}
			if mode == "direct" && !strings.Contains(r.errOut, "nothing saved at "+bigDest) {
				t.Errorf("the error does not say the download was cut off and nothing saved: %s", r.errOut)
			}
			if mode == "proxied" && !strings.Contains(r.errOut, "could not read weights/big.bin from its artifact store") {
				t.Errorf("the error does not say the server could not read its artifact store: %s", r.errOut)
			}
			if _, err := os.Stat(bigDest); !os.IsNotExist(err) {
				t.Errorf("something is at %s after a failed download: %v", bigDest, err)
			}
			if parts, _ := filepath.Glob(filepath.Join(dir, ".big.bin.part-*")); len(parts) != 0 {
				t.Errorf("temporary files left: %v", parts)
			}
		})
	}
}

func tailOf(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// TestIntegrationArtifactsModelURI reads a model's files by its models:/ URI from the local stores
// MLflow wrote (SQLite beside its artifacts, and mlruns): ls lists the logged model, get saves
// MLmodel byte for byte and names the version the alias pointed at.
func TestIntegrationArtifactsModelURI(t *testing.T) {
	for _, local := range []*testenv.LocalCopy{testenv.SQLiteCopy(t), testenv.FileStoreCopy(t)} {
		t.Run(filepath.Base(local.Path), func(t *testing.T) {
			env := map[string]string{"MLFLOW_TRACKING_URI": local.URI}
			champ := local.Summary.Models["iris-classifier"].Aliases["champion"]
			out, errOut, code := runMain(t, env, "artifacts", "ls", "models:/iris-classifier@champion")
			if code != 0 || !strings.Contains(out, "MLmodel") || !strings.Contains(out, "serving_input_example.json") {
				t.Fatalf("ls: exit %d\n%s%s", code, out, errOut)
			}
			dest := filepath.Join(t.TempDir(), "MLmodel")
			_, errOut, code = runMain(t, env, "artifacts", "get", "models:/iris-classifier@champion/MLmodel", "-o", dest)
			if code != 0 || !strings.Contains(errOut, "saved models:/iris-classifier@champion/MLmodel (version "+champ+", logged model m-") {
				t.Fatalf("get: exit %d: %s", code, errOut)
			}
			b, err := os.ReadFile(dest)
			if err != nil || !strings.Contains(string(b), "flavors:") || !strings.Contains(string(b), "serving_input_path: serving_input_example.json") {
				t.Fatalf("saved MLmodel: %v\n%s", err, b)
			}
			// The same file by version number and through stdout.
			out, errOut, code = runMain(t, env, "artifacts", "get", "models:/iris-classifier/"+champ, "MLmodel", "-o", "-")
			if code != 0 || out != string(b) {
				t.Fatalf("by version: exit %d: %s (%d bytes, want %d)", code, errOut, len(out), len(b))
			}
			_, errOut, code = runMain(t, env, "artifacts", "ls", "models:/iris-classifier@nobody")
			if code != 2 || !strings.Contains(errOut, "models:/iris-classifier@nobody: ") || !strings.Contains(errOut, "not found") {
				t.Fatalf("unknown alias: exit %d: %s", code, errOut)
			}
		})
	}
}
