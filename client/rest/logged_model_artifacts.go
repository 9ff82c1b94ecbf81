package rest

import (
	"context"
	"net/http"
	"net/url"

	"mltui/client"
	"mltui/client/artifacts"
)

var _ client.LoggedModelArtifacts = (*Client)(nil)

// A logged model's files (MLflow 3) live under its artifact_location, which
// is routed like a run's artifact_uri: the proxy, S3 itself, this disk, or
// the server's logged-models endpoints for a file: root only it can read.

// loggedModelRoot is modelID's artifact_location, asked once (it never
// changes); it shares the run roots' cache under a prefix of its own.
func (c *Client) loggedModelRoot(ctx context.Context, modelID string) (string, error) {
	key := "logged-model " + modelID
	if v, ok := c.roots.Load(key); ok {
		return v.(string), nil
	}
	lm, err := c.GetLoggedModel(ctx, modelID)
	if err != nil {
		return "", err
	}
	c.roots.Store(key, lm.ArtifactURI)
	return lm.ArtifactURI, nil
}

func (c *Client) loggedModelRepo(ctx context.Context, op, modelID string) (artifacts.Repo, error) {
	uri, err := c.loggedModelRoot(ctx, modelID)
	if err != nil {
		return nil, err
	}
	return c.repoFor(op, "logged model "+modelID, uri, loggedModelServerRepo{c: c, modelID: modelID})
}

// ListLoggedModelArtifacts lists one level of a logged model's files under
// path ("" = the root).
func (c *Client) ListLoggedModelArtifacts(ctx context.Context, modelID, path string) ([]client.FileInfo, error) {
	repo, err := c.loggedModelRepo(ctx, "list logged model artifacts", modelID)
	if err != nil {
		return nil, err
	}
	return repo.List(ctx, path)
}

// OpenLoggedModelArtifact reads bytes [off, off+n) of one of a logged
// model's files.
func (c *Client) OpenLoggedModelArtifact(ctx context.Context, modelID, path string, off, n int64) (*client.ArtifactFile, error) {
	repo, err := c.loggedModelRepo(ctx, "read logged model artifact", modelID)
	if err != nil {
		return nil, err
	}
	return repo.Open(ctx, path, off, n)
}

// loggedModelServerRepo reads a logged model's files through the server:
// logged-models/{id}/artifacts/directories (REST) and .../artifacts/files
// (the web UI's ajax-api; there is no REST twin).
type loggedModelServerRepo struct {
	c       *Client
	modelID string
}

func (s loggedModelServerRepo) List(ctx context.Context, rel string) ([]client.FileInfo, error) {
	clean, err := artifacts.CleanRel("list logged model artifacts", rel)
	if err != nil {
		return nil, err
	}
	var q url.Values
	if clean != "" {
		q = url.Values{"artifact_directory_path": {clean}}
	}
	r := request{op: "logged-models/artifacts/directories", method: http.MethodGet,
		path: apiPath("logged-models/" + url.PathEscape(s.modelID) + "/artifacts/directories"), query: q}
	var out struct {
		Files []wireFileInfo `json:"files"`
	}
	if err := s.c.call(ctx, r, &out); err != nil {
		return nil, err
	}
	return fileInfos(out.Files), nil
}

func (s loggedModelServerRepo) Open(ctx context.Context, rel string, off, n int64) (*client.ArtifactFile, error) {
	clean, err := artifacts.CleanFile(rel)
	if err != nil {
		return nil, err
	}
	return s.c.download(ctx, request{op: "logged-models/artifacts/files", method: http.MethodGet,
		path:  "/ajax-api/2.0/mlflow/logged-models/" + url.PathEscape(s.modelID) + "/artifacts/files",
		query: url.Values{"artifact_file_path": {clean}}}, clean, off, n)
}
