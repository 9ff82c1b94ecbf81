package rest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"mltui/client"
	"mltui/client/artifacts"
)

// Client talks to an MLflow tracking server over its REST API. It
// implements client.Store; every method takes a context, retries transient
// failures (reporting each retry to client.RetryObserver(ctx)) and returns
// *client.Error values that never contain credentials.
type Client struct {
	cfg      Config
	http     *http.Client
	auth     string // Authorization header value, "" for none
	hostport string // for messages: host:port, never user info
	scrub    scrubber
	s3       *artifacts.S3Session // for runs whose artifacts are s3:// (direct mode)
	roots    sync.Map             // run ID → artifact_uri, which never changes
}

var _ client.Store = (*Client)(nil)

// New builds a client from a resolved Config.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("rest client: base URL %q: want http(s)://host[:port][/prefix]", Redact(cfg.BaseURL))
	}
	if u.User != nil {
		return nil, fmt.Errorf("rest client: base URL %s holds user info; pass credentials in Config", Redact(cfg.BaseURL))
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	tlsCfg, err := tlsConfig(cfg)
	if err != nil {
		return nil, err
	}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: min(cfg.Timeout, 10*time.Second), KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       tlsCfg,
		TLSHandshakeTimeout:   10 * time.Second,
		MaxIdleConns:          16,
		MaxIdleConnsPerHost:   8,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
		ForceAttemptHTTP2:     true,
	}
	hc := &http.Client{Transport: tr, Timeout: cfg.Timeout}
	if !cfg.AllowRedirects {
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	c := &Client{cfg: cfg, http: hc, hostport: hostPort(u), scrub: newScrubber(cfg),
		s3: artifacts.NewS3Session(os.Getenv, "")}
	switch cfg.Auth {
	case AuthBasic:
		c.auth = "Basic " + basicValue(cfg.Username, cfg.Password)
	case AuthBearer:
		c.auth = "Bearer " + cfg.Token
	}
	return c, nil
}

// OpenStore resolves MLFLOW_* settings for uri and builds a client; it is
// what client/store.Open calls for http(s) URIs. It does no I/O beyond
// reading ~/.mlflow/credentials and certificate files.
func OpenStore(uri string, getenv func(string) string, home string) (client.Store, error) {
	cfg, err := ConfigFromEnv(uri, getenv, home)
	if err != nil {
		return nil, err
	}
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	c.s3 = artifacts.NewS3Session(getenv, home)
	return c, nil
}

// Config returns the client's configuration (it holds secrets: print it
// only with %v/%s, which redact them).
func (c *Client) Config() Config { return c.cfg }

// Close releases idle connections.
func (c *Client) Close() error {
	c.http.CloseIdleConnections()
	return nil
}

func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	if u.Scheme == "https" {
		return u.Hostname() + ":443"
	}
	return u.Hostname() + ":80"
}

// request is one REST call.
type request struct {
	op     string // short name for messages and retry events: "runs/search"
	method string
	path   string // from the base URL: "/api/2.0/mlflow/runs/search"
	query  url.Values
	body   any         // JSON-encoded when non-nil
	header http.Header // set after the defaults (Accept: application/json), so it may replace them
	// once: never retried. For creates, where a retry after a lost
	// response would make a second version.
	once bool
}

func apiPath(endpoint string) string { return "/api/2.0/mlflow/" + endpoint }

func get(endpoint string, q url.Values) request {
	return request{op: endpoint, method: http.MethodGet, path: apiPath(endpoint), query: q}
}

func withBody(method, endpoint string, body any) request {
	return request{op: endpoint, method: method, path: apiPath(endpoint), body: body}
}

// errorBodyLimit bounds how much of a failed response is read: enough for
// any MLflow error, small enough that a proxy's page costs nothing.
const errorBodyLimit = 64 << 10

// call performs r and decodes a JSON success body into out (nil: discard).
func (c *Client) call(ctx context.Context, r request, out any) error {
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, errorBodyLimit))
		return c.statusError(r.op, resp, body)
	}
	return c.decode(r.op, resp, out)
}

// decode reads a 2xx body as JSON. Anything that is not a JSON object (an
// HTML login page, plain text, nothing) means something other than MLflow
// answered.
func (c *Client) decode(op string, resp *http.Response, out any) error {
	br := bufio.NewReaderSize(resp.Body, 4096)
	head, _ := br.Peek(512)
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		rest, _ := io.ReadAll(io.LimitReader(br, 4096))
		return &client.Error{Kind: client.KindNotMLflow, Op: op, Status: resp.StatusCode,
			Message: c.notJSONMessage(rest), Snippet: c.snippet(rest)}
	}
	if out == nil {
		out = &struct{}{}
	}
	dec := json.NewDecoder(br)
	if err := dec.Decode(out); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || isTransport(err) {
			return &client.Error{Kind: client.KindUnavailable, Op: op, Status: resp.StatusCode,
				Message: "the response from " + c.hostport + " was cut short", Err: err}
		}
		return &client.Error{Kind: client.KindNotMLflow, Op: op, Status: resp.StatusCode,
			Message: "the response is not the JSON MLflow sends: " + c.scrub.clean(err.Error()), Err: err}
	}
	return nil
}

func (c *Client) notJSONMessage(body []byte) string {
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return "empty response where MLflow sends JSON (wrong URL prefix, or a proxy in the way?)"
	case looksHTML(body):
		return "got an HTML page instead of MLflow JSON (a proxy or login page?)"
	default:
		return "got plain text instead of MLflow JSON (wrong URL, or not an MLflow server?)"
	}
}

func isTransport(err error) bool {
	var ne net.Error
	return errors.As(err, &ne)
}

func retryMax(max int, once bool) int {
	if once {
		return 0
	}
	return max
}

// send performs r with retries and returns a response whose body the caller
// closes. Errors are *client.Error, or ctx's error wrapped with the op.
func (c *Client) send(ctx context.Context, r request) (*http.Response, error) {
	target := c.cfg.BaseURL + r.path
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}
	var body any
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return nil, fmt.Errorf("%s: encode request: %w", r.op, err)
		}
		body = b
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, target, body)
	if err != nil {
		return nil, &client.Error{Kind: client.KindInvalidParameter, Op: r.op, Message: "cannot build request: " + c.scrub.clean(err.Error())}
	}
	h := req.Header
	h.Set("User-Agent", c.cfg.UserAgent)
	h.Set("Accept", "application/json")
	if r.body != nil {
		h.Set("Content-Type", "application/json")
	}
	if c.auth != "" {
		h.Set("Authorization", c.auth)
	}
	if c.cfg.Workspace != "" && !strings.Contains(r.path, "/mlflow/workspaces") {
		h.Set("X-MLFLOW-WORKSPACE", c.cfg.Workspace)
	}
	for k, v := range r.header {
		h[k] = v
	}

	st := &retryState{cfg: &c.cfg, op: r.op, observe: client.RetryObserver(ctx)}
	rc := &retryablehttp.Client{
		HTTPClient:   c.http,
		Logger:       nil, // its default logger writes to stderr, over the screen
		RetryMax:     retryMax(c.cfg.MaxRetries, r.once),
		RetryWaitMin: c.cfg.BackoffFactor,
		RetryWaitMax: c.cfg.BackoffMax,
		CheckRetry:   st.check,
		Backoff:      st.backoff,
		// Hand back the last response or error as is, so exhausted retries
		// still produce a typed error from the real status and body.
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	resp, err := rc.Do(req)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("%s: %w", r.op, ctxErr)
		}
		return nil, c.transportError(r.op, err, st.retries)
	}
	return resp, nil
}
