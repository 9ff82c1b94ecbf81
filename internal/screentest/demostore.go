package screentest

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"mltui/client"
	"mltui/client/sqlstore"
)

// DemoNow is the clock for goldens on the shipped demo store: about half
// an hour after it was seeded, so its RUNNING run is stale.
var DemoNow = time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC)

// demoInfo hides the temporary copy's path so the status bar is stable.
type demoStore struct{ client.Store }

func (d demoStore) Describe(ctx context.Context) (client.ServerInfo, error) {
	info, err := d.Store.Describe(ctx)
	info.URI = "sqlite:///testdata/demo/mlflow.db"
	return info, err
}

// DemoStore opens a private copy of testdata/demo/mlflow.db (written by
// the real MLflow client, see make demo-store) through the SQLite backend.
func DemoStore(t *testing.T) client.Store {
	t.Helper()
	return demoStore{openCopy(t, "demo")}
}

// testdata is the repository's testdata directory.
func testdata() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata")
}

// openCopy opens a private copy of testdata/<dir>/mlflow.db read-only
// through the SQLite backend.
func openCopy(t testing.TB, dir string) client.Store {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "mlflow.db")
	copyFile(t, filepath.Join(testdata(), dir, "mlflow.db"), dst)
	s, err := sqlstore.OpenStore(context.Background(), dst, true)
	if err != nil {
		t.Fatalf("open %s store: %v", dir, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// copyFile copies src to dst, failing the test on any error.
func copyFile(tb testing.TB, src, dst string) {
	tb.Helper()
	in, err := os.Open(src)
	if err != nil {
		tb.Fatalf("copy %s: %v", src, err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

// RunIDByName finds a run of the store by name (the demo's IDs are random).
func RunIDByName(t *testing.T, s client.Store, experiment, name string) string {
	t.Helper()
	e, err := s.GetExperimentByName(context.Background(), experiment)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := client.AllRuns(context.Background(), s, client.RunQuery{ExperimentIDs: []string{e.ID}, ViewType: client.AllViews, MaxResults: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		if r.Name() == name {
			return r.Info.RunID
		}
	}
	t.Fatalf("no run %q in %s", name, experiment)
	return ""
}
