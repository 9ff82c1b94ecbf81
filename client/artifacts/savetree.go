package artifacts

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"

	"mltui/client"
)

// Lister lists one folder of a source (a run's artifacts, a model's files),
// each entry's Path relative to the source's root.
type Lister func(ctx context.Context, dir string) ([]client.FileInfo, error)

// FileOpener reads one file of that source from offset off (n < 0: to the end).
type FileOpener func(ctx context.Context, path string, off, n int64) (*client.ArtifactFile, error)

// TreeStats is what SaveTree wrote.
type TreeStats struct {
	Files int
	Bytes int64
}

// SafeName reports whether a store's file name may become a local one: not
// empty, not . or .., no separator and no control or format characters
// (which a terminal or a shell would act on).
func SafeName(name string) bool {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		return false
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar {
			return false
		}
	}
	return true
}

// SaveTree copies folder dir of a source, and everything under it, to the
// local folder dest. It builds the copy in a hidden temporary folder beside
// dest and renames it into place only once every file has arrived whole,
// so a download cut off leaves nothing at dest. Without overwrite an
// existing dest is never replaced; with it, the old dest is moved aside
// and removed only after the new one is in place. A name in the source
// that could not be a safe local name stops the copy before anything is
// written there.
func SaveTree(ctx context.Context, list Lister, open FileOpener, dir, dest string, overwrite bool) (TreeStats, error) {
	var st TreeStats
	if _, err := os.Lstat(dest); err == nil && !overwrite {
		return st, fmt.Errorf("%s: %w", dest, ErrExists)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".part-*")
	if err != nil {
		return st, folderError(dest, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return st, fmt.Errorf("save %s: %w", dest, err)
	}
	queue := []string{dir}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		entries, err := list(ctx, d)
		if err != nil {
			return st, fmt.Errorf("list %s: %w", d, err)
		}
		for _, e := range entries {
			rel, ok := within(dir, e.Path)
			if !ok {
				return st, fmt.Errorf("%q is not a safe local name: nothing saved at %s", e.Path, dest)
			}
			local := filepath.Join(tmp, filepath.FromSlash(rel))
			if e.IsDir {
				if err := os.MkdirAll(local, 0o755); err != nil {
					return st, fmt.Errorf("save %s: %w", dest, err)
				}
				queue = append(queue, e.Path)
				continue
			}
			if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
				return st, fmt.Errorf("save %s: %w", dest, err)
			}
			p := e.Path
			n, err := Save(ctx, func(ctx context.Context, off, n int64) (*client.ArtifactFile, error) {
				return open(ctx, p, off, n)
			}, local, false)
			if err != nil {
				return st, fmt.Errorf("%s: %w", p, err)
			}
			st.Files++
			st.Bytes += n
		}
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	if err := place(tmp, dest, overwrite); err != nil {
		return st, err
	}
	done = true
	return st, nil
}

// within is p relative to dir, each part a safe name; ok false when p is
// not under dir or a part is not safe.
func within(dir, p string) (string, bool) {
	rel := p
	if dir != "" {
		if !strings.HasPrefix(p, dir+"/") {
			return "", false
		}
		rel = p[len(dir)+1:]
	}
	if rel == "" || path.Clean(rel) != rel {
		return "", false
	}
	for _, part := range strings.Split(rel, "/") {
		if !SafeName(part) {
			return "", false
		}
	}
	return rel, true
}

// place renames the finished copy to dest; an old dest (overwrite) is
// moved aside first and removed once the new one stands.
func place(tmp, dest string, overwrite bool) error {
	old := ""
	if _, err := os.Lstat(dest); err == nil {
		if !overwrite {
			return fmt.Errorf("%s: %w", dest, ErrExists)
		}
		old = tmp + ".old"
		if err := os.Rename(dest, old); err != nil {
			return fmt.Errorf("save %s: move the old one aside: %w", dest, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("save %s: %w", dest, err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			_ = os.Rename(old, dest) // put the old one back
		}
		return fmt.Errorf("save %s: %w", dest, err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("saved %s, but the old copy is left at %s: %w", dest, old, err)
		}
	}
	return nil
}
