package filestore

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"mltui/client"
	"mltui/client/artifacts"
)

// ArtifactRepo is the repo of a local store's artifact root: rootURI is a
// run's or logged model's artifact_uri (file:///…, a plain path, or
// mlflow-artifacts:/… when a server stored them under baseDir/mlartifacts).
// Both local stores use it; owner names whose artifacts they are, for
// messages ("run 0a1b…").
func ArtifactRepo(rootURI, baseDir, owner string) (artifacts.Repo, error) {
	const op = "artifacts"
	switch artifacts.Scheme(rootURI) {
	case "file":
		if rootURI == "" {
			return nil, &client.Error{Kind: client.KindNotFound, Op: op, Message: owner + " has no artifact location"}
		}
		dir, err := artifacts.LocalDir(rootURI, baseDir)
		if err != nil {
			return nil, err
		}
		return artifacts.Local{Dir: dir}, nil
	case "mlflow-artifacts":
		// A server started beside the database keeps them in ./mlartifacts
		// (MLflow's default --artifacts-destination) or ./artifacts.
		u, err := url.Parse(rootURI)
		if err == nil && baseDir != "" {
			for _, dest := range []string{"mlartifacts", "artifacts"} {
				p := filepath.Join(baseDir, dest, filepath.FromSlash(strings.TrimPrefix(u.Path, "/")))
				if _, err := os.Stat(p); err == nil {
					return artifacts.Local{Dir: p}, nil
				}
			}
		}
		return nil, &client.Error{Kind: client.KindUnavailable, Op: op, Message: "the artifacts of " + owner +
			" are served by a tracking server (" + rootURI + ") and are not on this disk; open the server's URI to browse them"}
	case "s3":
		return nil, &client.Error{Kind: client.KindUnavailable, Op: op, Message: "the artifacts of " + owner +
			" live in remote storage (" + rootURI + "); open the tracking server's URI to read them"}
	}
	return nil, artifacts.Unsupported(op, owner, rootURI)
}

// ListArtifactDir lists one level of a local store's artifact root (see
// ArtifactRepo); paths in the answer are relative to the root.
func ListArtifactDir(ctx context.Context, rootURI, baseDir, owner, rel string) ([]client.FileInfo, error) {
	repo, err := ArtifactRepo(rootURI, baseDir, owner)
	if err != nil {
		return nil, err
	}
	return repo.List(ctx, rel)
}

// OpenArtifactFile reads one file of a local store's artifact root.
func OpenArtifactFile(ctx context.Context, rootURI, baseDir, owner, rel string, off, n int64) (*client.ArtifactFile, error) {
	repo, err := ArtifactRepo(rootURI, baseDir, owner)
	if err != nil {
		return nil, err
	}
	return repo.Open(ctx, rel, off, n)
}
