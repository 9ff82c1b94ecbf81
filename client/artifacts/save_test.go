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

// opener serves body as a file of size bytes (the store's announced size), failing with
// bodyErr once body is read.
func opener(body string, size int64, bodyErr error) Opener {
	return func(context.Context, int64, int64) (*client.ArtifactFile, error) {
		var r io.Reader = strings.NewReader(body)
		if bodyErr != nil {
			r = io.MultiReader(r, errReader{bodyErr})
		}
		return &client.ArtifactFile{ReadCloser: io.NopCloser(r), Size: size}, nil
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// onlyFiles lists dir's entries, so a test sees a temporary file left behind.
func onlyFiles(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestSaveWritesTheWholeFile(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "model.pkl")
	n, err := Save(context.Background(), opener("0123456789", 10, nil), dest, false)
	if err != nil || n != 10 {
		t.Fatalf("Save: %d, %v", n, err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "0123456789" {
		t.Fatalf("saved %q", b)
	}
	if got := onlyFiles(t, dir); len(got) != 1 {
		t.Fatalf("left beside it: %v", got)
	}
}

func TestSaveCutOffLeavesNothing(t *testing.T) {
	cases := map[string]Opener{
		"body error":         opener("01234", 10, errors.New("connection reset by peer")),
		"short body":         opener("01234", 10, nil),
		"unknown size error": opener("01234", -1, io.ErrUnexpectedEOF),
	}
	for name, open := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			dest := filepath.Join(dir, "out.bin")
			_, err := Save(context.Background(), open, dest, false)
			if err == nil || !strings.Contains(err.Error(), "nothing saved at "+dest) {
				t.Fatalf("want a cut-off error naming %s, got %v", dest, err)
			}
			if got := onlyFiles(t, dir); len(got) != 0 {
				t.Fatalf("a cut-off download left %v", got)
			}
		})
	}
}

func TestSaveCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Save(ctx, opener("0123456789", 10, nil), filepath.Join(dir, "f"), false)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if got := onlyFiles(t, dir); len(got) != 0 {
		t.Fatalf("a cancelled download left %v", got)
	}
}

func TestSaveNeverOverwritesUnasked(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "f")
	if err := os.WriteFile(dest, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Save(context.Background(), opener("theirs", 6, nil), dest, false)
	if !errors.Is(err, ErrExists) {
		t.Fatalf("want ErrExists, got %v", err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "mine" {
		t.Fatalf("the existing file became %q", b)
	}
	// A file that appears while the download runs is kept too.
	late := filepath.Join(dir, "late")
	appear := func(ctx context.Context, off, n int64) (*client.ArtifactFile, error) {
		if err := os.WriteFile(late, []byte("mine"), 0o600); err != nil {
			t.Fatal(err)
		}
		return opener("theirs", 6, nil)(ctx, off, n)
	}
	if _, err := Save(context.Background(), appear, late, false); !errors.Is(err, ErrExists) {
		t.Fatalf("want ErrExists for a file that appeared, got %v", err)
	}
	if b, _ := os.ReadFile(late); string(b) != "mine" {
		t.Fatalf("the file that appeared became %q", b)
	}
	if _, err := Save(context.Background(), opener("theirs", 6, nil), dest, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "theirs" {
		t.Fatalf("with overwrite the file is %q", b)
	}
	if got := onlyFiles(t, dir); len(got) != 2 {
		t.Fatalf("left in the folder: %v", got)
	}
}
