package artifacts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"mltui/client"
)

// Local is an artifact root on this machine's disk.
type Local struct {
	Dir string
}

// LocalDir turns a file: URI or a plain path into a directory; relative
// paths are taken from baseDir (where the store is, as MLflow resolves them
// from its working directory).
func LocalDir(uri, baseDir string) (string, error) {
	p := uri
	if Scheme(uri) == "file" && strings.HasPrefix(strings.ToLower(uri), "file:") {
		u, err := url.Parse(uri)
		if err != nil {
			return "", &client.Error{Kind: client.KindInvalidParameter, Op: "artifacts",
				Message: "unreadable artifact URI " + redactURI(uri), Err: err}
		}
		p = u.Path
		if p == "" {
			p = u.Opaque
		}
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(baseDir, p)
	}
	return p, nil
}

// List implements Repo.
func (l Local) List(_ context.Context, rel string) ([]client.FileInfo, error) {
	const op = "list artifacts"
	clean, err := CleanRel(op, rel)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(l.Dir, filepath.FromSlash(clean))
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist), isNotDir(err):
		return nil, nil // MLflow answers an empty listing for a missing path or a file
	case err != nil:
		return nil, localError(op, dir, err)
	}
	out := make([]client.FileInfo, 0, len(entries))
	for _, e := range entries {
		fi := client.FileInfo{Path: path.Join(clean, e.Name()), IsDir: e.IsDir()}
		if !e.IsDir() {
			if info, err := e.Info(); err == nil {
				fi.FileSize = info.Size()
			}
		}
		out = append(out, fi)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Open implements Repo.
func (l Local) Open(_ context.Context, rel string, off, n int64) (*client.ArtifactFile, error) {
	const op = "read artifact"
	clean, err := CleanFile(rel)
	if err != nil {
		return nil, err
	}
	p := filepath.Join(l.Dir, filepath.FromSlash(clean))
	f, err := os.Open(p)
	if err != nil {
		return nil, localError(op, p, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, localError(op, p, err)
	}
	if info.IsDir() {
		f.Close()
		return nil, &client.Error{Kind: client.KindInvalidParameter, Op: op, Path: p, Message: clean + " is a folder"}
	}
	if off > 0 {
		if _, err := f.Seek(off, io.SeekStart); err != nil {
			f.Close()
			return nil, localError(op, p, err)
		}
	}
	return &client.ArtifactFile{ReadCloser: limited(f, n), Size: info.Size()}, nil
}

func isNotDir(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "not a directory")
}

func localError(op, p string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &client.Error{Kind: client.KindNotFound, Op: op, Path: p, Message: "no such artifact", Err: err}
	case errors.Is(err, fs.ErrPermission):
		return &client.Error{Kind: client.KindPermissionDenied, Op: op, Path: p,
			Message: fmt.Sprintf("this user may not read %s", p), Err: err}
	}
	return &client.Error{Kind: client.KindUnavailable, Op: op, Path: p, Err: err}
}

// limited caps rc at n bytes (n < 0: no cap) and still closes rc.
func limited(rc io.ReadCloser, n int64) io.ReadCloser {
	if n < 0 {
		return rc
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(rc, n), rc}
}
