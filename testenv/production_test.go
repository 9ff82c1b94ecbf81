package testenv

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// artifactURI asks the server for a run's artifact_uri, as any client would.
func artifactURI(t *testing.T, s *TestServer, runID string) string {
	t.Helper()
	req, err := http.NewRequest("GET", s.URL+"/api/2.0/mlflow/runs/get?run_id="+url.QueryEscape(runID), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Auth != nil {
		req.SetBasicAuth(s.Auth.AdminUser, s.Auth.AdminPassword)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Run struct {
			Info struct {
				ArtifactURI string `json:"artifact_uri"`
			} `json:"info"`
		} `json:"run"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != 200 {
		t.Fatalf("runs/get %s: %d %v", runID, resp.StatusCode, err)
	}
	return body.Run.Info.ArtifactURI
}

// objectKeys lists every key under prefix in the artifact bucket.
func objectKeys(t *testing.T, o *ObjectStore, prefix string) []string {
	t.Helper()
	var keys []string
	p := s3.NewListObjectsV2Paginator(o.Client(), &s3.ListObjectsV2Input{Bucket: aws.String(o.Bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("listing s3://%s/%s: %v", o.Bucket, prefix, err)
		}
		for _, obj := range page.Contents {
			keys = append(keys, aws.ToString(obj.Key))
		}
	}
	return keys
}

// TestIntegrationProductionStackArtifactsLandInS3 checks the seed's two artifact modes for real:
// the proxied server hands out mlflow-artifacts: URIs and keeps the bytes in the object server;
// the direct server hands out s3:// URIs the Python client wrote to itself; the basic-auth server
// proxies too. A key pair scoped to another bucket is refused (the AccessDenied the doctor names).
func TestIntegrationProductionStackArtifactsLandInS3(t *testing.T) {
	PostgresServer(t) // skips, loudly, where the stack cannot start; the checks below need it
	cases := []struct {
		name, scheme, prefix string
		srv                  func(testing.TB) *TestServer
	}{
		{"proxied", "mlflow-artifacts:/", ArtifactPrefix + "/", PostgresServer},
		{"direct", "s3://" + ArtifactBucket + "/" + ArtifactPrefix + "/direct/", ArtifactPrefix + "/direct/", PostgresDirectServer},
		{"basic-auth", "mlflow-artifacts:/", ArtifactPrefix + "/auth/", PostgresAuthServer},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := c.srv(t)
			store := SharedObjectStore()
			run := s.Summary.Run(t, "champion_run")
			uri := artifactURI(t, s, run)
			if !strings.HasPrefix(uri, c.scheme) {
				t.Fatalf("artifact_uri %q, want it to start with %q", uri, c.scheme)
			}
			var found bool
			for _, k := range objectKeys(t, store, c.prefix) {
				if strings.Contains(k, run) && strings.HasSuffix(k, "/artifacts/eval/confusion_matrix.json") {
					found = true
				}
			}
			if !found {
				t.Fatalf("no eval/confusion_matrix.json of run %s under s3://%s/%s", run, store.Bucket, c.prefix)
			}
		})
	}
	store := SharedObjectStore()
	_, err := store.ClientWith(store.OtherAccessKey, store.OtherSecretKey).ListObjectsV2(context.Background(),
		&s3.ListObjectsV2Input{Bucket: aws.String(store.Bucket)})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDenied" {
		t.Fatalf("listing with keys scoped elsewhere: %v, want AccessDenied", err)
	}
}
