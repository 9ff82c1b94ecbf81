package artifacts

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"mltui/client"
)

// memTree is a source of files by path; its folders are implied.
type memTree map[string][]byte

func (m memTree) list(_ context.Context, dir string) ([]client.FileInfo, error) {
	seen := map[string]bool{}
	var out []client.FileInfo
	for p, b := range m {
		rel := p
		if dir != "" {
			if !strings.HasPrefix(p, dir+"/") {
				continue
			}
			rel = p[len(dir)+1:]
		}
		name, _, isDir := strings.Cut(rel, "/")
		full := name
		if dir != "" {
			full = dir + "/" + name
		}
		if seen[full] {
			continue
		}
		seen[full] = true
		out = append(out, client.FileInfo{Path: full, IsDir: isDir, FileSize: int64(len(b))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

func (m memTree) open(_ context.Context, p string, off, n int64) (*client.ArtifactFile, error) {
	b, ok := m[p]
	if !ok {
		return nil, &client.Error{Kind: client.KindNotFound, Message: p}
	}
	return &client.ArtifactFile{ReadCloser: io.NopCloser(bytes.NewReader(b)), Size: int64(len(b))}, nil
}

func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return out
}

func TestSaveTreeCopiesTheFolder(t *testing.T) {
	src := memTree{"model/MLmodel": []byte("flavors: {}"), "model/data/model.pkl": []byte("\x80\x04pkl"), "other.txt": []byte("no")}
	dest := filepath.Join(t.TempDir(), "model")
	st, err := SaveTree(t.Context(), src.list, src.open, "model", dest, false)
	if err != nil || st.Files != 2 || st.Bytes != 16 {
		t.Fatalf("SaveTree = %+v, %v", st, err)
	}
	got := readTree(t, dest)
	if len(got) != 2 || got["MLmodel"] != "flavors: {}" || got["data/model.pkl"] != "\x80\x04pkl" {
		t.Fatalf("saved %q", got)
	}
	// Nothing else beside it: the temporary folder is gone.
	if es, _ := os.ReadDir(filepath.Dir(dest)); len(es) != 1 {
		t.Errorf("left beside dest: %v", es)
	}
	// Again: refused, the first copy kept; with overwrite, replaced.
	src["model/MLmodel"] = []byte("v2")
	if _, err := SaveTree(t.Context(), src.list, src.open, "model", dest, false); !errors.Is(err, ErrExists) {
		t.Fatalf("second save: %v", err)
	}
	if _, err := SaveTree(t.Context(), src.list, src.open, "model", dest, true); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, dest); got["MLmodel"] != "v2" {
		t.Errorf("not replaced: %q", got)
	}
	if es, _ := os.ReadDir(filepath.Dir(dest)); len(es) != 1 {
		t.Errorf("left beside dest after replacing: %v", es)
	}
}

// A file that cannot be read (or a name that cannot be local) leaves
// nothing at dest, and nothing half-made beside it.
func TestSaveTreeFailureLeavesNothing(t *testing.T) {
	for name, src := range map[string]memTree{
		"unreadable": {"d/a.txt": []byte("a")},
		"escape":     {"d/\x1b]0;pwned\a.txt": []byte("a")},
		"dotdot":     {"d/../../etc/passwd": []byte("a")},
	} {
		t.Run(name, func(t *testing.T) {
			open := src.open
			if name == "unreadable" {
				open = func(context.Context, string, int64, int64) (*client.ArtifactFile, error) {
					return nil, errors.New("403 Forbidden")
				}
			}
			dir := t.TempDir()
			_, err := SaveTree(t.Context(), src.list, open, "d", filepath.Join(dir, "d"), false)
			if err == nil {
				t.Fatal("saved")
			}
			if es, _ := os.ReadDir(dir); len(es) != 0 {
				t.Errorf("left %v after %v", es, err)
			}
		})
	}
}

func TestSafeName(t *testing.T) {
	for name, want := range map[string]bool{
		"confusion_matrix.png": true, "모델.txt": true, "a b": true,
		"": false, ".": false, "..": false, "a/b": false, `a\b`: false, "a\x1b[2Jb": false, "a\u202eb": false, "a\nb": false,
	} {
		if got := SafeName(name); got != want {
			t.Errorf("SafeName(%q) = %v", name, got)
		}
	}
}

// A destination in a folder that is not there says so, not the temporary file's name.
func TestSaveIntoAMissingFolder(t *testing.T) {
	src := memTree{"d/a.txt": []byte("a")}
	dest := filepath.Join(t.TempDir(), "no", "such", "a.txt")
	_, err := Save(t.Context(), func(ctx context.Context, off, n int64) (*client.ArtifactFile, error) {
		return src.open(ctx, "d/a.txt", off, n)
	}, dest, false)
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "the folder "+filepath.Dir(dest)+" does not exist") || strings.Contains(err.Error(), ".part-") {
		t.Fatalf("file: %v", err)
	}
	if _, err := SaveTree(t.Context(), src.list, src.open, "d", filepath.Join(filepath.Dir(dest), "d"), false); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("folder: %v", err)
	}
}
