package rest

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"syscall"
	"unicode/utf8"

	"mltui/client"
)

// kindForCode maps MLflow's error_code (databricks.proto ErrorCode names).
func kindForCode(code string, status int) client.ErrorKind {
	switch code {
	case "RESOURCE_DOES_NOT_EXIST", "NOT_FOUND", "ENDPOINT_NOT_FOUND", "FEATURE_DISABLED":
		return client.KindNotFound
	case "INVALID_PARAMETER_VALUE", "BAD_REQUEST", "MALFORMED_REQUEST", "INVALID_STATE", "INVALID_STATE_TRANSITION", "MAX_LIST_SIZE_EXCEEDED", "MAX_BLOCK_SIZE_EXCEEDED", "MAX_READ_SIZE_EXCEEDED", "DRY_RUN_FAILED":
		return client.KindInvalidParameter
	case "RESOURCE_ALREADY_EXISTS", "ALREADY_EXISTS":
		return client.KindAlreadyExists
	case "PERMISSION_DENIED", "CUSTOMER_UNAUTHORIZED":
		return client.KindPermissionDenied
	case "UNAUTHENTICATED":
		return client.KindUnauthenticated
	case "REQUEST_LIMIT_EXCEEDED", "RESOURCE_EXHAUSTED":
		return client.KindRateLimited
	case "TEMPORARILY_UNAVAILABLE", "SERVICE_UNDER_MAINTENANCE", "DEADLINE_EXCEEDED", "IO_ERROR":
		return client.KindUnavailable
	case "RESOURCE_CONFLICT", "ABORTED":
		return client.KindConflict
	case "INTERNAL_ERROR":
		return client.KindInternal
	}
	return kindForStatus(status)
}

func kindForStatus(status int) client.ErrorKind {
	switch {
	case status == http.StatusBadRequest:
		return client.KindInvalidParameter
	case status == http.StatusUnauthorized:
		return client.KindUnauthenticated
	case status == http.StatusForbidden:
		return client.KindPermissionDenied
	case status == http.StatusNotFound:
		return client.KindNotFound
	case status == http.StatusConflict:
		return client.KindAlreadyExists
	case status == http.StatusTooManyRequests:
		return client.KindRateLimited
	case status == http.StatusInternalServerError:
		return client.KindInternal
	case status >= 500:
		return client.KindUnavailable
	}
	return client.KindUnknown
}

// mlflowError is MLflow's JSON error body.
type mlflowError struct {
	ErrorCode string `json:"error_code"`
	Message   string `json:"message"`
	Detail    any    `json:"detail"` // FastAPI's shape, for routes MLflow does not own
}

// statusError turns a non-2xx response into a typed error. MLflow's own JSON
// errors map by code; anything else (plain text from the auth app, HTML
// from a proxy, an empty 404) maps by status with a short cleaned snippet.
func (c *Client) statusError(op string, resp *http.Response, body []byte) *client.Error {
	status := resp.StatusCode
	e := &client.Error{Op: op, Status: status}
	trimmed := bytes.TrimSpace(body)
	var me mlflowError
	if len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &me) == nil && me.ErrorCode != "" {
		e.Kind = kindForCode(me.ErrorCode, status)
		e.Code = me.ErrorCode
		e.Message = c.scrub.clean(me.Message)
		if e.Kind == client.KindUnauthenticated {
			e.Message = joinMsg(e.Message, c.authHint(resp))
		}
		return e
	}

	text := c.plainText(trimmed, me)
	isHTML := looksHTML(trimmed)
	if isHTML {
		e.Snippet = c.snippet(trimmed)
	}
	switch {
	case status == http.StatusUnauthorized:
		e.Kind = client.KindUnauthenticated
		e.Message = c.authHint(resp)
		if isHTML {
			e.Message = "a proxy asked for a login (HTML page); " + e.Message
		}
	case status == http.StatusForbidden:
		e.Kind = client.KindPermissionDenied
		e.Message = firstNonEmpty(text, "the server refused the request")
		if c.cfg.Auth == AuthNone {
			e.Message += " (no credentials were sent)"
		}
	case status == http.StatusNotFound:
		// MLflow answers a missing resource with a JSON error_code; a bare
		// 404 means no MLflow API lives at this path.
		e.Kind = client.KindNotMLflow
		e.Message = "no MLflow API at " + c.cfg.BaseURL + " (wrong URL prefix?)"
		if !isHTML && text != "" {
			e.Snippet = c.snippet(trimmed)
		}
	case status == http.StatusTooManyRequests:
		e.Kind = client.KindRateLimited
		e.Message = firstNonEmpty(text, "too many requests; try again shortly")
	case status >= 300 && status < 400:
		e.Kind = client.KindNotMLflow
		loc := Redact(resp.Header.Get("Location"))
		e.Message = "the server redirected to " + firstNonEmpty(loc, "another address")
		if !c.cfg.AllowRedirects {
			e.Message += " and MLFLOW_ALLOW_HTTP_REDIRECTS is off"
		}
	case status == http.StatusInternalServerError:
		e.Kind = client.KindInternal
		e.Message = firstNonEmpty(text, "the server failed")
	case status >= 500 || status == http.StatusRequestTimeout:
		e.Kind = client.KindUnavailable
		e.Message = firstNonEmpty(text, http.StatusText(status))
		if isHTML {
			e.Message = "a proxy says the server is unavailable (" + http.StatusText(status) + ")"
		}
	case isHTML:
		e.Kind = client.KindNotMLflow
		e.Message = "got an HTML page instead of an MLflow error"
	case status == http.StatusBadRequest:
		e.Kind = client.KindInvalidParameter
		e.Message = firstNonEmpty(text, "the server rejected the request")
	default:
		e.Kind = client.KindUnknown
		e.Message = firstNonEmpty(text, http.StatusText(status))
	}
	return e
}

// plainText is a short message from a non-MLflow body: FastAPI's detail or
// a JSON message, else the body itself when it is short plain text.
func (c *Client) plainText(body []byte, me mlflowError) string {
	if me.Message != "" {
		return c.scrub.clean(truncate(me.Message, 300))
	}
	if s, ok := me.Detail.(string); ok && s != "" {
		return c.scrub.clean(truncate(s, 300))
	}
	if len(body) == 0 || looksHTML(body) || body[0] == '{' || body[0] == '[' {
		return ""
	}
	if !utf8.Valid(body) {
		return ""
	}
	return c.scrub.clean(truncate(strings.Join(strings.Fields(string(body)), " "), 300))
}

// authHint says which credentials to set, from what the server asked for.
func (c *Client) authHint(resp *http.Response) string {
	scheme := strings.ToLower(resp.Header.Get("WWW-Authenticate"))
	switch {
	case c.cfg.Auth != AuthNone:
		return fmt.Sprintf("the server rejected the %s credentials from %s", c.cfg.Auth, c.cfg.AuthSource)
	case strings.HasPrefix(scheme, "bearer"):
		return "the server wants a token: set MLFLOW_TRACKING_TOKEN"
	default:
		return "the server wants credentials: set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or ~/.mlflow/credentials)"
	}
}

func joinMsg(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

var (
	htmlDrop = regexp.MustCompile(`(?is)<(script|style|head)\b.*?</(script|style|head)\s*>|<!--.*?-->`)
	htmlTag  = regexp.MustCompile(`(?s)<[^>]*>`)
	htmlHead = regexp.MustCompile(`(?i)^\s*(<!doctype\s+html|<html|<head|<body|<title|<!--|<\?xml|<div|<p>|<h1|<center)`)
	titleRe  = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
)

func looksHTML(b []byte) bool { return htmlHead.Match(b) }

// snippetMax bounds the cleaned text shown from a foreign response.
const snippetMax = 120

// snippet is the first visible text of a body: tags, scripts and styles
// removed (an HTML page's title first), entities decoded, whitespace
// collapsed, secrets scrubbed, at most 120 characters.
func (c *Client) snippet(b []byte) string {
	if !utf8.Valid(b) {
		b = bytes.ToValidUTF8(b, []byte("?"))
	}
	s := string(b)
	title := ""
	if m := titleRe.FindStringSubmatch(s); m != nil {
		title = strings.TrimSpace(html.UnescapeString(htmlTag.ReplaceAllString(m[1], " ")))
	}
	s = htmlDrop.ReplaceAllString(s, " ")
	s = htmlTag.ReplaceAllString(s, " ")
	s = html.UnescapeString(s)
	s = strings.Join(strings.Fields(s), " ")
	if title != "" && !strings.HasPrefix(s, title) {
		s = strings.TrimSpace(title + " — " + s)
	}
	return truncate(c.scrub.clean(s), snippetMax)
}

// truncate cuts s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// transportError explains a failure to get any response: it names host:port
// (never user info) and says what to check.
func (c *Client) transportError(op string, err error, retries int) *client.Error {
	msg := c.transportMessage(err)
	if retries > 0 {
		msg += fmt.Sprintf(" (gave up after %d retries)", retries)
	}
	return &client.Error{Kind: client.KindUnavailable, Op: op, Message: c.scrub.clean(msg), Err: err}
}

func (c *Client) transportMessage(err error) string {
	var (
		dnsErr   *net.DNSError
		unknown  x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		invalid  x509.CertificateInvalidError
		verifErr *tls.CertificateVerificationError
		recErr   tls.RecordHeaderError
		netErr   net.Error
	)
	hp := c.hostport
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot resolve host %s (DNS): check the tracking URI", dnsErr.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("connection refused by %s: is the MLflow server running there?", hp)
	case errors.As(err, &unknown), errors.As(err, &verifErr), errors.As(err, &invalid):
		return fmt.Sprintf("the TLS certificate of %s is not trusted: set MLFLOW_TRACKING_SERVER_CERT_PATH to its CA bundle (or MLFLOW_TRACKING_INSECURE_TLS=true to skip the check)", hp)
	case errors.As(err, &hostErr):
		return fmt.Sprintf("the TLS certificate of %s is for another host name", hp)
	case errors.As(err, &recErr), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return fmt.Sprintf("%s does not speak TLS: use http:// instead of https://?", hp)
	case errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Sprintf("no answer from %s within %s (MLFLOW_HTTP_REQUEST_TIMEOUT)", hp, c.cfg.Timeout)
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Sprintf("%s closed the connection", hp)
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return fmt.Sprintf("no route to %s", hp)
	}
	return fmt.Sprintf("cannot reach %s: %s", hp, innermost(err))
}

// transportReason is a short cause for retry events.
func transportReason(err error) string {
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed"
	case errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	}
	return "network error"
}

// innermost is the deepest wrapped error's text: it drops the URL that
// *url.Error adds, which is long and says nothing new.
func innermost(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}
