package filestore

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"mltui/client"
)

func TestListArtifactDir(t *testing.T) {
	ctx := context.Background()
	base := t.TempDir()
	root := filepath.Join(base, "mlartifacts", "1", "abc", "artifacts")
	writeFile(t, filepath.Join(root, "model", "MLmodel"), "flavors: {}\n")
	writeFile(t, filepath.Join(root, "eval", "report.txt"), "hello")
	writeFile(t, filepath.Join(root, "top.json"), "{}")

	want := []client.FileInfo{{Path: "eval", IsDir: true}, {Path: "model", IsDir: true}, {Path: "top.json", FileSize: 2}}
	for _, uri := range []string{"file://" + root, root, "mlflow-artifacts:/1/abc/artifacts", "mlflow-artifacts://host:5000/1/abc/artifacts"} {
		got, err := ListArtifactDir(ctx, uri, base, "run abc", "")
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v %v", uri, got, err)
		}
	}
	got, err := ListArtifactDir(ctx, "file://"+root, base, "run abc", "model")
	if err != nil || !reflect.DeepEqual(got, []client.FileInfo{{Path: "model/MLmodel", FileSize: 12}}) {
		t.Errorf("one level down: %+v %v", got, err)
	}
	if got, err := ListArtifactDir(ctx, "file://"+root, base, "run abc", "nope"); err != nil || len(got) != 0 {
		t.Errorf("missing path: %+v %v", got, err)
	}
	if got, err := ListArtifactDir(ctx, "file://"+root, base, "run abc", "top.json"); err != nil || len(got) != 0 {
		t.Errorf("a file path: %+v %v", got, err)
	}
	for _, bad := range []string{"../x", "a/../../x", "/etc"} {
		if _, err := ListArtifactDir(ctx, "file://"+root, base, "run abc", bad); client.KindOf(err) != client.KindInvalidParameter {
			t.Errorf("%q: %v", bad, err)
		}
	}
	_, err = ListArtifactDir(ctx, "mlflow-artifacts:/9/zzz/artifacts", base, "run abc", "")
	if client.KindOf(err) != client.KindUnavailable || !containsAll(err.Error(), "tracking server", "mlflow-artifacts:/9/zzz") {
		t.Errorf("served artifacts not on disk: %v", err)
	}
	_, err = ListArtifactDir(ctx, "s3://bucket/x", base, "run abc", "")
	if client.KindOf(err) != client.KindUnavailable || !containsAll(err.Error(), "s3://bucket/x") {
		t.Errorf("remote artifacts: %v", err)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}
