package rest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"

	"mltui/client"
)

// These utility routes exist on some servers and not others (server-info
// since 3.10, users/current only under the basic-auth app, everything
// behind a proxy that forwards only /api). A 404 means "not available here"
// and is reported as ok=false with no error.

// ServerDetails is what GET /api/3.0/mlflow/server-info says.
type ServerDetails struct {
	StoreType         string `json:"store_type,omitempty"` // SqlStore, FileStore or "" when the server does not say
	WorkspacesEnabled bool   `json:"workspaces_enabled"`
}

// Health is GET /health; it is true when the server answered OK. The auth
// app lets it through without credentials, so it also works before login.
func (c *Client) Health(ctx context.Context) (bool, error) {
	body, ok, err := c.text(ctx, request{op: "health", method: http.MethodGet, path: "/health"})
	if err != nil || !ok {
		return false, err
	}
	if !strings.EqualFold(body, "OK") {
		return false, &client.Error{Kind: client.KindNotMLflow, Op: "health", Status: http.StatusOK,
			Message: "the health check did not answer OK", Snippet: c.snippet([]byte(body))}
	}
	return true, nil
}

// Version is GET /version: the MLflow server's version string.
func (c *Client) Version(ctx context.Context) (string, bool, error) {
	body, ok, err := c.text(ctx, request{op: "version", method: http.MethodGet, path: "/version"})
	if err != nil || !ok {
		return "", ok, err
	}
	if body == "" || len(body) > 64 || strings.ContainsAny(body, "<>\n{") {
		return "", false, &client.Error{Kind: client.KindNotMLflow, Op: "version", Status: http.StatusOK,
			Message: "/version did not answer with a version number", Snippet: c.snippet([]byte(body))}
	}
	return body, true, nil
}

// ServerInfo is GET /api/3.0/mlflow/server-info (MLflow 3.10+).
func (c *Client) ServerInfo(ctx context.Context) (ServerDetails, bool, error) {
	var out ServerDetails
	ok, err := c.optional(ctx, request{op: "server-info", method: http.MethodGet, path: "/api/3.0/mlflow/server-info"}, &out)
	return out, ok, err
}

// CurrentUser is GET /api/2.0/mlflow/users/current (basic-auth app).
func (c *Client) CurrentUser(ctx context.Context) (client.User, bool, error) {
	var out struct {
		User struct {
			ID       flexString `json:"id"`
			Username string     `json:"username"`
			IsAdmin  bool       `json:"is_admin"`
		} `json:"user"`
	}
	ok, err := c.optional(ctx, get("users/current", nil), &out)
	if err != nil || !ok {
		return client.User{}, ok, err
	}
	return client.User{ID: string(out.User.ID), Username: out.User.Username, IsAdmin: out.User.IsAdmin}, true, nil
}

// Describe summarises the server: version, store type, user and workspace.
// The version call's error is returned (it needs auth, so it tells whether
// the client can talk to the server at all); the others are best effort.
func (c *Client) Describe(ctx context.Context) (client.ServerInfo, error) {
	info := client.ServerInfo{Kind: "rest", URI: c.cfg.BaseURL, Workspace: c.cfg.Workspace}
	v, _, err := c.Version(ctx)
	if err != nil {
		return info, err
	}
	info.Version = v
	if d, ok, err := c.ServerInfo(ctx); err == nil && ok {
		info.StoreType = d.StoreType
	} else if ctx.Err() != nil {
		return info, ctx.Err()
	}
	if u, ok, err := c.CurrentUser(ctx); err == nil && ok {
		info.User = u.Username
	} else if ctx.Err() != nil {
		return info, ctx.Err()
	}
	return info, nil
}

// optional performs a JSON call where a 404 means "not available".
func (c *Client) optional(ctx context.Context, r request, out any) (bool, error) {
	resp, err := c.send(ctx, r)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return false, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, errorBodyLimit))
		return false, c.statusError(r.op, resp, body)
	}
	if err := c.decode(r.op, resp, out); err != nil {
		return false, err
	}
	return true, nil
}

// text performs a plain-text call where a 404 means "not available".
func (c *Client) text(ctx context.Context, r request) (string, bool, error) {
	resp, err := c.send(ctx, r)
	if err != nil {
		return "", false, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, errorBodyLimit))
	if resp.StatusCode == http.StatusNotFound {
		return "", false, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", false, c.statusError(r.op, resp, body)
	}
	if looksHTML(bytes.TrimSpace(body)) {
		return "", false, &client.Error{Kind: client.KindNotMLflow, Op: r.op, Status: resp.StatusCode,
			Message: c.notJSONMessage(body), Snippet: c.snippet(body)}
	}
	return strings.TrimSpace(string(body)), true, nil
}
