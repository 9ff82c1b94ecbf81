package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestArtifactArgs(t *testing.T) {
	for _, c := range []struct {
		args      []string
		run, path string
		bad       bool
	}{
		{args: []string{"abc"}, run: "abc"},
		{args: []string{"abc", "model/MLmodel"}, run: "abc", path: "model/MLmodel"},
		{args: []string{"runs:/abc/model/MLmodel"}, run: "abc", path: "model/MLmodel"},
		{args: []string{"runs:/abc"}, run: "abc"},
		{args: []string{"runs:///abc/x/"}, run: "abc", path: "x"},
		{args: []string{"runs:/abc/x", "y"}, bad: true},
		{args: []string{"runs:/"}, bad: true},
	} {
		run, path, err := artifactArgs(c.args)
		if c.bad != (err != nil) || run != c.run || path != c.path {
			t.Errorf("%q: %q %q %v", c.args, run, path, err)
		}
	}
}

// Saving to disk is a write: --read-only refuses it before anything is read, and -o - will not
// pour raw bytes onto a terminal.
func TestArtifactsGetRefusals(t *testing.T) {
	db, err := filepath.Abs("../testdata/demo/mlflow.db")
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MLFLOW_TRACKING_URI": "sqlite:///" + db}
	dest := filepath.Join(t.TempDir(), "out")
	_, errOut, code := runMain(t, env, "--read-only", "artifacts", "get", "somerun", "model/MLmodel", "-o", dest)
	if code != 2 || !strings.Contains(errOut, "read-only: saving to "+dest+" is a write") {
		t.Fatalf("--read-only: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Fatalf("something was written at %s", dest)
	}
	_, errOut, code = runMain(t, env, "artifacts", "get", "somerun")
	if code != 2 || !strings.Contains(errOut, "name the artifact file") {
		t.Fatalf("no path: exit %d: %s", code, errOut)
	}
	_, errOut, code = runMain(t, env, "artifacts", "get", "somerun", "a/\x1b[2Jx")
	if code != 2 || !strings.Contains(errOut, "choose a file name with -o") || strings.Contains(errOut, "\x1b") {
		t.Fatalf("a hostile name: exit %d: %q", code, errOut)
	}
}
