package artifacts

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// The AWS SDK logs to the process's stderr by default; under the dashboard that would be drawn
// over the screen. With no credentials anywhere and an instance-metadata endpoint refusing IMDSv2
// tokens (the SDK then warns that it falls back to IMDSv1), a listing fails quietly.
func TestS3SessionNeverWritesToStderr(t *testing.T) {
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
	}))
	defer imds.Close()
	home := t.TempDir()
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_PROFILE": "",
		"AWS_EC2_METADATA_DISABLED": "", "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.URL,
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "none"), "AWS_CONFIG_FILE": filepath.Join(home, "none"),
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "", "AWS_WEB_IDENTITY_TOKEN_FILE": ""} {
		t.Setenv(k, v)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := os.Stderr
	os.Stderr = w
	defer func() { os.Stderr = stderr }()

	env := map[string]string{"MLFLOW_S3_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_DEFAULT_REGION": "us-east-1"}
	sess := NewS3Session(func(k string) string { return env[k] }, home)
	repo, err := sess.Root("s3://bucket/prefix")
	if err != nil {
		t.Fatal(err)
	}
	_, listErr := repo.List(context.Background(), "")
	os.Stderr = stderr
	w.Close()
	out, _ := io.ReadAll(r)
	if listErr == nil {
		t.Fatal("a listing with no credentials succeeded")
	}
	if len(out) > 0 {
		t.Fatalf("the S3 client wrote to stderr: %q", out)
	}
}
