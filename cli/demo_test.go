package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mltui/client"
	"mltui/client/sqlstore"
)

// The copy make run opens points at the artifacts shipped beside the demo
// store, so a newcomer sees plots and model files, not "not found".
func TestDemoCopyFindsItsArtifacts(t *testing.T) {
	src := filepath.Join("..", "testdata", "demo", "mlflow.db")
	dst, err := copyToTemp(src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(dst)) })
	art, _ := filepath.Abs(filepath.Join("..", "testdata", "demo", "artifacts"))
	ctx := context.Background()
	s, err := sqlstore.OpenStore(ctx, dst, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	exp, err := s.GetExperimentByName(ctx, "iris-classification")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(exp.ArtifactLocation, art) {
		t.Fatalf("artifact location %q is not under %s", exp.ArtifactLocation, art)
	}
	runs, err := client.AllRuns(ctx, s, client.RunQuery{ExperimentIDs: []string{exp.ID}})
	if err != nil || len(runs) == 0 {
		t.Fatalf("runs: %v (%d)", err, len(runs))
	}
	listed := 0
	for _, r := range runs {
		if !strings.HasPrefix(r.Info.ArtifactURI, art) {
			t.Fatalf("run %s artifact uri %q", r.Info.RunID, r.Info.ArtifactURI)
		}
		fs, err := s.ListArtifacts(ctx, r.Info.RunID, "")
		if err != nil {
			t.Fatalf("list %s: %v", r.Info.RunID, err)
		}
		listed += len(fs)
	}
	if listed == 0 {
		t.Fatal("no iris run lists an artifact")
	}
	// The shipped store itself is untouched.
	orig, err := sqlstore.OpenStore(ctx, src, true)
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	if e, _ := orig.GetExperimentByName(ctx, "iris-classification"); !strings.HasPrefix(e.ArtifactLocation, DemoArtifactRoot+"/") {
		t.Fatalf("the shipped store's location is %q", e.ArtifactLocation)
	}
}
