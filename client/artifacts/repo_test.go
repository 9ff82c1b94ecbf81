package artifacts

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mltui/client"
)

func TestScheme(t *testing.T) {
	for uri, want := range map[string]string{
		"":                                 "file",
		"/srv/mlruns/0/abc/artifacts":      "file",
		"./mlruns/0":                       "file",
		`C:\mlruns\0`:                      "file",
		"file:///srv/mlruns":               "file",
		"s3://bucket/prefix":               "s3",
		"S3://Bucket/x":                    "s3",
		"mlflow-artifacts:/0/abc":          "mlflow-artifacts",
		"gs://b/p":                         "gs",
		"wasbs://c@acct.blob.core/p":       "wasbs",
		"hdfs://nn:8020/p":                 "hdfs",
		"dbfs:/databricks/mlflow-tracking": "dbfs",
	} {
		if got := Scheme(uri); got != want {
			t.Errorf("Scheme(%q) = %q, want %q", uri, got, want)
		}
	}
}

func TestCleanRelRefusesEscapes(t *testing.T) {
	for _, bad := range []string{"../x", "a/../../x", "/etc/passwd", `..\x`, "a/.."} {
		if _, err := CleanRel("op", bad); client.KindOf(err) != client.KindInvalidParameter {
			t.Errorf("CleanRel(%q) = %v, want invalid parameter", bad, err)
		}
	}
	for in, want := range map[string]string{"": "", ".": "", "./a/b": "a/b", "a//b/": "a/b", `a\b`: "a/b"} {
		if got, err := CleanRel("op", in); err != nil || got != want {
			t.Errorf("CleanRel(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestUnsupportedNamesSchemeAndOwner(t *testing.T) {
	err := Unsupported("list artifacts", "run 0a1b", "wasbs://user:key@acct.blob.core.windows.net/c/p")
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Kind != client.KindUnsupported || ce.Code != "wasbs" {
		t.Fatalf("got %#v", err)
	}
	msg := err.Error()
	for _, want := range []string{"not supported yet: wasbs", "run 0a1b", "acct.blob.core.windows.net/c/p"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "key@") {
		t.Errorf("message %q leaks user info", msg)
	}
}

func TestByteRangeAndContentRange(t *testing.T) {
	cases := []struct {
		off, n int64
		want   string
	}{{0, -1, ""}, {10, -1, "bytes=10-"}, {0, 5, "bytes=0-4"}, {7, 1, "bytes=7-7"}}
	for _, c := range cases {
		if got := ByteRange(c.off, c.n); got != c.want {
			t.Errorf("ByteRange(%d, %d) = %q, want %q", c.off, c.n, got, c.want)
		}
	}
	if n, ok := totalFromContentRange("bytes 0-9/1234"); !ok || n != 1234 {
		t.Errorf("total = %d %v", n, ok)
	}
	for _, bad := range []string{"", "bytes 0-9/*", "items 0-1/2"} {
		if _, ok := totalFromContentRange(bad); ok {
			t.Errorf("totalFromContentRange(%q) ok", bad)
		}
	}
}

// A server that honours the range sends the part; one that ignores it sends
// the whole file: either way the caller reads exactly the part.
func TestRangedGivesThePartEitherWay(t *testing.T) {
	whole := "0123456789"
	part, err := Ranged(io.NopCloser(strings.NewReader("345")), "bytes 3-5/10", 3, 3, 3)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(part); string(b) != "345" || part.Size != 10 {
		t.Errorf("206: %q size %d", b, part.Size)
	}
	full, err := Ranged(io.NopCloser(strings.NewReader(whole)), "", 10, 3, 3)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(full); string(b) != "345" || full.Size != 10 {
		t.Errorf("200: %q size %d", b, full.Size)
	}
	if _, err := Ranged(io.NopCloser(strings.NewReader(whole)), "", 10, 20, 3); client.KindOf(err) != client.KindInvalidParameter {
		t.Errorf("offset past the end: %v", err)
	}
}

func TestLocalListAndRangedOpen(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "plots"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "plots", "cm.png"), []byte("PNGDATA-0123"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := Local{Dir: dir}
	root, err := l.List(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(root) != 2 || root[0].Path != "a.txt" || root[0].FileSize != 5 || root[1].Path != "plots" || !root[1].IsDir {
		t.Fatalf("root listing %+v", root)
	}
	sub, err := l.List(context.Background(), "plots")
	if err != nil || len(sub) != 1 || sub[0].Path != "plots/cm.png" {
		t.Fatalf("plots listing %+v %v", sub, err)
	}
	if missing, err := l.List(context.Background(), "nope"); err != nil || len(missing) != 0 {
		t.Fatalf("missing folder: %+v %v (MLflow lists it empty)", missing, err)
	}
	f, err := l.Open(context.Background(), "plots/cm.png", 8, 2)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	f.Close()
	if string(b) != "01" || f.Size != 12 {
		t.Fatalf("ranged read %q size %d", b, f.Size)
	}
	if _, err := l.Open(context.Background(), "gone.bin", 0, -1); client.KindOf(err) != client.KindNotFound {
		t.Fatalf("missing file: %v", err)
	}
	if _, err := l.Open(context.Background(), "../a.txt", 0, -1); client.KindOf(err) != client.KindInvalidParameter {
		t.Fatalf("escape: %v", err)
	}
	if _, err := l.Open(context.Background(), "plots", 0, -1); client.KindOf(err) != client.KindInvalidParameter {
		t.Fatalf("folder: %v", err)
	}
}
