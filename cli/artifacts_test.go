package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestArtifactArgs(t *testing.T) {
	for _, c := range []struct {
		args         []string
		target, path string
		bad          bool
	}{
		{args: []string{"abc"}, target: "runs:/abc"},
		{args: []string{"abc", "model/MLmodel"}, target: "runs:/abc", path: "model/MLmodel"},
		{args: []string{"runs:/abc/model/MLmodel"}, target: "runs:/abc", path: "model/MLmodel"},
		{args: []string{"runs:/abc"}, target: "runs:/abc"},
		{args: []string{"runs:///abc/x/"}, target: "runs:/abc", path: "x"},
		{args: []string{"runs:/abc/x", "y"}, bad: true},
		{args: []string{"runs:/"}, bad: true},
		{args: []string{"models:/iris-classifier@champion"}, target: "models:/iris-classifier@champion"},
		{args: []string{"models:/iris-classifier@champion/MLmodel"}, target: "models:/iris-classifier@champion", path: "MLmodel"},
		{args: []string{"models:/iris-classifier/3", "MLmodel"}, target: "models:/iris-classifier/3", path: "MLmodel"},
		{args: []string{"models:/m-0a07/MLmodel"}, target: "models:/m-0a07", path: "MLmodel"},
		{args: []string{"models:/iris-classifier@champion/MLmodel", "x"}, bad: true},
		{args: []string{"models:/iris-classifier"}, bad: true},
	} {
		tgt, path, err := artifactArgs(c.args)
		if c.bad != (err != nil) || (err == nil && (tgt.String() != c.target || path != c.path)) {
			t.Errorf("%q: %q %q %v", c.args, tgt.String(), path, err)
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
