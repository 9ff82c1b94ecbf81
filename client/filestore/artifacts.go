package filestore

import (
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"mltui/client"
)

// ListArtifactDir lists one level of a local artifact root: rootURI is a
// run's artifact_uri (file:///…, a plain path, or mlflow-artifacts:/… when
// a server stored them under baseDir/mlartifacts), rel a path below it.
// Paths in the answer are relative to the root, as MLflow returns them.
// Both local stores use it.
func ListArtifactDir(rootURI, baseDir, rel string) ([]client.FileInfo, error) {
	const op = "list artifacts"
	r := strings.ReplaceAll(rel, "\\", "/")
	bad := strings.HasPrefix(r, "/")
	for _, part := range strings.Split(r, "/") {
		bad = bad || part == ".."
	}
	if bad {
		return nil, &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: "invalid artifact path " + rel + ": it must be relative and stay inside the run's artifacts"}
	}
	clean := path.Clean(r)
	if clean == "." {
		clean = ""
	}
	root, err := localArtifactRoot(rootURI, baseDir)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(root, filepath.FromSlash(clean))
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil // MLflow answers an empty listing for a missing path
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "not a directory") {
			return nil, nil
		}
		return nil, &client.Error{Kind: client.KindUnavailable, Op: op, Path: dir, Err: err}
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

// localArtifactRoot turns an artifact URI into a directory on this machine.
func localArtifactRoot(uri, baseDir string) (string, error) {
	const op = "list artifacts"
	lower := strings.ToLower(uri)
	switch {
	case uri == "":
		return "", &client.Error{Kind: client.KindNotFound, Op: op, Message: "the run has no artifact location"}
	case strings.HasPrefix(lower, "file:"):
		u, err := url.Parse(uri)
		if err != nil {
			return "", &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: "unreadable artifact URI " + uri, Err: err}
		}
		p := u.Path
		if p == "" {
			p = u.Opaque
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(baseDir, p)
		}
		return p, nil
	case strings.HasPrefix(lower, "mlflow-artifacts:"):
		// A server started beside the database keeps them in ./mlartifacts
		// (MLflow's default --artifacts-destination) or ./artifacts.
		u, err := url.Parse(uri)
		if err == nil && baseDir != "" {
			for _, dest := range []string{"mlartifacts", "artifacts"} {
				p := filepath.Join(baseDir, dest, filepath.FromSlash(strings.TrimPrefix(u.Path, "/")))
				if _, err := os.Stat(p); err == nil {
					return p, nil
				}
			}
		}
		return "", &client.Error{Kind: client.KindUnavailable, Op: op, Message: "the artifacts are served by a tracking server (" + uri + ") and are not on this disk; open the server's URI to browse them"}
	case strings.Contains(uri, "://"):
		return "", &client.Error{Kind: client.KindUnavailable, Op: op, Message: "the artifacts live in remote storage (" + uri + "); mltui lists them only through a tracking server"}
	}
	p := uri
	if !filepath.IsAbs(p) {
		p = filepath.Join(baseDir, p)
	}
	return p, nil
}
