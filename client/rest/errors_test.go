package rest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"mltui/client"
)

var proxyLogin = `<!DOCTYPE html>
<html><head><title>Sign in &middot; Corp SSO</title><style>body{color:red}</style>
<script>var x = "` + testPassword + `";</script></head>
<body><div class="box"><h1>Please sign in</h1><p>Your session for alice has expired &amp; must be renewed.
` + strings.Repeat("More text. ", 40) + `</p></div></body></html>`

func TestErrorMapping(t *testing.T) {
	cases := []struct {
		name    string
		h       func() *scripted
		kind    client.ErrorKind
		status  int
		code    string
		msgHas  string
		snippet string // prefix of the snippet, "" for none
		noAuth  bool
	}{
		{name: "json not found", kind: client.KindNotFound, status: 404, code: "RESOURCE_DOES_NOT_EXIST", msgHas: "Run 'x' not found",
			h: func() *scripted {
				return newScripted(t, jsonReply(404, `{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Run 'x' not found"}`))
			}},
		{name: "json invalid filter", kind: client.KindInvalidParameter, status: 400, code: "INVALID_PARAMETER_VALUE", msgHas: "Invalid clause",
			h: func() *scripted {
				return newScripted(t, jsonReply(400, `{"error_code":"INVALID_PARAMETER_VALUE","message":"Invalid clause(s) in filter string"}`))
			}},
		{name: "already exists is 400", kind: client.KindAlreadyExists, status: 400, code: "RESOURCE_ALREADY_EXISTS",
			h: func() *scripted {
				return newScripted(t, jsonReply(400, `{"error_code":"RESOURCE_ALREADY_EXISTS","message":"exists"}`))
			}},
		{name: "json permission denied", kind: client.KindPermissionDenied, status: 403, code: "PERMISSION_DENIED",
			h: func() *scripted {
				return newScripted(t, jsonReply(403, `{"error_code":"PERMISSION_DENIED","message":"Permission denied"}`))
			}},
		{name: "json internal", kind: client.KindInternal, status: 500, code: "INTERNAL_ERROR", msgHas: "boom",
			h: func() *scripted {
				return newScripted(t, jsonReply(500, `{"error_code":"INTERNAL_ERROR","message":"boom"}`))
			}},
		{name: "plain 401 basic auth", kind: client.KindUnauthenticated, status: 401, msgHas: "MLFLOW_TRACKING_USERNAME",
			h: func() *scripted {
				return newScripted(t, reply(401, "text/plain", "You are not authenticated. Please see the docs.", "WWW-Authenticate", `Basic realm="mlflow"`))
			}},
		{name: "plain 401 bearer", kind: client.KindUnauthenticated, status: 401, msgHas: "MLFLOW_TRACKING_TOKEN", noAuth: true,
			h: func() *scripted { return newScripted(t, reply(401, "", "", "WWW-Authenticate", `Bearer`)) }},
		{name: "401 with credentials", kind: client.KindUnauthenticated, status: 401, msgHas: "rejected the basic credentials from MLFLOW_TRACKING_USERNAME/PASSWORD",
			h: func() *scripted {
				return newScripted(t, reply(401, "text/plain", "Unauthorized", "WWW-Authenticate", `Basic realm="mlflow"`))
			}},
		{name: "plain 401 no credentials", kind: client.KindUnauthenticated, status: 401, msgHas: "set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD", noAuth: true,
			h: func() *scripted {
				return newScripted(t, reply(401, "text/plain", "Unauthorized", "WWW-Authenticate", `Basic realm="mlflow"`))
			}},
		{name: "plain 403", kind: client.KindPermissionDenied, status: 403, msgHas: "Permission denied",
			h: func() *scripted { return newScripted(t, reply(403, "text/plain", "Permission denied")) }},
		{name: "html 200", kind: client.KindNotMLflow, status: 200, msgHas: "HTML", snippet: "Sign in · Corp SSO — Please sign in",
			h: func() *scripted { return newScripted(t, reply(200, "text/html", proxyLogin)) }},
		{name: "html 401", kind: client.KindUnauthenticated, status: 401, msgHas: "proxy", snippet: "Sign in · Corp SSO",
			h: func() *scripted { return newScripted(t, reply(401, "text/html", proxyLogin)) }},
		{name: "html 403", kind: client.KindPermissionDenied, status: 403, snippet: "403 Forbidden",
			h: func() *scripted {
				return newScripted(t, reply(403, "text/html", "<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>"))
			}},
		{name: "html 502", kind: client.KindUnavailable, status: 502, msgHas: "proxy", snippet: "502 Bad Gateway",
			h: func() *scripted {
				return newScripted(t, reply(502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"))
			}},
		{name: "empty 404", kind: client.KindNotMLflow, status: 404, msgHas: "wrong URL prefix?",
			h: func() *scripted { return newScripted(t, reply(404, "", "")) }},
		{name: "html 404", kind: client.KindNotMLflow, status: 404, msgHas: "wrong URL prefix?", snippet: "404 Not Found",
			h: func() *scripted {
				return newScripted(t, reply(404, "text/html", "<!doctype html><html><title>404 Not Found</title><h1>Not Found</h1></html>"))
			}},
		{name: "fastapi 404", kind: client.KindNotMLflow, status: 404, msgHas: "wrong URL prefix?",
			h: func() *scripted { return newScripted(t, jsonReply(404, `{"detail":"Not Found"}`)) }},
		{name: "plain 200", kind: client.KindNotMLflow, status: 200, msgHas: "plain text", snippet: "hello world",
			h: func() *scripted { return newScripted(t, reply(200, "text/plain", "hello world")) }},
		{name: "empty 200", kind: client.KindNotMLflow, status: 200, msgHas: "empty",
			h: func() *scripted { return newScripted(t, reply(200, "application/json", "")) }},
		{name: "429 after retries", kind: client.KindRateLimited, status: 429, code: "REQUEST_LIMIT_EXCEEDED",
			h: func() *scripted {
				return newScripted(t, jsonReply(429, `{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"quota"}`))
			}},
		{name: "503 plain", kind: client.KindUnavailable, status: 503, msgHas: "maintenance",
			h: func() *scripted { return newScripted(t, reply(503, "text/plain", "down for maintenance")) }},
		{name: "truncated json", kind: client.KindUnavailable, status: 200, msgHas: "cut short",
			h: func() *scripted { return newScripted(t, jsonReply(200, `{"run":{"info":{"run_id":"ab`)) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := tc.h()
			auth := withBasic
			if tc.noAuth {
				auth = func(*Config) {}
			}
			c := testClient(t, srv.URL+"/prefix", auth, func(c *Config) { c.MaxRetries = 1 })
			_, err := c.GetRun(context.Background(), "x")
			var ce *client.Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v (%T), want *client.Error", err, err)
			}
			if ce.Kind != tc.kind || ce.Status != tc.status || ce.Code != tc.code || ce.Op != "runs/get" {
				t.Fatalf("got kind=%s status=%d code=%q op=%q: %v", ce.Kind, ce.Status, ce.Code, ce.Op, err)
			}
			if tc.msgHas != "" && !strings.Contains(ce.Message, tc.msgHas) {
				t.Errorf("message %q lacks %q", ce.Message, tc.msgHas)
			}
			if tc.snippet == "" && ce.Snippet != "" && tc.status != 404 {
				t.Errorf("unexpected snippet %q", ce.Snippet)
			}
			if tc.snippet != "" && !strings.HasPrefix(ce.Snippet, tc.snippet) {
				t.Errorf("snippet %q, want prefix %q", ce.Snippet, tc.snippet)
			}
			if n := utf8.RuneCountInString(ce.Snippet); n > snippetMax {
				t.Errorf("snippet has %d runes", n)
			}
			if strings.ContainsAny(ce.Snippet, "<>") {
				t.Errorf("snippet keeps tags: %q", ce.Snippet)
			}
			assertNoSecrets(t, err.Error(), ce.Snippet, ce.Message)
		})
	}
}

func TestErrorsNeverHoldSecrets(t *testing.T) {
	// A hostile or buggy proxy echoes the Authorization header and the
	// password back in every kind of body.
	for mutate, echo := range map[*func(*Config)]string{
		ptr(withBasic): "Authorization: Basic " + basicValue("alice", testPassword) + " password=" + testPassword,
		ptr(withToken): "Authorization: Bearer " + testToken,
	} {
		checkNoEcho(t, *mutate, echo)
	}
}

func ptr[T any](v T) *T { return &v }

func checkNoEcho(t *testing.T, mutate func(*Config), echo string) {
	bodies := []func() *scripted{
		func() *scripted { return newScripted(t, reply(401, "text/plain", echo)) },
		func() *scripted { return newScripted(t, reply(403, "text/plain", echo)) },
		func() *scripted {
			return newScripted(t, reply(200, "text/html", "<html><title>"+echo+"</title></html>"))
		},
		func() *scripted { return newScripted(t, reply(400, "text/plain", echo)) },
		func() *scripted {
			return newScripted(t, jsonReply(400, `{"error_code":"BAD_REQUEST","message":"`+echo+`"}`))
		},
		func() *scripted { return newScripted(t, reply(404, "text/plain", echo)) },
		func() *scripted { return newScripted(t, reply(500, "text/plain", echo)) },
	}
	for _, b := range bodies {
		srv := b()
		c := testClient(t, srv.URL, mutate, func(c *Config) { c.MaxRetries = 0 })
		_, err := c.GetRun(context.Background(), "x")
		if err == nil {
			t.Fatal("want an error")
		}
		var ce *client.Error
		errors.As(err, &ce)
		if !strings.Contains(err.Error(), "***") && ce.Status != 404 && ce.Status != 401 {
			t.Errorf("the echoed secret should show as *** in %q", err.Error())
		}
		assertNoSecrets(t, err.Error(), ce.Snippet, ce.Message, c.Config().String())
	}
}

func TestSnippetCleaning(t *testing.T) {
	c := testClient(t, "http://h")
	got := c.snippet([]byte("<html><head><script>alert(1)</script></head><body><p>a&lt;b&gt;   c</p>\n\n<!-- note --></body></html>"))
	if got != "a<b> c" {
		t.Fatalf("snippet %q", got)
	}
	long := c.snippet([]byte(strings.Repeat("é", 300)))
	if utf8.RuneCountInString(long) != snippetMax || !strings.HasSuffix(long, "…") {
		t.Fatalf("long snippet %q", long)
	}
}

func TestTransportErrorNamesHostNotCredentials(t *testing.T) {
	cfg, err := ConfigFromEnv("http://alice:"+testPassword+"@no-such-host.invalid:5000/p", envMap(nil), "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxRetries = 0
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetRun(context.Background(), "r")
	if client.KindOf(err) != client.KindUnavailable || !strings.Contains(err.Error(), "no-such-host.invalid") {
		t.Fatalf("err = %v", err)
	}
	assertNoSecrets(t, err.Error())
}
