package rest

import (
	"context"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"mltui/client"
	"mltui/client/artifacts"
)

// Artifacts are read the way MLflow's Python client reads them: by the
// scheme of the run's artifact_uri. mlflow-artifacts: goes through the
// tracking server's proxy (`mlflow server --serve-artifacts`), s3:// straight
// to the object store with the user's AWS settings (the server runs with
// --no-serve-artifacts and never sees the bytes), a path this machine has
// from its disk; a file: root only the server's machine has goes through the
// server's own artifact endpoints. Anything else is "not supported yet".

// proxyEndpoint is the artifact proxy's REST path.
const proxyEndpoint = "/api/2.0/mlflow-artifacts/artifacts"

// artifactRoot is runID's artifact_uri, asked once per run (it never
// changes).
func (c *Client) artifactRoot(ctx context.Context, runID string) (string, error) {
	if v, ok := c.roots.Load(runID); ok {
		return v.(string), nil
	}
	r, err := c.GetRun(ctx, runID)
	if err != nil {
		return "", err
	}
	c.roots.Store(runID, r.Info.ArtifactURI)
	return r.Info.ArtifactURI, nil
}

// runRepo picks the repository for runID's artifacts.
func (c *Client) runRepo(ctx context.Context, op, runID string) (artifacts.Repo, error) {
	uri, err := c.artifactRoot(ctx, runID)
	if err != nil {
		return nil, err
	}
	return c.repoFor(op, "run "+runID, uri, serverRepo{c: c, runID: runID})
}

// repoFor routes an artifact root by scheme; server answers for a file:
// root that is not on this machine.
func (c *Client) repoFor(op, owner, uri string, server artifacts.Repo) (artifacts.Repo, error) {
	switch artifacts.Scheme(uri) {
	case "mlflow-artifacts":
		root, err := proxyRoot(uri)
		if err != nil {
			return nil, err
		}
		return proxyRepo{c: c, root: root}, nil
	case "s3":
		return c.s3.Root(uri)
	case "file":
		dir, err := artifacts.LocalDir(uri, "")
		if err != nil {
			return nil, err
		}
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return artifacts.Local{Dir: dir}, nil
		}
		if server != nil {
			return server, nil
		}
	}
	return nil, artifacts.Unsupported(op, owner, uri)
}

// proxyRoot is the path under the proxy of mlflow-artifacts:/0/abc/artifacts
// (or mlflow-artifacts://host/0/abc/artifacts: the host is the tracking
// server in every deployment mltui knows, so it is not dialled separately).
func proxyRoot(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", &client.Error{Kind: client.KindInvalidParameter, Op: "artifacts", Message: "unreadable artifact URI " + Redact(uri), Err: err}
	}
	p := u.Path
	if p == "" {
		p = u.Opaque
	}
	return strings.Trim(p, "/"), nil
}

// ListArtifacts lists one level of a run's artifacts under path ("" = root).
func (c *Client) ListArtifacts(ctx context.Context, runID, path string) ([]client.FileInfo, error) {
	repo, err := c.runRepo(ctx, "list artifacts", runID)
	if err != nil {
		return nil, err
	}
	return repo.List(ctx, path)
}

// OpenArtifact reads bytes [off, off+n) of one of a run's artifact files.
func (c *Client) OpenArtifact(ctx context.Context, runID, path string, off, n int64) (*client.ArtifactFile, error) {
	repo, err := c.runRepo(ctx, "read artifact", runID)
	if err != nil {
		return nil, err
	}
	return repo.Open(ctx, path, off, n)
}

// proxyRepo reads artifacts through the tracking server's proxy.
type proxyRepo struct {
	c    *Client
	root string // path under the proxy, "0/abc/artifacts"
}

func joinRel(root, rel string) string {
	switch {
	case root == "":
		return rel
	case rel == "":
		return root
	}
	return root + "/" + rel
}

// List is GET mlflow-artifacts/artifacts?path=ROOT/REL; the server answers
// names relative to the folder asked for.
func (p proxyRepo) List(ctx context.Context, rel string) ([]client.FileInfo, error) {
	clean, err := artifacts.CleanRel("list artifacts", rel)
	if err != nil {
		return nil, err
	}
	var out struct {
		Files []wireFileInfo `json:"files"`
	}
	r := request{op: "mlflow-artifacts/list", method: http.MethodGet, path: proxyEndpoint,
		query: url.Values{"path": {joinRel(p.root, clean)}}}
	if err := p.c.call(ctx, r, &out); err != nil {
		return nil, err
	}
	files := fileInfos(out.Files)
	for i := range files {
		name := files[i].Path
		if _, err := artifacts.CleanRel("list artifacts", name); err != nil || name == "" {
			return nil, &client.Error{Kind: client.KindNotMLflow, Op: "mlflow-artifacts/list",
				Message: "the server listed an unsafe artifact name " + strconv.Quote(name)}
		}
		files[i].Path = joinRel(clean, name)
	}
	return files, nil
}

// Open is GET mlflow-artifacts/artifacts/ROOT/REL with a Range header.
func (p proxyRepo) Open(ctx context.Context, rel string, off, n int64) (*client.ArtifactFile, error) {
	clean, err := artifacts.CleanFile(rel)
	if err != nil {
		return nil, err
	}
	return p.c.download(ctx, request{op: "mlflow-artifacts/download", method: http.MethodGet,
		path: proxyEndpoint + "/" + escapePath(joinRel(p.root, clean))}, clean, off, n)
}

// serverRepo reads a file: root that only the server's machine has,
// through the endpoints the web UI uses (artifacts/list, get-artifact).
type serverRepo struct {
	c     *Client
	runID string
}

func (s serverRepo) List(ctx context.Context, rel string) ([]client.FileInfo, error) {
	clean, err := artifacts.CleanRel("list artifacts", rel)
	if err != nil {
		return nil, err
	}
	v := url.Values{"run_id": {s.runID}}
	if clean != "" {
		v.Set("path", clean)
	}
	var out struct {
		Files []wireFileInfo `json:"files"`
	}
	if err := s.c.call(ctx, get("artifacts/list", v), &out); err != nil {
		return nil, err
	}
	return fileInfos(out.Files), nil
}

func (s serverRepo) Open(ctx context.Context, rel string, off, n int64) (*client.ArtifactFile, error) {
	clean, err := artifacts.CleanFile(rel)
	if err != nil {
		return nil, err
	}
	return s.c.download(ctx, request{op: "get-artifact", method: http.MethodGet, path: "/get-artifact",
		query: url.Values{"run_uuid": {s.runID}, "path": {clean}}}, clean, off, n)
}

// escapePath escapes each segment of a slash path for a URL.
func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// download performs a ranged GET of a file and hands back its body. A 2xx
// HTML page for a file that is not HTML is a proxy or login page, not the
// artifact.
func (c *Client) download(ctx context.Context, r request, name string, off, n int64) (*client.ArtifactFile, error) {
	r.header = http.Header{"Accept": {"*/*"}}
	want := n
	if want == 0 {
		want = 1
	}
	if rng := artifacts.ByteRange(off, want); rng != "" {
		r.header.Set("Range", rng)
	}
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusRequestedRangeNotSatisfiable {
		resp.Body.Close()
		return nil, &client.Error{Kind: client.KindInvalidParameter, Op: r.op, Status: resp.StatusCode,
			Message: "offset " + strconv.FormatInt(off, 10) + " is past the end of " + name}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, errorBodyLimit))
		e := c.statusError(r.op, resp, body)
		if e.Kind == client.KindInternal && storeSaidMissing(e.Message) {
			// The proxy reports its object store's 404 as a 500 (MLflow 3.18).
			e.Kind, e.Message = client.KindNotFound, "no such artifact "+name+" (the server's artifact store has no such file)"
		} else if r.op == "mlflow-artifacts/download" && resp.StatusCode >= 500 && strings.TrimSpace(e.Message) == http.StatusText(resp.StatusCode) {
			// A bare 500 from the proxy: it could not read its own artifact store.
			e.Message += ": the server could not read " + name + " from its artifact store (--artifacts-destination); its log says why"
		}
		return nil, e
	}
	if isHTML(resp.Header.Get("Content-Type")) && !strings.HasSuffix(strings.ToLower(name), ".html") &&
		!strings.HasSuffix(strings.ToLower(name), ".htm") {
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return nil, &client.Error{Kind: client.KindNotMLflow, Op: r.op, Status: resp.StatusCode,
			Message: "got an HTML page instead of the artifact " + name + " (a proxy or login page?)", Snippet: c.snippet(body)}
	}
	f, err := artifacts.Ranged(resp.Body, resp.Header.Get("Content-Range"), resp.ContentLength, off, n)
	if err != nil {
		if _, ok := err.(*client.Error); ok {
			return nil, err
		}
		return nil, &client.Error{Kind: client.KindUnavailable, Op: r.op, Message: "the download from " + c.hostport + " was cut short", Err: err}
	}
	return f, nil
}

func isHTML(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}

// storeSaidMissing spots the object store's "not found" inside the proxy's
// INTERNAL_ERROR message: boto3's "(404) when calling the HeadObject
// operation: Not Found", NoSuchKey, or a local FileNotFoundError.
func storeSaidMissing(msg string) bool {
	return strings.Contains(msg, "(404)") || strings.Contains(msg, "NoSuchKey") ||
		strings.Contains(msg, "No such file or directory")
}
