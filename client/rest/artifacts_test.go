package rest

import (
	"context"
	"strings"
	"testing"

	"mltui/client"
)

func TestProxyRoot(t *testing.T) {
	for uri, want := range map[string]string{
		"mlflow-artifacts:/1/abc/artifacts":            "1/abc/artifacts",
		"mlflow-artifacts://host:5000/1/abc/artifacts": "1/abc/artifacts",
		"mlflow-artifacts:/":                           "",
		"mlflow-artifacts:/1/models/m-1/artifacts/":    "1/models/m-1/artifacts",
	} {
		if got, err := proxyRoot(uri); err != nil || got != want {
			t.Errorf("proxyRoot(%q) = %q, %v; want %q", uri, got, err, want)
		}
	}
}

// A run whose artifacts live where mltui cannot read yet answers a typed
// "not supported yet" naming the scheme and the run, for listing and
// reading alike, without a request for the bytes.
func TestArtifactsOfUnsupportedSchemes(t *testing.T) {
	c, err := New(Config{BaseURL: "http://127.0.0.1:1"}) // never dialled: the roots are known
	if err != nil {
		t.Fatal(err)
	}
	for _, uri := range []string{"gs://bucket/0/r1/artifacts", "wasbs://c@acct.blob.core.windows.net/0/r1", "hdfs://nn:8020/mlflow/0/r1", "dbfs:/databricks/mlflow/0/r1"} {
		scheme := uri[:strings.Index(uri, ":")]
		c.roots.Store("r1", uri)
		_, err := c.ListArtifacts(context.Background(), "r1", "")
		if client.KindOf(err) != client.KindUnsupported || !strings.Contains(err.Error(), "not supported yet: "+scheme) || !strings.Contains(err.Error(), "run r1") {
			t.Errorf("list %s: %v", uri, err)
		}
		_, err = c.OpenArtifact(context.Background(), "r1", "model/MLmodel", 0, -1)
		if client.KindOf(err) != client.KindUnsupported {
			t.Errorf("open %s: %v", uri, err)
		}
	}
}

// A file: root this machine has is read from the disk, not the server.
func TestArtifactsOfALocalRootAreReadFromDisk(t *testing.T) {
	c, err := New(Config{BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	c.roots.Store("r1", "file://"+dir)
	files, err := c.ListArtifacts(context.Background(), "r1", "")
	if err != nil || len(files) != 0 {
		t.Fatalf("empty local root: %+v %v", files, err)
	}
}
