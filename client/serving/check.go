// Package serving checks an MLflow scoring server (`mlflow models serve`, or
// the same server in a container): is it up, which MLflow it runs, how fast it
// answers, and what it predicts for a model's own input example.
package serving

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Options say what to check.
type Options struct {
	// Example is the /invocations body (serving_input_example.json); nil
	// skips the call.
	Example []byte
	// Pings is how many /health requests time the latency (default 5).
	Pings int
	// Timeout bounds each request (default 10 s).
	Timeout time.Duration
	// HTTP is the client to use (default: a fresh one without proxies'
	// redirects to login pages followed silently).
	HTTP *http.Client
}

// Report is what one check found.
type Report struct {
	URL string

	Healthy      bool
	HealthPath   string // /health, or /ping when /health is not there
	HealthStatus int
	HealthErr    string // why it is not healthy

	Version string // /version's body: the MLflow version serving the model

	Latencies []time.Duration // of the /health requests that answered
	P50       time.Duration

	Invoked      bool   // an /invocations call was made
	Request      []byte // the body sent
	AnswerStatus int
	Answer       json.RawMessage // "predictions" (or the whole body when it has none)
	AnswerErr    string          // the server's error message verbatim, or what went wrong
}

// OK is true when the endpoint is healthy and, where an example was sent,
// answered it.
func (r Report) OK() bool { return r.Healthy && (!r.Invoked || r.AnswerErr == "") }

// AnswerText is the answer on one line for people: compact JSON with a
// space after each comma, cut at limit bytes. Not sanitised: pass it through
// format.Visible before it reaches a terminal.
func (r Report) AnswerText(limit int) string {
	s := string(r.Answer)
	var v any
	if json.Unmarshal(r.Answer, &v) == nil {
		if c, err := json.Marshal(v); err == nil {
			s = string(c)
		}
	}
	s = strings.ReplaceAll(s, ",", ", ")
	if len(s) > limit {
		s = s[:limit] + "…"
	}
	return s
}

// Check runs the checks against base (http://host:port, perhaps with a path
// prefix). It never fails as a call: what went wrong is in the report.
func Check(ctx context.Context, base string, o Options) (Report, error) {
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Report{}, fmt.Errorf("serving endpoint %q: want http://host:port", base)
	}
	if o.Pings <= 0 {
		o.Pings = 5
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	hc := o.HTTP
	if hc == nil {
		hc = &http.Client{
			// A redirect from a scoring endpoint is a login or proxy page: report it.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	c := checker{base: u.String(), hc: hc, timeout: o.Timeout}
	r := Report{URL: c.base}

	r.HealthPath = "/health"
	a, err := c.do(ctx, http.MethodGet, r.HealthPath, nil)
	if err == nil && a.status == http.StatusNotFound {
		// Older scoring servers (and some wrappers) answer only /ping.
		if a2, err2 := c.do(ctx, http.MethodGet, "/ping", nil); err2 == nil && a2.status != http.StatusNotFound {
			r.HealthPath, a = "/ping", a2
		}
	}
	r.HealthStatus = a.status
	switch {
	case err != nil:
		r.HealthErr = err.Error()
		return r, nil
	case a.html:
		r.HealthErr = fmt.Sprintf("%s answered HTTP %d with an HTML page, not a scoring server (a proxy or login page?)", r.HealthPath, a.status)
		return r, nil
	case a.status != http.StatusOK:
		r.HealthErr = fmt.Sprintf("%s answered HTTP %d%s", r.HealthPath, a.status, quoteBody(a.body))
		return r, nil
	}
	r.Healthy = true
	r.Latencies = append(r.Latencies, a.latency)
	for i := 1; i < o.Pings; i++ {
		if a, err := c.do(ctx, http.MethodGet, r.HealthPath, nil); err == nil && a.status == http.StatusOK {
			r.Latencies = append(r.Latencies, a.latency)
		}
	}
	r.P50 = median(r.Latencies)

	if a, err := c.do(ctx, http.MethodGet, "/version", nil); err == nil && a.status == http.StatusOK && !a.html {
		r.Version = strings.Trim(strings.TrimSpace(string(a.body)), `"`)
	}

	if o.Example != nil {
		r.Invoked, r.Request = true, o.Example
		a, err := c.do(ctx, http.MethodPost, "/invocations", o.Example)
		r.AnswerStatus = a.status
		switch {
		case err != nil:
			r.AnswerErr = err.Error()
		case a.html:
			r.AnswerErr = fmt.Sprintf("/invocations answered HTTP %d with an HTML page (a proxy or login page?)", a.status)
		case a.status < 200 || a.status > 299:
			r.AnswerErr = serverMessage(a.status, a.body)
		default:
			r.Answer, err = predictions(a.body)
			if err != nil {
				r.AnswerErr = err.Error()
			}
		}
	}
	return r, nil
}

type checker struct {
	base    string
	hc      *http.Client
	timeout time.Duration
}

// bodyLimit bounds what is read of an answer: predictions for an input
// example are small; a scoring server streaming megabytes is reported cut.
const bodyLimit = 4 << 20

// answer is one response, read whole (up to bodyLimit).
type answer struct {
	status  int
	body    []byte
	latency time.Duration
	html    bool // an HTML page: by its content type or its first bytes
}

func (c checker) do(ctx context.Context, method, path string, body []byte) (answer, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return answer{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		return answer{}, describe(path, c.base, c.timeout, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, bodyLimit+1))
	a := answer{status: resp.StatusCode, latency: time.Since(start)}
	if err != nil {
		return a, describe(path, c.base, c.timeout, err)
	}
	if len(b) > bodyLimit {
		return a, fmt.Errorf("%s answered more than %d MiB: not reading it", path, bodyLimit>>20)
	}
	a.body = b
	a.html = isHTMLType(resp.Header.Get("Content-Type")) || isHTMLBody(b)
	return a, nil
}

// describe turns a transport error into one line a person can act on.
func describe(path, base string, timeout time.Duration, err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return fmt.Errorf("%s: no answer within %s", path, timeout)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("%s: cancelled", path)
	case strings.Contains(err.Error(), "connection refused"):
		return fmt.Errorf("%s: nothing is listening at %s (connection refused): is the scoring server running?", path, base)
	}
	return fmt.Errorf("%s: %w", path, err)
}

func isHTMLType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}

func isHTMLBody(b []byte) bool {
	t := bytes.ToLower(bytes.TrimSpace(b))
	return bytes.HasPrefix(t, []byte("<!doctype html")) || bytes.HasPrefix(t, []byte("<html"))
}

// quoteBody is ": <first line of body>" for a short non-empty body.
func quoteBody(b []byte) string {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return ""
	}
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return ": " + s
}

// serverMessage is the scoring server's own error: MLflow answers
// {"error_code": …, "message": …}; the message is kept verbatim.
func serverMessage(status int, body []byte) string {
	var e struct {
		Code    string `json:"error_code"`
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &e) == nil && e.Message != "" {
		if e.Code != "" {
			return fmt.Sprintf("HTTP %d %s: %s", status, e.Code, e.Message)
		}
		return fmt.Sprintf("HTTP %d: %s", status, e.Message)
	}
	return fmt.Sprintf("HTTP %d%s", status, quoteBody(body))
}

// predictions is the answer's "predictions" (MLflow 2 and 3), or the whole
// JSON body for servers that answer a bare list.
func predictions(body []byte) (json.RawMessage, error) {
	if !json.Valid(body) {
		return nil, fmt.Errorf("/invocations answered with something that is not JSON%s", quoteBody(body))
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) == nil {
		if p, ok := obj["predictions"]; ok {
			return p, nil
		}
	}
	return json.RawMessage(body), nil
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
